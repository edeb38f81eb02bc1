package io.queryhound.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * SIGTERM while queries are in flight: the JVM exits (it does not hang in QueryHound's shutdown
 * hook) and the summary is written, complete lines only. Proven on {@link SigtermMain} in a JVM of
 * its own; {@code Process.destroy()} sends SIGTERM on Linux and macOS.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroy() is not SIGTERM on Windows")
@Tag("reliability")
class SigtermShutdownTest {

    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void sigtermWithQueriesInFlightExitsAndWritesTheSummary(@TempDir Path dir) throws Exception {
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dqueryhound.output=stdout", "-Dqueryhound.statsIntervalSeconds=3600",
                SigtermMain.class.getName())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("QUERYHOUND_"));
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!Files.readString(stderr, StandardCharsets.UTF_8).contains(SigtermMain.BUSY)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    fail("the child never got busy:%n%s", Files.readString(stderr, StandardCharsets.UTF_8));
                }
                Thread.sleep(20);
            }
            long signalled = System.nanoTime();
            process.destroy(); // SIGTERM
            boolean exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            double exitMillis = (System.nanoTime() - signalled) / 1e6;
            assertThat(exited).as("the JVM exits after SIGTERM, queries in flight").isTrue();
            assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM's own exit on the signal

            ObjectMapper json = new ObjectMapper();
            List<JsonNode> summaries = new ArrayList<>();
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                JsonNode node = json.readTree(line); // every line complete and valid
                if ("summary".equals(node.path("period").asText()) && "statistics".equals(node.path("record").asText())) {
                    summaries.add(node);
                }
            }
            String lookupId = SqlFingerprint.of(SigtermMain.LOOKUP, SqlDialect.H2).id();
            JsonNode lookup = summaries.stream().filter(s -> lookupId.equals(s.path("fingerprint").asText()))
                    .findFirst().orElse(null);
            assertThat(lookup).as("the lookup's summary in%n%s", Files.readString(stdout, StandardCharsets.UTF_8))
                    .isNotNull();
            assertThat(lookup.get("count").asLong()).isGreaterThanOrEqualTo(2_000);
            System.out.printf(Locale.ROOT, "[reliability] SIGTERM with 4 threads querying: exited in %.0f ms (code 143),"
                    + " summary written: %d lookups counted%n", exitMillis, lookup.get("count").asLong());
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
