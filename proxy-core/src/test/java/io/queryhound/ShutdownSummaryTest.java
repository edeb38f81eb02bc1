package io.queryhound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * An application that never calls {@code QueryHound.close()} still gets its summary: the JVM's
 * shutdown hook writes it. Proven in a separate JVM running {@link ShutdownSummaryMain}.
 */
class ShutdownSummaryTest {

    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void returningFromMainWritesASummaryLinePerStatement(@TempDir Path dir) throws Exception {
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dqueryhound.output=stdout",
                "-Dqueryhound.statsIntervalSeconds=3600",
                "-Dqueryhound.enabled=true",
                ShutdownSummaryMain.class.getName())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        // The child's settings come from its command line only.
        builder.environment().keySet().removeIf(name -> name.startsWith("QUERYHOUND_"));

        Process process = builder.start();
        boolean exited;
        try {
            exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        String report = "\nchild stdout:\n" + out + "\nchild stderr:\n" + err;
        if (!exited) {
            fail("Expecting the child JVM to exit within " + TIMEOUT_SECONDS + " s, but it did not." + report);
        }
        assertThat(process.exitValue()).as("%s", "child exit code" + report).isZero();
        assertThat(err).as("the workload ran to its end").contains("workload finished");

        List<JsonNode> records = parse(out, report);
        List<JsonNode> summaries = records.stream()
                .filter(r -> "summary".equals(r.path("period").textValue()))
                .collect(Collectors.toList());
        assertThat(summaries).as("%s", "summary lines" + report).hasSize(3);

        JsonNode select = summaryOf(summaries, ShutdownSummaryMain.SELECT, report);
        assertThat(select.get("count").longValue()).isEqualTo(ShutdownSummaryMain.SELECTS);
        assertThat(select.get("rows").longValue())
                .isEqualTo((long) ShutdownSummaryMain.SELECTS * ShutdownSummaryMain.ROWS_PER_SELECT);
        assertThat(select.get("errors").longValue()).isZero();
        assertThat(select.get("statementType").textValue()).isEqualTo("SELECT");

        JsonNode insert = summaryOf(summaries, ShutdownSummaryMain.INSERT, report);
        assertThat(insert.get("count").longValue())
                .isEqualTo(ShutdownSummaryMain.INSERTS + ShutdownSummaryMain.FAILED_INSERTS);
        assertThat(insert.get("errors").longValue()).isEqualTo(ShutdownSummaryMain.FAILED_INSERTS);
        assertThat(insert.get("statementType").textValue()).isEqualTo("INSERT");

        JsonNode update = summaryOf(summaries, ShutdownSummaryMain.UPDATE, report);
        assertThat(update.get("count").longValue()).as("executeBatch counts once").isEqualTo(1);
        assertThat(update.get("batchedStatements").longValue()).isEqualTo(ShutdownSummaryMain.BATCH_SIZE);
        assertThat(update.get("statementType").textValue()).isEqualTo("UPDATE");

        for (JsonNode summary : summaries) {
            assertThat(summary.get("schema").intValue()).isEqualTo(StatementStatistics.SCHEMA);
            assertThat(summary.get("record").textValue()).isEqualTo("statistics");
        }
    }

    private static JsonNode summaryOf(List<JsonNode> summaries, String sql, String report) {
        String id = SqlFingerprint.of(sql, SqlDialect.H2).id();
        List<JsonNode> matching = summaries.stream()
                .filter(r -> id.equals(r.path("fingerprint").textValue()))
                .collect(Collectors.toList());
        assertThat(matching).as("%s", "summary lines of " + sql + " (" + id + ")" + report).hasSize(1);
        return matching.get(0);
    }

    /** Every line of the child's stdout is one JSON object: QueryHound is the only writer. */
    private static List<JsonNode> parse(String out, String report) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.split("\\R")) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = json.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                records.add(node);
            } catch (IOException e) {
                throw new AssertionError("Expecting every stdout line to be JSON, but got: " + line
                        + report, e);
            }
        }
        return records;
    }
}
