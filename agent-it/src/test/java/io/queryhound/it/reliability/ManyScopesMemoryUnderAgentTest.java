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
 * A million scopes under the agent, each one call of a method named in {@code scopeMethods} with a query in it:
 * what the JVM retains afterwards, measured in the child with the memory MXBean after collections, stays under
 * {@link #BOUND_BYTES}, and every call is counted as a scope. A {@code scopeMethods} scope is named by its entry, so
 * these are a million scopes of one name; distinct names per scope come from HTTP paths and code scopes, whose
 * bounded per-name statistics proxy-core's ManyScopesMemoryTest covers. No run without the agent: without it there
 * are no scopes to measure.
 */
class ManyScopesMemoryUnderAgentTest {

    /** The documented bound for this workload, the same as the library's for a million scopes. */
    private static final long BOUND_BYTES = 32L * 1024 * 1024;

    @Test
    void aMillionScopesRetainABoundedAmount() {
        ChildRun run = MemoryRuns.manyScopes().assertExitedNormally();
        run.verify(() -> {
            long retained = MemoryRuns.retainedBytes(run);
            List<JsonNode> scopes = run.records(r -> "scopeStatistics".equals(ChildRun.text(r, "record"))
                    && "summary".equals(ChildRun.text(r, "period"))
                    && ManyScopesApp.SCOPE_METHOD.equals(ChildRun.text(r, "scope")));
            assertThat(scopes).as("the summary of the scopes").hasSize(1);
            long counted = scopes.get(0).path("count").asLong();
            JsonNode lookups = run.summaryStatistics().get(SqlFingerprint.of(ManyScopesApp.LOOKUP).id());
            assertThat(lookups).as("the lookup's summary statistics").isNotNull();
            System.out.printf(Locale.ROOT, "[reliability] under the agent: %,d scopes (scopeMethods, one query each)"
                    + " in %.1f s: %.1f MB retained after GC (bound %d MB); %,d scopes and %,d queries counted%n",
                    ManyScopesApp.SCOPES, MemoryRuns.workloadSeconds(run), retained / 1e6, BOUND_BYTES / (1024 * 1024),
                    counted, lookups.path("count").asLong());
            assertThat(retained).as("bytes retained").isLessThan(BOUND_BYTES);
            assertThat(counted).as("every call a scope").isEqualTo(ManyScopesApp.SCOPES);
            assertThat(lookups.path("count").asLong()).as("queries counted").isEqualTo(ManyScopesApp.SCOPES);
        });
    }
}
