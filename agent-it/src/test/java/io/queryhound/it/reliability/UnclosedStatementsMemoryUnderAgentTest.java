package io.queryhound.it.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.SqlFingerprint;
import io.queryhound.it.ChildRun;
import io.queryhound.it.apps.reliability.UnclosedStatementsApp;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements prepared, executed and never closed under the agent, the connection kept open: what the JVM retains
 * afterwards stays under {@link #BOUND_BYTES}, next to what the same application retains without the agent (the
 * driver's own share). The agent remembers each statement's SQL until it closes, by a weak reference, so it must let
 * go of those that never do: a cleanup thread drops the entries of collected statements as the collector reports
 * them. Both figures are asserted: while the application makes no JDBC call (idle after the burst), and after its
 * next statement.
 */
class UnclosedStatementsMemoryUnderAgentTest {

    /** The documented bound for this workload, the same as the library's. */
    private static final long BOUND_BYTES = 8L * 1024 * 1024;

    @Test
    void statementsNeverClosedAreNotKeptByTheAgent() {
        ChildRun run = MemoryRuns.unclosedStatements().assertExitedNormally();
        ChildRun plain = MemoryRuns.unclosedStatementsWithoutAgent().assertExitedNormally();
        run.verify(() -> {
            long retained = MemoryRuns.retainedBytes(run);
            long idle = Long.parseLong(run.stdoutValue("RETAINED_IDLE_BYTES"));
            long bare = MemoryRuns.retainedBytes(plain);
            JsonNode lookup = run.summaryStatistics().get(SqlFingerprint.of("select v from item where id >= ?").id());
            assertThat(lookup).as("the lookup's summary statistics").isNotNull();
            System.out.printf(Locale.ROOT, "[reliability] under the agent: %,d statements and results never closed,"
                    + " connection open, in %.1f s: %.1f MB retained after GC with the agent (%.1f MB while the"
                    + " application was idle before its next statement), %.1f MB without it (bound %d MB); %,d"
                    + " executions counted%n",
                    UnclosedStatementsApp.STATEMENTS, MemoryRuns.workloadSeconds(run), retained / 1e6, idle / 1e6,
                    bare / 1e6, BOUND_BYTES / (1024 * 1024), lookup.path("count").asLong());
            assertThat(retained).as("bytes retained").isLessThan(BOUND_BYTES);
            assertThat(idle).as("bytes retained while idle").isLessThan(BOUND_BYTES);
            assertThat(lookup.path("count").asLong()).as("executions counted").isEqualTo(UnclosedStatementsApp.STATEMENTS);
        });
    }
}
