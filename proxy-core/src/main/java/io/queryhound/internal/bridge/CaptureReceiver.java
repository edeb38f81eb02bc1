package io.queryhound.internal.bridge;

/**
 * One copy of proxy-core, receiving the executions the agent captured. Each method runs on the
 * application thread that ran the JDBC call and must never throw (the agent also guards every call).
 */
public interface CaptureReceiver {

    /**
     * The outermost execution {@code execution} is about to run. Returns this receiver's state for
     * it (stored by the agent and handed back), or null when this receiver does not want it.
     */
    Object starting(CapturedExecution execution);

    /** {@code execution} ended; {@code state} is what {@link #starting} returned (never null here). */
    Object executed(CapturedExecution execution, Object state);

    /**
     * The result of {@code execution} was read to its end or closed after {@code rows} rows;
     * {@code state} is what {@link #executed} returned (never null here).
     */
    void resultFinished(CapturedExecution execution, Object state, long rows);

    /**
     * The outermost {@code getConnection} or {@code connect} on this thread begins. Returns this
     * receiver's state for it (handed back to {@link #connectionAcquired}), or null.
     */
    Object acquiring();

    /**
     * A connection was acquired through {@code sources} (DataSources or a Driver, outermost first) in
     * {@code elapsedNanos} by the agent's clock, or the attempt failed; {@code state} is what
     * {@link #acquiring} returned (may be null).
     */
    void connectionAcquired(Object state, Object[] sources, String sourceName, long elapsedNanos, boolean failed);
}
