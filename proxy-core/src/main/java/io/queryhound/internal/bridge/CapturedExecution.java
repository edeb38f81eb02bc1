package io.queryhound.internal.bridge;

/**
 * One JDBC execution as the agent captured it, in JDK types only so that every copy of proxy-core
 * can read it. A plain carrier with public fields: it is filled in by the agent on the executing
 * thread and read by the receivers on that same thread; only {@link #rowsRead} changes later, and
 * only on the thread reading the result.
 */
public final class CapturedExecution {

    /** {@link #updateCount} when the execution returned a result set, failed, or did not say. */
    public static final long NO_UPDATE_COUNT = -1;

    /** The SQL as the application passed it (the first statement of a batch). */
    public String sql;
    /**
     * For a {@code Statement} batch of SQL texts, the texts in the order they were added (the
     * receiver groups them by fingerprint); null otherwise.
     */
    public String[] batchSql;
    /**
     * The DataSources (or Driver) the statement's connection was acquired through, outermost first
     * (a Spring proxy over a pool, say), or null when unknown.
     */
    public Object[] sources;
    /** The name output carries for the outermost source. */
    public String sourceName;
    /** The database product name, read once per connection source; null when unknown. */
    public String databaseProduct;
    public long startNanos;
    public long elapsedNanos;
    public long updateCount = NO_UPDATE_COUNT;
    /** Statements an {@code executeBatch} carried; 0 for a single execution. */
    public int batchSize;
    /** Per-statement update counts of a batch, when the driver returned them; null otherwise. */
    public long[] batchUpdateCounts;
    public boolean failed;
    public String sqlState;
    /** Whether the SQL was prepared ({@code PreparedStatement}, {@code CallableStatement}) rather than passed to execute. */
    public boolean prepared;
    /**
     * The bound values of a prepared execution (of the first set of a batch), rendered short and not
     * yet masked, by position; kept only while {@link AgentBridge#parameterValuesWanted()}, else null.
     */
    public String[] parameterValues;
    /** A hash of the bound values (of the SQL text for a plain statement); 0 when none. */
    public long parameterHash;
    /**
     * Whether a result set may still be read from this execution (it returned one, or {@code execute()}
     * returned true): only then do events read {@link #rowsRead} live, until the result is finished.
     */
    public boolean resultFollows;
    /** Rows read so far from this execution's result; live while the result is open. */
    public long rowsRead;
    /**
     * The receivers registered when the execution started, in the order of {@link #receiverStates}; null once the
     * agent is done with the execution, which it then resets and reuses for a later one on the same thread.
     */
    public CaptureReceiver[] receivers;
    /** Per receiver: what {@link CaptureReceiver#starting} and then {@link CaptureReceiver#executed} returned. */
    public Object[] receiverStates;
}
