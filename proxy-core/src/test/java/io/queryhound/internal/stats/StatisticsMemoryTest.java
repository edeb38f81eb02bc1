package io.queryhound.internal.stats;

import io.queryhound.SqlFingerprint;
import io.queryhound.testing.Heap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statistics table's memory is bounded by {@code maxStatements}, whatever the workload: here a
 * million distinct statements, with latencies from 1 microsecond to 2 seconds, against the default
 * limit of 1,000.
 */
class StatisticsMemoryTest {

    @Test
    void aMillionDistinctStatementsKeepAtMostMaxStatementsEntries() {
        long before = Heap.usedAfterGc();

        StatisticsTable table = new StatisticsTable(1000);
        for (int i = 0; i < 1_000_000; i++) {
            SqlFingerprint fingerprint = SqlFingerprint.of("select c" + i + " from t where id = ?");
            long nanos = 1_000L << (i % 22); // 1 us .. 2 s: every histogram grows to its full range
            table.record(fingerprint, nanos, false, 0);
        }
        StatisticsReporter reporter = new StatisticsReporter(table, io.queryhound.Exporter.NONE,
                java.time.Clock.systemUTC(), 2000);
        reporter.reportInterval(); // fills the running totals too

        long retained = Heap.usedAfterGc() - before;
        System.out.printf("statistics table: %d statements tracked, %d executions overflowed, retained %.1f MB%n",
                table.trackedStatements(), table.overflowCount(), retained / 1048576.0);
        assertThat(table.trackedStatements()).isEqualTo(1000);
        assertThat(table.overflowCount()).isEqualTo(999_000);
        // About 40 KB per statement at full range (two interval histograms and a packed total).
        assertThat(retained).isLessThan(64L * 1024 * 1024);
        assertThat(table.entries()).hasSize(1001); // keeps the table reachable until after the measurement
    }
}
