package io.queryhound.internal.event;

import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;
import io.queryhound.internal.bridge.CapturedExecution;

/**
 * One JDBC execution as the application saw it, produced by a capture front end (library mode or
 * the agent) and handed to the {@link Recorder}. Both front ends build exactly this, so nothing
 * downstream knows which one was used.
 *
 * <p>Everything is fixed at construction except the number of rows read, which grows while the
 * application reads the execution's result, after the event was recorded (detectors need the live
 * count of a result that is still open while a loop runs inside it). Only the thread that reads the
 * result writes it; a scope judged on another thread (closed there, or an implicit window ended by
 * the reporting thread) may see a slightly stale count, which only affects a trigger's row count.
 */
public final class QueryEvent {

    /** {@link #updateCount()} when the execution returned a result set or failed. */
    public static final long NO_UPDATE_COUNT = -1;

    private final String sql;
    private final SqlFingerprint fingerprint;
    private final long startNanos;
    private final long elapsedNanos;
    private final long updateCount;
    private final int batchSize;
    private final String sqlState;
    private final boolean failed;
    // One of these per query is all the agent allocates on a steady-state execution: keep it at 96 bytes
    // (compressed oops) before adding a field.
    private final String threadName;
    private final String dataSource;
    private final long parameterHash;
    private long rowsRead; // written by the thread reading the result: see the class comment
    /** In agent mode the agent counts rows on its own record of the execution; read live from there. */
    private CapturedExecution captured;
    private String[] parameterSample;
    // Set by the scope that recorded the event, on the thread that ran it; typed Object so that the
    // event model does not depend on detection.
    private Object scope;
    private Object callSite;

    public QueryEvent(String sql, SqlFingerprint fingerprint, long startNanos, long elapsedNanos,
                      long updateCount, int batchSize, boolean failed, String sqlState,
                      Thread thread, String dataSource, long parameterHash) {
        this.sql = sql;
        this.fingerprint = fingerprint;
        this.startNanos = startNanos;
        this.elapsedNanos = elapsedNanos;
        this.updateCount = updateCount;
        this.batchSize = batchSize;
        this.failed = failed;
        this.sqlState = sqlState;
        this.threadName = thread.getName();
        this.dataSource = dataSource;
        this.parameterHash = parameterHash;
    }

    /** The SQL exactly as the application passed it to the driver. */
    public String sql() {
        return sql;
    }

    public SqlFingerprint fingerprint() {
        return fingerprint;
    }

    public StatementKind kind() {
        return fingerprint.kind();
    }

    /** The ticker's reading when the execution started (nanoseconds, only meaningful as a difference). */
    public long startNanos() {
        return startNanos;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** Rows read so far from the result(s) of this execution. */
    public long rowsRead() {
        CapturedExecution source = captured;
        return source != null ? source.rowsRead : rowsRead;
    }

    /**
     * Agent mode: the rows read are counted by the agent on {@code execution}; this event reads them from
     * there until {@link #rowsFinished}.
     */
    public void readRowsFrom(CapturedExecution execution) {
        this.captured = execution;
    }

    /** Agent mode: the result was read to its end or closed after {@code rows} rows; the execution is let go. */
    public void rowsFinished(long rows) {
        this.rowsRead = rows;
        this.captured = null;
    }

    /** Hot path (once per row): the application read one more row of this execution's result. */
    public void rowRead() {
        rowsRead++;
    }

    /** The driver's update count (summed over a batch), or {@link #NO_UPDATE_COUNT}. */
    public long updateCount() {
        return updateCount;
    }

    /** The number of statements an {@code executeBatch} carried; 0 for a single execution. */
    public int batchSize() {
        return batchSize;
    }

    public boolean isBatch() {
        return batchSize > 0;
    }

    public boolean failed() {
        return failed;
    }

    /** The SQLState of the driver's exception, or null when the execution succeeded or had none. */
    public String sqlState() {
        return sqlState;
    }

    public String threadName() {
        return threadName;
    }

    public String dataSource() {
        return dataSource;
    }

    /**
     * A 64-bit hash of the bound parameter values (for a plain {@code Statement}, of its SQL text),
     * so detectors can tell repeated from distinct parameter sets without keeping any value.
     * 0 when there were none.
     */
    public long parameterHash() {
        return parameterHash;
    }

    /**
     * The bound values rendered as short strings and already masked, only when
     * {@code logParameters=true} (otherwise null).
     */
    public String[] parameterSample() {
        return parameterSample;
    }

    public void parameterSample(String[] sample) {
        this.parameterSample = sample;
    }

    /** The scope that recorded this execution, or null. */
    public Object scope() {
        return scope;
    }

    public void scope(Object scope) {
        this.scope = scope;
    }

    /** The call site captured for this execution when it was sampled, or null. */
    public Object callSite() {
        return callSite;
    }

    public void callSite(Object callSite) {
        this.callSite = callSite;
    }

    @Override
    public String toString() {
        return "QueryEvent[" + fingerprint.id() + " " + fingerprint.kind() + ", " + elapsedNanos + " ns, rows="
                + rowsRead() + (failed ? ", failed " + sqlState : "") + (batchSize > 0 ? ", batch=" + batchSize : "")
                + ", thread=" + threadName + "]";
    }
}
