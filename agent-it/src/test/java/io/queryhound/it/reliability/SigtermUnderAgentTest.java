package io.queryhound.it.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.SqlFingerprint;
import io.queryhound.it.AgentJvm;
import io.queryhound.it.ChildRun;
import io.queryhound.it.Jdk;
import io.queryhound.it.apps.reliability.BusyOrdersApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * SIGTERM under the agent while four threads are running queries: the JVM exits within {@link #EXIT_BOUND_SECONDS}
 * (the agent's shutdown hook does not hold it) and the agent's summary is in its output, every line whole. A normal
 * exit writing the summary is what every other agent test reads (FailingDriverTest, DriverFaultsUnderAgentTest).
 * {@code Process.destroy()} is SIGTERM on Linux and macOS. The library's counterpart is SigtermShutdownTest.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroy() is not SIGTERM on Windows")
class SigtermUnderAgentTest {

    private static final long EXIT_BOUND_SECONDS = 30;
    private static final long BUSY_WAIT_SECONDS = 60;

    /** Nanoseconds from SIGTERM to the JVM's exit, or -1 when it did not exit within the bound, by run name. */
    private static final Map<String, Long> EXIT_NANOS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startRuns() {
        for (Jdk jdk : Jdk.values()) {
            if (ReliabilityRuns.installed(jdk)) {
                ReliabilityRuns.start(name(jdk), run(jdk));
            }
        }
    }

    private static String name(Jdk jdk) {
        return "reliability-BusyOrdersApp-sigterm-" + jdk.name();
    }

    private static Supplier<ChildRun> run(Jdk jdk) {
        return () -> AgentJvm.app(BusyOrdersApp.class).on(jdk).named(name(jdk)).agent("statsIntervalSeconds=3600")
                .timeout(ReliabilityRuns.CHILD_TIMEOUT)
                .whileRunning((child, runDirectory) -> EXIT_NANOS.put(name(jdk), terminateWhenBusy(child, runDirectory)))
                .run();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void sigtermWithQueriesInFlightExitsAndWritesTheSummary(Jdk jdk) {
        jdk.java();
        ChildRun run = ReliabilityRuns.get(name(jdk), run(jdk));
        long exitNanos = EXIT_NANOS.getOrDefault(name(jdk), -1L);
        run.verify(() -> {
            assertThat(exitNanos).as("nanoseconds from SIGTERM to the JVM's exit, -1 if it did not exit within %d s",
                    EXIT_BOUND_SECONDS).isNotNegative();
            assertThat(run.exitCode()).as("exit code: 128 + SIGTERM, the JVM's own exit on the signal").isEqualTo(143);
            JsonNode lookup = run.summaryStatistics().get(SqlFingerprint.of(BusyOrdersApp.LOOKUP).id());
            assertThat(lookup).as("the lookup's summary statistics record").isNotNull();
            assertThat(lookup.path("count").asLong()).as("lookups counted").isGreaterThanOrEqualTo(BusyOrdersApp.BUSY_AFTER);
            assertThat(AgentStderr.agentLinesBesidesBanner(run)).as("the agent's warnings and errors").isEmpty();
            System.out.printf(Locale.ROOT, "[reliability] under the agent on %s: SIGTERM with %d threads querying:"
                    + " exited in %d ms (code 143), summary written: %d lookups counted, %d records, every line whole%n",
                    jdk, BusyOrdersApp.THREADS, TimeUnit.NANOSECONDS.toMillis(exitNanos),
                    lookup.path("count").asLong(), run.records().size());
        });
    }

    /** Waits for the child to be busy, sends SIGTERM, and returns the nanoseconds until it exited, or -1. */
    private static long terminateWhenBusy(Process child, Path runDirectory) throws Exception {
        Path stdout = runDirectory.resolve("stdout.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BUSY_WAIT_SECONDS);
        while (!Files.exists(stdout) || !Files.readString(stdout).contains("BUSY")) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                fail("Expecting the child to get busy, but it %s", child.isAlive() ? "did not within "
                        + BUSY_WAIT_SECONDS + " s" : "ended first");
            }
            Thread.sleep(20);
        }
        long signalled = System.nanoTime();
        child.destroy(); // SIGTERM
        return child.waitFor(EXIT_BOUND_SECONDS, TimeUnit.SECONDS) ? System.nanoTime() - signalled : -1;
    }
}
