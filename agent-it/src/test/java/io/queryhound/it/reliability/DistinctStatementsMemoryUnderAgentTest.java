package io.queryhound.it.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.it.ChildRun;
import io.queryhound.it.apps.reliability.DistinctStatementsApp;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million distinct SQL statements under the agent: what the JVM retains afterwards, measured in the child with
 * the memory MXBean after collections, stays under {@link #BOUND_BYTES} (H2's share included), because the agent
 * keeps statistics for at most {@code maxStatements} of them and counts the rest in one overflow entry. No run
 * without the agent: H2 keeps nothing per statement it has run, so it could only make the figure smaller.
 */
class DistinctStatementsMemoryUnderAgentTest {

    /** The documented bound for this workload. */
    private static final long BOUND_BYTES = 64L * 1024 * 1024;
    private static final int MAX_STATEMENTS = 1000; // the default of maxStatements

    @Test
    void aMillionDistinctStatementsRetainABoundedAmount() {
        ChildRun run = MemoryRuns.distinctStatements().assertExitedNormally();
        run.verify(() -> {
            long retained = MemoryRuns.retainedBytes(run);
            Map<String, JsonNode> summaries = run.summaryStatistics();
            long counted = summaries.values().stream().mapToLong(s -> s.path("count").asLong()).sum();
            System.out.printf(Locale.ROOT, "[reliability] under the agent: %,d distinct statements in %.1f s: %.1f MB"
                    + " retained after GC (bound %d MB); %d summary records, %,d executions counted%n",
                    DistinctStatementsApp.STATEMENTS, MemoryRuns.workloadSeconds(run), retained / 1e6,
                    BOUND_BYTES / (1024 * 1024), summaries.size(), counted);
            assertThat(retained).as("bytes retained").isLessThan(BOUND_BYTES);
            assertThat(counted).as("executions in the summary, the overflow entry's included")
                    .isEqualTo(DistinctStatementsApp.STATEMENTS);
            assertThat(summaries).as("summary records: one per tracked statement and the overflow entry")
                    .hasSizeLessThanOrEqualTo(MAX_STATEMENTS + 1);
        });
    }
}
