package io.queryhound.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/**
 * One finished child JVM: its exit, its stdout and stderr, and the JSON lines the agent wrote to its output
 * file. Every assertion about a run should put {@link #describe()} in its message, so that a failure shows
 * what the child said.
 */
public final class ChildRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECTION_LIMIT = 12_000;

    private final String name;
    private final List<String> command;
    private final boolean timedOut;
    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final Path outputFile;
    private final Duration elapsed;
    private List<JsonNode> records;

    ChildRun(String name, List<String> command, boolean timedOut, int exitCode, String stdout, String stderr,
            Path outputFile, Duration elapsed) {
        this.name = name;
        this.command = List.copyOf(command);
        this.timedOut = timedOut;
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.outputFile = outputFile;
        this.elapsed = elapsed;
    }

    public String name() {
        return name;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }

    public Path outputFile() {
        return outputFile;
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** Fails unless the child ended by itself, with exit code 0, after printing {@code DONE}. */
    public ChildRun assertExitedNormally() {
        if (timedOut) {
            fail("Expecting the child JVM '%s' to finish, but it was killed after %d s%n%s", name,
                    elapsed.toSeconds(), describe());
        }
        if (exitCode != 0) {
            fail("Expecting the child JVM '%s' to exit with 0, but it exited with %d%n%s", name, exitCode, describe());
        }
        if (!stdout.lines().anyMatch("DONE"::equals)) {
            fail("Expecting the child JVM '%s' to reach the end of main (print DONE), but it did not%n%s", name,
                    describe());
        }
        return this;
    }

    /** The stdout lines {@code "<tag> ..."}, with the tag and its space removed. */
    public List<String> stdoutLines(String tag) {
        String prefix = tag + " ";
        List<String> lines = new ArrayList<>();
        stdout.lines().filter(line -> line.startsWith(prefix)).forEach(line -> lines.add(line.substring(prefix.length())));
        return lines;
    }

    /** The one stdout line {@code "<tag> <value>"}'s value; fails when there is not exactly one. */
    public String stdoutValue(String tag) {
        List<String> values = stdoutLines(tag);
        if (values.size() != 1) {
            fail("Expecting exactly one '%s' line on the child's stdout, but found %d%n%s", tag, values.size(),
                    describe());
        }
        return values.get(0);
    }

    /** The lines the agent wrote to stderr: those that begin with {@code [queryhound]}. */
    public List<String> agentStderrLines() {
        return stderr.lines().filter(line -> line.startsWith("[queryhound]")).toList();
    }

    public boolean outputFileExists() {
        return Files.exists(outputFile);
    }

    /** Every record of the agent's output file (none when the file does not exist); fails on a line that is not JSON. */
    public synchronized List<JsonNode> records() {
        if (records == null) {
            List<JsonNode> parsed = new ArrayList<>();
            if (Files.exists(outputFile)) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(outputFile, StandardCharsets.UTF_8);
                } catch (IOException unreadable) {
                    throw new UncheckedIOException(unreadable);
                }
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        parsed.add(JSON.readTree(line));
                    } catch (IOException notJson) {
                        fail("Expecting every line of %s to be one JSON object, but line %d is not (%s):%n%s%n%s",
                                outputFile, i + 1, notJson.getMessage(), line, describe());
                    }
                }
            }
            records = List.copyOf(parsed);
        }
        return records;
    }

    public List<JsonNode> records(Predicate<JsonNode> filter) {
        return records().stream().filter(filter).toList();
    }

    /** The {@code finding} records of one {@code type}. */
    public List<JsonNode> findings(String type) {
        return records(r -> "finding".equals(text(r, "record")) && type.equals(text(r, "type")));
    }

    /** Every {@code finding} record. */
    public List<JsonNode> findings() {
        return records(r -> "finding".equals(text(r, "record")));
    }

    /** The {@code findingSummary} records of one {@code type}. */
    public List<JsonNode> findingSummaries(String type) {
        return records(r -> "findingSummary".equals(text(r, "record")) && type.equals(text(r, "type")));
    }

    /** The {@code statistics} records of period {@code summary}, by fingerprint; fails on a fingerprint written twice. */
    public Map<String, JsonNode> summaryStatistics() {
        Map<String, JsonNode> byFingerprint = new LinkedHashMap<>();
        for (JsonNode record : records(r -> "statistics".equals(text(r, "record"))
                && "summary".equals(text(r, "period")))) {
            JsonNode previous = byFingerprint.put(text(record, "fingerprint"), record);
            if (previous != null) {
                fail("Expecting one summary statistics record per fingerprint, but %s has two:%n%s%n%s%n%s",
                        text(record, "fingerprint"), previous, record, describe());
            }
        }
        return byFingerprint;
    }

    /** A field's text, or null when the field is absent or JSON null. */
    public static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Assertions about this run. */
    @FunctionalInterface
    public interface Assertions {
        void check() throws Exception;
    }

    /**
     * Runs {@code assertions}; a failure keeps its own message first and gets {@link #describe()} appended, so the
     * reader sees what the child printed and wrote without a debugger.
     */
    public void verify(Assertions assertions) {
        try {
            assertions.check();
        } catch (AssertionError failure) {
            AssertionError described = new AssertionError(failure.getMessage() + "\n" + describe(), failure);
            described.setStackTrace(failure.getStackTrace());
            throw described;
        } catch (RuntimeException | Error unexpected) {
            throw unexpected;
        } catch (Exception unexpected) {
            throw new IllegalStateException(unexpected);
        }
    }

    /** The command, exit, stdout, stderr and the output file's first lines, for failure messages. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("--- child JVM '").append(name).append("' ---\n");
        out.append("command: ").append(String.join(" ", command)).append('\n');
        out.append(timedOut ? "timed out" : "exit code " + exitCode).append(" after ")
                .append(elapsed.toMillis()).append(" ms\n");
        out.append("--- stdout ---\n").append(cut(stdout)).append('\n');
        out.append("--- stderr ---\n").append(cut(stderr)).append('\n');
        out.append("--- ").append(outputFile).append(" ---\n");
        if (Files.exists(outputFile)) {
            try {
                out.append(cut(Files.readString(outputFile, StandardCharsets.UTF_8)));
            } catch (IOException unreadable) {
                out.append("(unreadable: ").append(unreadable).append(')');
            }
        } else {
            out.append("(no such file)");
        }
        return out.append("\n--- end of child JVM '").append(name).append("' ---").toString();
    }

    private static String cut(String text) {
        if (text.length() <= SECTION_LIMIT) {
            return text;
        }
        int half = SECTION_LIMIT / 2;
        return text.substring(0, half) + "\n[... " + (text.length() - SECTION_LIMIT) + " characters left out ...]\n"
                + text.substring(text.length() - half);
    }
}
