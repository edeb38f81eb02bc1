package io.queryhound.detection;

import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.event.QueryEvent;
import io.queryhound.internal.export.InMemoryExporter;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What one execution costs a scope, counted in bytes rather than time: after a statement's first
 * sight, recording it again allocates nothing except the rare sampled stack walk (at the loop
 * threshold and at each doubling of the count), so a loop of 100,000 executions takes a few dozen
 * walks, not 100,000.
 */
class ScopeHotPathTest {

    /** One call site for every execution, as in a loop. */
    private static void record(QueryHoundEngine engine, QueryEvent event) {
        engine.recorder().record(event);
    }

    @Test
    void recordingIntoAScopeAllocatesAlmostNothingPerExecution() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = QueryHound.builder().exporter(exporter).statsIntervalSeconds(3600)
                .shutdownHook(false).build();
        String sql = "select * from orders where customer_id = ?";
        SqlFingerprint fingerprint = SqlFingerprint.of(sql);
        // Events are made by the capture front end; here they are made up front so only the scope's
        // (and the statistics') own work is counted.
        int executions = 100_000;
        QueryEvent[] events = new QueryEvent[executions];
        for (int i = 0; i < executions; i++) {
            events[i] = new QueryEvent(sql, fingerprint, i * 1_000L, 500L, QueryEvent.NO_UPDATE_COUNT, 0, false,
                    null, Thread.currentThread(), "orders", 0x1234_5678L + (i % 50));
        }
        Scope scope;
        long allocated;
        try (Scope s = engine.scope("hot-path")) {
            scope = s;
            for (int i = 0; i < 100; i++) {
                record(engine, events[i]); // first sight, the threshold and early doublings
            }
            long thread = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 100; i < executions; i++) {
                record(engine, events[i]);
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        engine.close();
        System.out.printf("bytes allocated recording 99,900 executions into one scope: %d (%.2f per execution)%n",
                allocated, allocated / 99_900.0);

        // 99,900 executions: about ten sampled stack walks of a few KB each remain (at 128, 256, ...
        // 65,536; about 245 KB measured on JDK 17); one 16-byte object per execution would be 1.6 MB.
        assertThat(allocated).as("bytes allocated recording 99,900 executions").isLessThan(800_000);
        Finding loop = scope.findings().stream().filter(f -> f.type() == FindingType.N_PLUS_ONE)
                .reduce((a, b) -> {
                    throw new AssertionError("one call site, one finding: " + scope.findings());
                }).orElseThrow();
        assertThat(loop.callSite().methodName()).isEqualTo("record");
        assertThat(loop.count()).isEqualTo(executions);
        assertThat(loop.distinctParams()).isEqualTo(50);
    }
}
