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
    /**
     * The statement's own array of bound values, by position (index - 1), NOT a copy: valid only on the
     * executing thread until the receivers were told {@link CaptureReceiver#executed}; a receiver that
     * needs them later (a slow execution's EXPLAIN) copies the first {@link #boundValueCount}. Null when
     * none are kept ({@link AgentBridge#boundValuesWanted()} is false, a plain statement, a batch).
     */
    public Object[] boundValues;
    /** How many positions of {@link #boundValues} are in use. */
    public int boundValueCount;
    /** Why the bound values cannot be bound again: 0, or one of the {@code REFUSED_*} constants. */
    public int boundRefusal;

    /** A value was bound by parameter name (a {@code CallableStatement}). */
    public static final int REFUSED_NAMED = 2;
    /** A value too large to keep (long text or binary), or a position beyond what the agent keeps. */
    public static final int REFUSED_TOO_LARGE = 3;

    /** The values were not kept: bound before some engine asked for them ({@code explain=true} came later). */
    public static final int REFUSED_NOT_KEPT = 4;
    /** Stands in {@link #boundValues} for a stream or LOB, which is never kept. */
    public static final Object STREAM_VALUE = new Object();
    /** Stands in {@link #boundValues} for a text or binary too long to keep. */
    public static final Object TOO_LARGE_VALUE = new Object();
    /**
     * Stands in {@link #boundValues} for an {@code int} bound with {@code setInt}, whose value is in
     * {@link #boundPrimitives}: the agent keeps primitives unboxed, so binding one allocates nothing.
     */
    public static final Object INT_VALUE = new Object();
    /** The same for a {@code long} bound with {@code setLong}. */
    public static final Object LONG_VALUE = new Object();
    /**
     * The statement's own array of primitive values, beside {@link #boundValues} (same positions, same
     * validity): read where {@link #boundValues} holds {@link #INT_VALUE} or {@link #LONG_VALUE}.
     */
    public long[] boundPrimitives;
    /**
     * The statement's own {@link StatementMemo}, for what the agent's engine works out once per prepared statement. Null
     * for a plain statement's executions (their SQL changes every time) and for batches.
     */
    public StatementMemo statementMemo;

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
