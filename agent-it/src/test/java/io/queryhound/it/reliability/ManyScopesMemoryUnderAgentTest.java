package io.queryhound.it.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.SqlFingerprint;
import io.queryhound.it.ChildRun;
import io.queryhound.it.apps.reliability.ManyScopesApp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million scopes under the agent, each with one query: half are calls of a method named in {@code scopeMethods}
 * (one name), half are code scopes whose names carry an order number (half a million distinct names, of which the
 * statistics keep a bounded number and count the rest under one overflow name). What the JVM retains afterwards,
 * measured in the child with the memory MXBean after collections, stays under {@link #BOUND_BYTES}, and every scope
 * and query is counted. No run without the agent: without it there are no scopes to measure.
 */
class ManyScopesMemoryUnderAgentTest {

    /** The documented bound for this workload, the same as the library's for a million scopes. */
    private static final long BOUND_BYTES = 32L * 1024 * 1024;
    /** proxy-core's ScopeStatisticsTable.OVERFLOW_NAME: the agent jar relocates proxy-core, so not linked here. */
    private static final String OVERFLOW_NAME = "(scopes beyond 1000 names)";

    @Test
    void aMillionScopesRetainABoundedAmount() {
        ChildRun run = MemoryRuns.manyScopes().assertExitedNormally();
        run.verify(() -> {
            long retained = MemoryRuns.retainedBytes(run);
            List<JsonNode> summaries = run.records(r -> "scopeStatistics".equals(ChildRun.text(r, "record"))
                    && "summary".equals(ChildRun.text(r, "period")));
            List<JsonNode> methodScopes = summaries.stream()
                    .filter(r -> ManyScopesApp.SCOPE_METHOD.equals(ChildRun.text(r, "scope"))).toList();
            List<JsonNode> namedScopes = summaries.stream()
                    .filter(r -> String.valueOf(ChildRun.text(r, "scope")).startsWith(ManyScopesApp.NAMED_SCOPE_PREFIX))
                    .toList();
            List<JsonNode> overflow = summaries.stream()
                    .filter(r -> OVERFLOW_NAME.equals(ChildRun.text(r, "scope"))).toList();
            assertThat(methodScopes).as("the summary of the scopeMethods scopes").hasSize(1);
            assertThat(overflow).as("the summary of the names beyond the bound").hasSize(1);
            long methodCounted = methodScopes.get(0).path("count").asLong();
            long namedCounted = namedScopes.stream().mapToLong(r -> r.path("count").asLong()).sum()
                    + overflow.get(0).path("count").asLong();
            JsonNode lookups = run.summaryStatistics().get(SqlFingerprint.of(ManyScopesApp.LOOKUP).id());
            assertThat(lookups).as("the lookup's summary statistics").isNotNull();
            System.out.printf(Locale.ROOT, "[reliability] under the agent: %,d scopes (half scopeMethods, half code"
                    + " scopes with %,d distinct names; one query each) in %.1f s: %.1f MB retained after GC (bound"
                    + " %d MB); %,d + %,d scopes counted (%,d names kept, the rest as overflow), %,d queries counted%n",
                    ManyScopesApp.SCOPES, ManyScopesApp.SCOPES / 2, MemoryRuns.workloadSeconds(run), retained / 1e6,
                    BOUND_BYTES / (1024 * 1024), methodCounted, namedCounted, namedScopes.size(),
                    lookups.path("count").asLong());
            assertThat(retained).as("bytes retained").isLessThan(BOUND_BYTES);
            assertThat(methodCounted).as("every handleRequest call a scope").isEqualTo(ManyScopesApp.SCOPES / 2);
            assertThat(namedCounted).as("every code scope counted").isEqualTo(ManyScopesApp.SCOPES / 2);
            assertThat(summaries.size()).as("names kept, with the overflow name").isLessThanOrEqualTo(1001);
            assertThat(namedScopes.size()).as("code scope names kept").isGreaterThan(900);
            assertThat(lookups.path("count").asLong()).as("queries counted").isEqualTo(ManyScopesApp.SCOPES);
        });
    }
}
