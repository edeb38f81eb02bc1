package io.queryhound.detection;

import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.event.QueryEvent;
import io.queryhound.internal.event.Recorder;
import io.queryhound.testing.RecordingEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One scope's memory is bounded by {@code maxFingerprintsPerScope}, whatever it runs: here a
 * million distinct statements in one scope, fed straight to the engine's recorder.
 */
@SuppressWarnings("try") // a scope is opened for the code inside it, which never names it
class ScopeMemoryTest {

    private static final int STATEMENTS = 1_000_000;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aMillionDistinctStatementsInOneScopeStayBounded() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (RecordingEngine r = new RecordingEngine(QueryHound.builder())) {
            QueryHoundEngine engine = r.engine;
            Recorder recorder = engine.recorder();
            Thread thread = Thread.currentThread();
            // Warm up the event path (and the classes it loads) outside the measurement.
            try (Scope warm = engine.scope("warm-up")) {
                for (int i = 0; i < 1000; i++) {
                    recorder.record(event("select w" + i + " from t where id = ?", i + 1, thread));
                }
            }

            long before = usedAfterGc(memory);
            long startNanos = System.nanoTime();
            Scope s = engine.scope("memory");
            long retainedOpen;
            try {
                for (int i = 0; i < STATEMENTS; i++) {
                    recorder.record(event("select c" + i + " from t where id = ?", i + 1, thread));
                }
                assertThat(engine.currentScope()).isSameAs(s);
                retainedOpen = usedAfterGc(memory) - before;
                // Keeps the scope (and its tally) reachable until after the measurement.
                assertThat(s.queryCount()).isEqualTo(STATEMENTS);
            } finally {
                s.close();
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            System.out.printf("retained heap for 1,000,000 distinct statements in one scope: %.2f MB"
                    + " (heap used after GC, scope still open, minus before it was opened; %.1f s)%n",
                    retainedOpen / 1048576.0, seconds);

            assertThat(s.queryCount()).isEqualTo(STATEMENTS);
            List<Finding> budgets = ofType(s.findings(), FindingType.QUERY_BUDGET);
            assertThat(budgets).hasSize(1);
            Finding budget = budgets.get(0);
            System.out.println("budget finding: " + budget.toText());
            assertThat(budget.count()).isEqualTo(STATEMENTS);
            assertThat(budget.scope()).isEqualTo("memory");
            assertThat(budget.statements()).hasSize(5);
            long overflow = STATEMENTS - 500;
            assertThat(budget.suggestion()).contains(Long.toString(overflow))
                    .contains("beyond the 500 distinct statements tracked");
            // Each distinct statement ran once: nothing else to report.
            assertThat(s.findings()).extracting(Finding::type).containsOnly(FindingType.QUERY_BUDGET);

            assertThat(retainedOpen).isLessThan(64L * 1024 * 1024);
        }
    }

    @Test
    void aSmallerLimitTracksAtMostThatManyStatements() {
        try (RecordingEngine r = new RecordingEngine(QueryHound.builder().set("maxFingerprintsPerScope", "50"))) {
            QueryHoundEngine engine = r.engine;
            Recorder recorder = engine.recorder();
            Thread thread = Thread.currentThread();
            String trackedLoop = "select name from tracked where id = ?";
            String untrackedLoop = "select name from untracked where id = ?";
            Scope s;
            try (Scope scope = engine.scope("limited")) {
                s = scope;
                // The first statement of the scope, looping: tracked, so an N+1.
                for (int i = 0; i < 3; i++) {
                    recorder.record(event(trackedLoop, 100 + i, thread));
                }
                // 100 distinct statements once each: 49 more are tracked, 51 are only counted.
                for (int i = 0; i < 100; i++) {
                    recorder.record(event("select d" + i + " from t where id = ?", i + 1, thread));
                }
                // The same loop as the first, but its statement is the 102nd distinct one: not tracked.
                for (int i = 0; i < 3; i++) {
                    recorder.record(event(untrackedLoop, 200 + i, thread));
                }
            }
            assertThat(s.queryCount()).isEqualTo(106);
            List<Finding> loops = ofType(s.findings(), FindingType.N_PLUS_ONE);
            assertThat(loops).extracting(Finding::sql).containsExactly(trackedLoop);
            assertThat(loops.get(0).count()).isEqualTo(3);
            assertThat(loops.get(0).callSite()).isNotNull();
            assertThat(loops.get(0).callSite().className()).isEqualTo(ScopeMemoryTest.class.getName());

            List<Finding> budgets = ofType(s.findings(), FindingType.QUERY_BUDGET);
            assertThat(budgets).hasSize(1);
            Finding budget = budgets.get(0);
            System.out.println("limited budget finding: " + budget.toText());
            assertThat(budget.count()).isEqualTo(106);
            assertThat(budget.statements()).hasSizeLessThanOrEqualTo(5);
            assertThat(budget.statements().get(0).sql()).isEqualTo(trackedLoop);
            assertThat(budget.statements()).extracting(Finding.StatementCount::sql).doesNotContain(untrackedLoop);
            // 106 executions, of which only 3 + 49 belong to the 50 tracked statements.
            assertThat(budget.suggestion()).contains("54 of them beyond the 50 distinct statements tracked");
            assertThat(s.findings()).allMatch(f -> f.sql() == null || !f.sql().equals(untrackedLoop));
        }
    }

    private static QueryEvent event(String sql, long parameterHash, Thread thread) {
        return new QueryEvent(sql, SqlFingerprint.of(sql), System.nanoTime(), 1_000, QueryEvent.NO_UPDATE_COUNT, 0,
                false, null, thread, "test", parameterHash);
    }

    private static List<Finding> ofType(List<Finding> findings, FindingType type) {
        return findings.stream().filter(f -> f.type() == type).collect(Collectors.toList());
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
