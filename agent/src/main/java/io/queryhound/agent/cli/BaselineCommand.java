package io.queryhound.agent.cli;

import io.queryhound.internal.json.JsonReader;
import io.queryhound.internal.json.MalformedJsonException;
import io.queryhound.internal.suppress.Baseline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code baseline write <file.jsonl>...} records the findings of QueryHound output files as a baseline (sorted, no
 * counts, timings or timestamps; see {@link Baseline}), and {@code baseline diff <baseline.json> <file.jsonl>...}
 * says which findings are new, which are no longer seen, and which are unchanged. Suppressed findings are left
 * out of a baseline: they carry their own reason. Lines that are not QueryHound records are skipped, as in
 * {@code summary}.
 */
final class BaselineCommand {

    static final String USAGE = "baseline write <file.jsonl>|- ...  |  baseline diff <baseline.json> <file.jsonl>|- ...";
    /** {@code diff} found new findings: like diff(1), 1 means "different", 2 means trouble. */
    static final int NEW_FINDINGS = 1;

    /** Findings read, by identity, with the SQL of the first line that named them. */
    private final TreeMap<Baseline.Entry, String> found = new TreeMap<>();
    /** Findings written as suppressed: left out even when a summary line names them again. */
    private final Set<Baseline.Entry> suppressed = new HashSet<>();
    private int skippedLines;

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("queryhound baseline: write or diff? usage: java -jar queryhound-agent.jar " + USAGE);
            return Cli.USAGE_ERROR;
        }
        String action = args.get(0);
        List<String> files = args.subList(1, args.size());
        switch (action) {
            case "write":
                return write(files, in, out, err);
            case "diff":
                return diff(files, in, out, err);
            default:
                err.println("queryhound baseline: unknown action '" + action + "'; usage: java -jar queryhound-agent.jar "
                        + USAGE);
                return Cli.USAGE_ERROR;
        }
    }

    private static int write(List<String> files, InputStream in, PrintStream out, PrintStream err) {
        if (files.isEmpty()) {
            err.println("queryhound baseline write: which output files? usage: java -jar queryhound-agent.jar "
                    + "baseline write <file.jsonl>... > queryhound-baseline.json");
            return Cli.USAGE_ERROR;
        }
        BaselineCommand command = new BaselineCommand();
        int code = command.readAll(files, in, err, "baseline write");
        if (code != Cli.OK) {
            return code;
        }
        Baseline baseline = command.baseline();
        out.print(baseline.toJson());
        err.println("queryhound baseline: " + baseline.entries().size() + (baseline.entries().size() == 1 ? " finding"
                : " findings") + " from " + String.join(", ", files) + command.skippedNote());
        return Cli.OK;
    }

    private static int diff(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        if (args.size() < 2) {
            err.println("queryhound baseline diff: usage: java -jar queryhound-agent.jar "
                    + "baseline diff <baseline.json> <file.jsonl>...");
            return Cli.USAGE_ERROR;
        }
        String baselineFile = args.get(0);
        Baseline baseline;
        try {
            baseline = Baseline.parse(Files.readString(Path.of(baselineFile), StandardCharsets.UTF_8));
        } catch (IOException | InvalidPathException e) {
            err.println("queryhound baseline diff: cannot read baseline " + baselineFile + ": " + e);
            return Cli.USAGE_ERROR;
        } catch (IllegalArgumentException e) {
            err.println("queryhound baseline diff: " + baselineFile + " is not a valid baseline: " + e.getMessage());
            return Cli.USAGE_ERROR;
        }
        List<String> files = args.subList(1, args.size());
        BaselineCommand command = new BaselineCommand();
        int code = command.readAll(files, in, err, "baseline diff");
        if (code != Cli.OK) {
            return code;
        }
        Baseline current = command.baseline();
        TreeMap<Baseline.Entry, String> added = new TreeMap<>();
        TreeMap<Baseline.Entry, String> gone = new TreeMap<>();
        TreeMap<Baseline.Entry, String> same = new TreeMap<>();
        for (Baseline.Entry entry : current.entries()) {
            (baseline.entries().contains(entry) ? same : added).put(entry, current.sql(entry));
        }
        for (Baseline.Entry entry : baseline.entries()) {
            if (!current.entries().contains(entry)) {
                gone.put(entry, baseline.sql(entry));
            }
        }
        out.println("Baseline " + baselineFile + " (" + baseline.entries().size() + ") against "
                + String.join(", ", files) + " (" + current.entries().size() + ")" + command.skippedNote());
        section(out, "New", "not in the baseline", '+', added);
        section(out, "Fixed", "in the baseline, not seen in this output: fixed, or not run", '-', gone);
        section(out, "Unchanged", "in both", '=', same);
        return added.isEmpty() ? Cli.OK : NEW_FINDINGS;
    }

    private static void section(PrintStream out, String title, String meaning, char mark,
                                TreeMap<Baseline.Entry, String> entries) {
        out.println();
        out.println(title + " (" + entries.size() + "): " + meaning);
        for (var entry : entries.entrySet()) {
            out.println("  " + mark + " " + entry.getKey().describe());
            if (entry.getValue() != null) {
                out.println("      " + Table.cut(entry.getValue(), SummaryCommand.SQL_WIDTH + 20));
            }
        }
    }

    private int readAll(List<String> files, InputStream in, PrintStream err, String command) {
        for (String file : files) {
            if (file.equals("-")) {
                try {
                    read(in);
                } catch (IOException e) {
                    err.println("queryhound " + command + ": cannot read standard input: " + e.getMessage());
                    return Cli.FAILURE;
                }
                continue;
            }
            Path path;
            try {
                path = Path.of(file);
            } catch (InvalidPathException e) {
                err.println("queryhound " + command + ": not a valid file name: " + file);
                return Cli.USAGE_ERROR;
            }
            if (!Files.isRegularFile(path)) {
                err.println("queryhound " + command + ": no such file: " + path.toAbsolutePath());
                return Cli.USAGE_ERROR;
            }
            try (InputStream stream = Files.newInputStream(path)) {
                read(stream);
            } catch (IOException e) {
                err.println("queryhound " + command + ": cannot read " + path.toAbsolutePath() + ": " + e);
                return Cli.USAGE_ERROR;
            }
        }
        return Cli.OK;
    }

    private void read(InputStream stream) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isBlank()) {
                accept(line);
            }
        }
    }

    private void accept(String line) {
        try {
            RecordLine record = RecordLine.of(JsonReader.parse(line));
            String kind = record.kind();
            if (record.schema() != RecordLine.SCHEMA || !(kind.equals("finding") || kind.equals("findingSummary"))) {
                return; // statistics, and records of another schema: not findings
            }
            Baseline.Entry entry = Baseline.Entry.of(record.text("type"), record.nullableText("fingerprint"),
                    record.nullableText("callSite"), record.nullableText("dataSource"));
            if (kind.equals("finding") && record.bool("suppressed")) {
                suppressed.add(entry);
                return;
            }
            if (found.get(entry) == null) { // absent, or seen without SQL so far
                found.put(entry, record.nullableText("sql"));
            }
        } catch (MalformedJsonException | RecordLine.NotARecordException | IllegalArgumentException e) {
            skippedLines++;
        }
    }

    private Baseline baseline() {
        TreeMap<Baseline.Entry, String> entries = new TreeMap<>(found);
        entries.keySet().removeAll(suppressed);
        return Baseline.of(entries);
    }

    private String skippedNote() {
        return skippedLines == 0 ? "" : " (" + skippedLines + (skippedLines == 1 ? " line" : " lines")
                + " that are not QueryHound findings skipped)";
    }
}
