package io.queryhound.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's smoke run of the packaged benchmarks jar ({@code --smoke}: one short iteration per benchmark, each
 * variant in its own fork, the agents attached with {@code -javaagent}). It shows that every workload runs with
 * every variant and that the report has each of them; it measures nothing (timings are never asserted).
 */
class BenchmarksSmokeTest {

    @Test
    void everyWorkloadRunsWithEveryVariantAndIsReported() throws Exception {
        Path jar = Path.of(System.getProperty("benchmarks.jar", "target/benchmarks.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged benchmarks jar").isRegularFile();
        Path report = jar.resolveSibling("smoke-results.md");
        Files.deleteIfExists(report);
        Path log = jar.resolveSibling("smoke-run.log");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // JMH refuses to start while another JMH run holds its lock; a smoke run measures nothing, so it may share.
        command.add("-Djmh.ignoreLock=true");
        command.add("-jar");
        command.add(jar.toString());
        command.add("--smoke");
        command.add("--out");
        command.add(report.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("the smoke run ended within 10 minutes; its output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit code of the smoke run; its output:%n%s", output).isZero();

        String text = Files.readString(report, StandardCharsets.UTF_8);
        for (String workload : List.of("primary-key lookup", "the same through HikariCP", "200-row read",
                "100-row executeBatch insert", "plain Statement, inlined literal")) {
            for (Variant variant : Variant.values()) {
                assertThat(text.lines().filter(line -> line.startsWith("| " + workload)
                        && line.contains("| " + variant.label() + " |")))
                        .as("rows of %s with %s in%n%s", workload, variant.label(), text)
                        .singleElement()
                        .satisfies(row -> assertThat(row)
                                .as("a measured row: time, error, ratio, bytes and bytes over raw JDBC").matches(
                                "\\| [^|]+ \\| [^|]+ \\| [0-9,.]+ \\| [0-9,.]+ \\| [0-9.]+ \\| [0-9,.]+ \\| -?[0-9,.]+ \\|"));
            }
        }
        assertThat(text).contains("| fingerprint 200 chars, cached |", "| fingerprint 200 chars, uncached |",
                "| fingerprint 10 KB, uncached |", "| call site under 30 framework frames |",
                "| call site under 120 framework frames |");
        assertThat(text).containsPattern("Memory: 20,000 distinct statements through JDBC; heap in use after a full"
                + " GC [0-9.]+ MB without the agent, [0-9.]+ MB with it");
        // The agents' forks really ran with their agent: each one's start line is in the JMH output.
        assertThat(output).as("the QueryHound agent's start line in the forks' output")
                .contains("[queryhound] agent ");
        assertThat(output).as("the timing-floor agent's start line in the forks' output")
                .contains("[timing-floor] agent installed");
    }
}
