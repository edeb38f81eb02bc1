package io.queryhound.internal.stats;

import io.queryhound.SqlFingerprint;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running statistics of one fingerprint. Query threads write ({@link #record}) without locks: the
 * latency goes into an HdrHistogram {@link Recorder} (wait-free for writers, with interval
 * swapping for the single reader) and the counters into {@link LongAdder}s. The reporting thread
 * is the only reader ({@link #takeInterval}).
 *
 * <p>Latencies are recorded in microseconds with two significant digits (1 % precision). The
 * recorder's histograms resize themselves to the largest latency seen (about 8 KB each for
 * statements under 10 ms, 15 KB up to a second); the running total, written only by the reporting
 * thread, is a packed histogram whose memory follows the buckets actually used.
 *
 * <p>The recorder is deliberately not packed: HdrHistogram's packed concurrent histogram deadlocked
 * here when several writers resized it at once (all query threads parked in
 * {@code ConcurrentPackedLongArray.resizeStorageArray}); {@code ConcurrentCaptureTest} reproduced it.
 */
final class StatementStats {

    static final int SIGNIFICANT_DIGITS = 2;

    final SqlFingerprint fingerprint;
    private final Recorder latencyMicros = new Recorder(SIGNIFICANT_DIGITS);
    private final LongAdder errors = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder batchedStatements = new LongAdder();
    private final LongAdder elapsedNanos = new LongAdder();

    // Reporter-thread state: the running total and the counters at the last report.
    private final Histogram total = new PackedHistogram(SIGNIFICANT_DIGITS);
    private Histogram recycled;
    private long reportedErrors;
    private long reportedRows;
    private long reportedBatched;
    private long reportedElapsedNanos;

    StatementStats(SqlFingerprint fingerprint) {
        this.fingerprint = fingerprint;
    }

    /** Hot path: one execution. */
    void record(long nanos, boolean failed, int batchSize) {
        latencyMicros.recordValue(nanos <= 0 ? 0 : nanos / 1000);
        elapsedNanos.add(nanos);
        if (failed) {
            errors.increment();
        }
        if (batchSize > 0) {
            batchedStatements.add(batchSize);
        }
    }

    /** Rows read from a result of this statement, reported when the result was finished. */
    void addRows(long count) {
        rows.add(count);
    }

    /**
     * Swaps out the executions recorded since the last call, adds them to the running total and
     * returns them; reporter thread only.
     */
    Interval takeInterval() {
        Histogram histogram = latencyMicros.getIntervalHistogram(recycled);
        total.add(histogram);
        long errorsNow = errors.sum();
        long rowsNow = rows.sum();
        long batchedNow = batchedStatements.sum();
        long elapsedNow = elapsedNanos.sum();
        Interval interval = new Interval(histogram, errorsNow - reportedErrors, rowsNow - reportedRows,
                batchedNow - reportedBatched, elapsedNow - reportedElapsedNanos);
        reportedErrors = errorsNow;
        reportedRows = rowsNow;
        reportedBatched = batchedNow;
        reportedElapsedNanos = elapsedNow;
        return interval;
    }

    /** Hands an interval's histogram back for reuse once it has been written out. */
    void recycle(Interval interval) {
        recycled = interval.histogram;
    }

    /** Everything since start; call {@link #takeInterval} first so the total is current. */
    Interval totals() {
        return new Interval(total, reportedErrors, reportedRows, reportedBatched, reportedElapsedNanos);
    }

    /** Counts of one period. The histogram counts executions; the elapsed time is exact, not binned. */
    record Interval(Histogram histogram, long errors, long rows, long batchedStatements, long elapsedNanos) {
        long count() {
            return histogram.getTotalCount();
        }
    }
}
