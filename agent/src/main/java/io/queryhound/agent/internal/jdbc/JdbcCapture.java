package io.queryhound.agent.internal.jdbc;

import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.bridge.CaptureReceiver;
import io.queryhound.internal.bridge.CapturedExecution;
import io.queryhound.internal.bridge.Hooks;
import io.queryhound.internal.bridge.StatementMemo;
import io.queryhound.internal.capture.ParameterHash;
import io.queryhound.internal.capture.ParameterSample;
import io.queryhound.internal.config.Diagnostics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the agent's advice calls: turns the JDBC calls of the application into
 * {@link CapturedExecution}s and hands them to every {@link CaptureReceiver} (the agent's own engine
 * and, when the application has proxy-core too, its copy).
 *
 * <p>It wraps nothing. It remembers the SQL and bound values of each statement in a weak map, counts
 * the depth of JDBC calls per thread so that only the outermost one (the pool's proxy, not the driver
 * behind it) is recorded, and counts rows of the results it handed out. Every method catches
 * everything: an exception of ours must never reach the application.
 */
public final class JdbcCapture implements Hooks {

    /** Open results tracked per thread; an application rarely holds more open at once. */
    private static final int MAX_OPEN_RESULTS = 8;
    private static final CaptureReceiver[] NO_RECEIVERS = new CaptureReceiver[0];
    /** Executions kept per thread for reuse: one in flight plus a few open results covers nearly every thread. */
    private static final int SPARE_EXECUTIONS = 4;

    /** Whether the one warning about executions of statements whose SQL is unknown was given. */
    private volatile boolean warnedUnknownSql;

    /** What the agent knows of one statement. Never refers to the statement or its connection (see {@link WeakIdentityMap}). */
    static final class StatementInfo extends StatementMemo {
        private static final int INDEXED = 256;
        private static final long[] NO_PARAMETERS = new long[0];
        private static final int FOLDED = 64;
        /** Bound values kept per statement for an EXPLAIN, at most; beyond, its executions are not explained. */
        static final int MAX_KEPT = 2048;
        /** Texts and binaries longer than this are not kept for an EXPLAIN (a marker stands in for them). */
        static final int MAX_KEPT_LENGTH = 4096;
        final String sql;
        final Object[] sources;
        final String sourceName;
        final int connectionId;
        /** Hash of the value bound at each position (index - 1), 0 = unset. */
        long[] parameters = NO_PARAMETERS;
        int parameterCount;
        int batched;
        /** The SQL texts of a {@code Statement} batch; null when none were added. */
        String[] batchSql;
        /**
         * Rendered values by index (1 to {@link ParameterSample#MAX_VALUES}), kept only while some engine
         * has {@code logParameters=true}; and those of the first set of the current batch.
         */
        String[] values;
        int valueCount;
        String[] firstBatchValues;
        /**
         * The values bound now, by position (index - 1), kept only while some engine explains slow
         * statements ({@link AgentBridge#boundValuesWanted()}): references, no copies, in one array per
         * statement that is reused by every execution and let go with the statement. Streams, LOBs and
         * large texts or binaries are never kept (a marker stands in their slot). Copied out only for an
         * execution that crossed slowQueryMillis (see {@link CapturedExecution#boundValues}).
         */
        Object[] bound;
        /** Values bound with setInt/setLong, unboxed, where {@link #bound} holds a marker (same positions). */
        long[] boundPrimitives;
        int boundCount;
        /** A value bound by name or beyond {@link #MAX_KEPT}: the statement's values cannot be bound again. */
        int boundRefusal;
        /** The database product of the statement's connection source, looked up at its first execution; "" = none. */
        String product;

        StatementInfo(String sql, ConnectionInfo connection, int connectionId) {
            this.sql = sql;
            this.sources = connection == null ? null : connection.sources;
            this.sourceName = connection == null ? null : connection.sourceName;
            this.connectionId = connectionId;
        }

        /**
         * One bound value by index or name (CallableStatement): its hash, and the value itself while an EXPLAIN
         * or {@code logParameters} wants it. A statement reused forever stays bounded (see {@link #storeHash}).
         */
        void set(Object position, Object value) {
            int key = position instanceof Integer index ? index : position.hashCode();
            storeHash(key, ParameterHash.add(ParameterHash.start(), key, value));
            if (AgentBridge.boundValuesWanted()) {
                keep(position, value);
            }
            if (AgentBridge.parameterValuesWanted() && position instanceof Integer index
                    && index >= 1 && index <= ParameterSample.MAX_VALUES) {
                if (values == null) {
                    values = new String[ParameterSample.MAX_VALUES];
                }
                values[index - 1] = ParameterSample.render(value);
                valueCount = Math.max(valueCount, index);
            }
        }

        /**
         * Hot path: {@code setInt}/{@code setLong(index, value)}, unboxed: the same hash as the boxed value, and kept
         * for an EXPLAIN in {@link #boundPrimitives} without allocating.
         */
        void setPrimitive(int index, long value, boolean isInt) {
            storeHash(index, isInt ? ParameterHash.addInt(ParameterHash.start(), index, (int) value)
                    : ParameterHash.addLong(ParameterHash.start(), index, value));
            if (AgentBridge.boundValuesWanted()) {
                if (index < 1 || index > MAX_KEPT) {
                    boundRefusal = CapturedExecution.REFUSED_TOO_LARGE;
                } else {
                    room(index);
                    bound[index - 1] = isInt ? CapturedExecution.INT_VALUE : CapturedExecution.LONG_VALUE;
                    boundPrimitives[index - 1] = value;
                    boundCount = Math.max(boundCount, index);
                }
            }
            if (AgentBridge.parameterValuesWanted() && index >= 1 && index <= ParameterSample.MAX_VALUES) {
                // logParameters=true only: rendering allocates anyway
                set(index, isInt ? (Object) Integer.valueOf((int) value) : Long.valueOf(value));
            }
        }

        /**
         * Hot path: the hash of the value bound at {@code key} (an index, or a name's hash). Indexes up to
         * {@link #INDEXED} have a slot each; names and larger indexes share {@link #FOLDED} slots.
         */
        private void storeHash(int key, long hash) {
            int slot = key >= 1 && key <= INDEXED ? key - 1 : INDEXED + (key & (FOLDED - 1));
            if (slot >= parameters.length) {
                parameters = Arrays.copyOf(parameters, Math.max(slot + 1, Math.max(4, parameters.length * 2)));
            }
            parameters[slot] = hash;
            parameterCount = Math.max(parameterCount, slot + 1);
        }

        /** Keeps one bound value for a possible EXPLAIN: an array store, and a size check for texts and binaries. */
        private void keep(Object position, Object value) {
            if (!(position instanceof Integer index)) {
                boundRefusal = CapturedExecution.REFUSED_NAMED;
                return;
            }
            if (index < 1 || index > MAX_KEPT) {
                boundRefusal = CapturedExecution.REFUSED_TOO_LARGE;
                return;
            }
            Object kept = value;
            if (value == null || value instanceof Number) {
                // the common case: kept as is
            } else if (value instanceof String text) {
                kept = text.length() > MAX_KEPT_LENGTH ? CapturedExecution.TOO_LARGE_VALUE : value;
            } else if (value instanceof byte[] bytes) {
                kept = bytes.length > MAX_KEPT_LENGTH ? CapturedExecution.TOO_LARGE_VALUE : value;
            } else if (value instanceof java.io.InputStream || value instanceof java.io.Reader
                    || value instanceof java.sql.Blob || value instanceof java.sql.Clob
                    || value instanceof java.sql.Array || value instanceof java.sql.SQLXML
                    || value instanceof java.sql.Ref) {
                // consumed by the driver, or tied to its connection (which must not be kept reachable)
                kept = CapturedExecution.STREAM_VALUE;
            }
            room(index);
            bound[index - 1] = kept;
            boundCount = Math.max(boundCount, index);
        }

        /** Makes {@link #bound} and {@link #boundPrimitives} hold position {@code index} (1 to {@link #MAX_KEPT}). */
        private void room(int index) {
            if (bound == null || index > bound.length) {
                int size = bound == null ? Math.max(4, index) : Math.min(MAX_KEPT, Math.max(index, bound.length * 2));
                bound = bound == null ? new Object[size] : Arrays.copyOf(bound, size);
                boundPrimitives = boundPrimitives == null ? new long[size] : Arrays.copyOf(boundPrimitives, size);
            }
        }

        /** The values bound now, by position; null when none were kept. */
        String[] boundValues() {
            return values == null ? null : Arrays.copyOf(values, valueCount);
        }

        long parameterHash() {
            if (parameterCount == 0) {
                return ParameterHash.NONE;
            }
            long hash = ParameterHash.start();
            for (int i = 0; i < parameterCount; i++) {
                hash = ParameterHash.combine(hash, parameters[i]);
            }
            return hash;
        }

        void clearParameters() {
            Arrays.fill(parameters, 0, parameterCount, 0L);
            parameterCount = 0;
            if (values != null) {
                Arrays.fill(values, null);
                valueCount = 0;
            }
            if (bound != null) {
                Arrays.fill(bound, 0, boundCount, null);
            }
            boundCount = 0;
            boundRefusal = 0;
        }

        void addBatch(String text) {
            if (batched == 0 && values != null) {
                firstBatchValues = boundValues();
            }
            batched++;
            if (text != null) {
                batchSql = batchSql == null ? new String[4] : batchSql.length < batched
                        ? Arrays.copyOf(batchSql, batchSql.length * 2) : batchSql;
                batchSql[batched - 1] = text;
            }
        }

        void clearBatch() {
            batched = 0;
            batchSql = null;
            firstBatchValues = null;
        }
    }

    /** Where one connection came from; shared by its statements. */
    static final class ConnectionInfo {
        final Object[] sources;
        final String sourceName;

        ConnectionInfo(Object[] sources, String sourceName) {
            this.sources = sources;
            this.sourceName = sourceName;
        }
    }

    /** Per-thread call depths, the outermost execution in flight, and the results still open. */
    private static final class ThreadState {
        int executeDepth;
        int acquireDepth;
        long acquireStart;
        Object[] acquireSources = new Object[4];
        int acquireSourceCount;
        // The receivers of the outermost acquisition and their states, from its start to its end.
        CaptureReceiver[] acquireReceivers = NO_RECEIVERS;
        Object[] acquireStates = new Object[2];
        boolean httpScopeOpen;
        /** QueryHound's own JDBC work (an EXPLAIN) is running on this thread: see {@link #quietBegin()}. */
        int quiet;
        // The statement last bound to on this thread and its info: setXxx calls come in runs.
        Object lastStatement;
        StatementInfo lastInfo;
        final Object[] openResults = new Object[MAX_OPEN_RESULTS];
        final CapturedExecution[] openExecutions = new CapturedExecution[MAX_OPEN_RESULTS];
        final Object[] openStatements = new Object[MAX_OPEN_RESULTS];
        final int[] openConnections = new int[MAX_OPEN_RESULTS];
        int openCount;
        /** The last execution per thread, for a result fetched later with {@code getResultSet()}. */
        CapturedExecution lastExecution;
        Object lastExecutedStatement;
        StatementInfo lastExecutedInfo;
        // The outermost execution in flight (a thread has at most one) and what its exit needs.
        Object inFlightStatement;
        StatementInfo inFlightInfo;
        /**
         * Executions done with, for the next ones: the receivers were told everything about them (their
         * events no longer read from them), so the steady state allocates nothing of the agent's own per query.
         */
        final CapturedExecution[] spare = new CapturedExecution[SPARE_EXECUTIONS];
        int spareCount;

        CapturedExecution obtain() {
            if (spareCount == 0) {
                return new CapturedExecution();
            }
            CapturedExecution execution = spare[--spareCount];
            spare[spareCount] = null;
            return execution;
        }

        void recycle(CapturedExecution execution) {
            if (spareCount < SPARE_EXECUTIONS) {
                spare[spareCount++] = execution;
            }
        }
    }

    /** An HTTP or method scope this hook opened. */
    private record ScopeToken(Scope scope, boolean http) {
    }

    private final QueryHoundEngine engine;
    private final WeakIdentityMap<StatementInfo> statements = new WeakIdentityMap<>();
    private final WeakIdentityMap<ConnectionInfo> connections = new WeakIdentityMap<>();
    /** The database product per connection source, read once per source (never per query or per checkout). */
    private final WeakIdentityMap<String> products = new WeakIdentityMap<>();
    private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);

    public JdbcCapture(QueryHoundEngine engine) {
        this.engine = engine;
    }

    // ---- statements and their SQL ------------------------------------------------------------

    @Override
    public void statementCreated(Object connection, Object statement, String sql) {
        try {
            if (statement == null) {
                return; // the driver threw; nothing was created
            }
            // QueryHound's own statements (an EXPLAIN's, see quietBegin) are remembered like any other, until they
            // are closed (QueryHound closes every one): checking here would cost every prepare a thread-local read.
            statements.put(statement, new StatementInfo(sql, connections.get(connection),
                    System.identityHashCode(connection)));
        } catch (Throwable e) {
            Diagnostics.internalError("agent: statement created", e);
        }
    }

    /** Hot path: one bound value. */
    @Override
    public void parameterSet(Object statement, Object position, Object value) {
        try {
            StatementInfo info = info(threads.get(), statement);
            if (info != null && position != null) {
                info.set(position, value);
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: parameter", e);
        }
    }

    /** Hot path: {@code setInt(index, value)}. */
    @Override
    public void intParameterSet(Object statement, int position, int value) {
        primitiveSet(statement, position, value, true);
    }

    /** Hot path: {@code setLong(index, value)}. */
    @Override
    public void longParameterSet(Object statement, int position, long value) {
        primitiveSet(statement, position, value, false);
    }

    private void primitiveSet(Object statement, int position, long value, boolean isInt) {
        try {
            StatementInfo info = info(threads.get(), statement);
            if (info != null) {
                info.setPrimitive(position, value, isInt);
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: parameter", e);
        }
    }

    private StatementInfo info(ThreadState thread, Object statement) {
        if (thread.lastStatement == statement) {
            return thread.lastInfo;
        }
        StatementInfo info = statements.get(statement);
        thread.lastStatement = statement;
        thread.lastInfo = info;
        return info;
    }

    @Override
    public void parametersCleared(Object statement) {
        try {
            StatementInfo info = info(threads.get(), statement);
            if (info != null) {
                info.clearParameters();
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: parameter", e);
        }
    }

    @Override
    public void batchAdded(Object statement, String sql) {
        try {
            StatementInfo info = info(threads.get(), statement);
            if (info != null) {
                info.addBatch(sql);
            } else if (sql != null) {
                // A plain statement created before the agent could see it: its batch texts still tell the SQL.
                StatementInfo created = new StatementInfo(null, null, 0);
                created.addBatch(sql);
                statements.put(statement, created);
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: batch", e);
        }
    }

    @Override
    public void batchCleared(Object statement) {
        try {
            StatementInfo info = info(threads.get(), statement);
            if (info != null) {
                info.clearBatch();
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: batch", e);
        }
    }

    @Override
    public void statementClosed(Object statement) {
        try {
            ThreadState thread = threads.get();
            finishResults(thread, statement, 0, false);
            if (thread.lastStatement == statement) {
                thread.lastStatement = null;
                thread.lastInfo = null;
            }
            if (thread.lastExecutedStatement == statement) {
                forgetLastExecution(thread);
            }
            statements.remove(statement);
        } catch (Throwable e) {
            Diagnostics.internalError("agent: statement close", e);
        }
    }

    // ---- executions -------------------------------------------------------------------------

    /** Hot path: only the outermost JDBC execution on the thread is captured. */
    @Override
    public Object executeEnter(Object statement, String sql, boolean batch) {
        ThreadState thread = threads.get();
        // Nested in another execution (a pool's proxy calling the driver), or run while a connection is
        // being acquired (a pool's validation query, a driver's own lookups on connect): not the application's.
        if (thread.executeDepth++ > 0 || thread.acquireDepth > 0) {
            if (batch) {
                forgetNestedBatch(statement);
            }
            return null;
        }
        try {
            CaptureReceiver[] receivers = AgentBridge.receivers();
            if (receivers.length == 0) {
                return null;
            }
            StatementInfo info = info(thread, statement);
            String text = sql != null ? sql : info != null ? info.sql : null;
            if (text == null && !(batch && info != null && info.batchSql != null)) {
                warnUnknownSql(statement);
                return null;
            }
            CapturedExecution execution = thread.obtain(); // every field is set below or is at its reset value
            execution.sql = text;
            if (batch && info != null) {
                execution.batchSize = info.batched;
                if (info.batchSql != null) {
                    execution.batchSql = Arrays.copyOf(info.batchSql, info.batched);
                    if (execution.sql == null) {
                        execution.sql = execution.batchSql[0];
                    }
                }
            }
            execution.parameterHash = sql != null ? ParameterHash.ofSqlText(sql)
                    : batch || info == null ? ParameterHash.NONE : info.parameterHash();
            if (info != null) {
                execution.sources = info.sources;
                execution.sourceName = info.sourceName;
                execution.prepared = sql == null && info.sql != null;
                if (execution.prepared && info.values != null) {
                    execution.parameterValues = batch ? info.firstBatchValues : info.boundValues();
                }
                if (execution.prepared && !batch) {
                    // The statement's own array, not a copy: a receiver copies it only for a slow execution.
                    execution.boundValues = info.bound;
                    execution.boundPrimitives = info.boundPrimitives;
                    execution.boundValueCount = info.boundCount;
                    execution.boundRefusal = info.boundRefusal != 0 ? info.boundRefusal
                            : info.bound == null && info.parameterCount > 0 ? CapturedExecution.REFUSED_NOT_KEPT : 0;
                }
            }
            if (execution.prepared && !batch) {
                execution.statementMemo = info; // its memo slots: see AgentCapture
            }
            // Looked up once per statement: a map lookup per execution cost more than the rest of this method.
            String product = info != null ? info.product : null;
            if (product == null) {
                product = product(execution.sources, statement);
                if (info != null) {
                    info.product = product;
                }
            }
            execution.databaseProduct = product.isEmpty() ? null : product;
            Object[] states = execution.receiverStates;
            if (states == null || states.length != receivers.length) {
                states = new Object[receivers.length];
            }
            boolean wanted = false;
            for (int i = 0; i < receivers.length; i++) {
                states[i] = receivers[i].starting(execution);
                wanted |= states[i] != null;
            }
            if (!wanted) {
                reset(execution, states);
                thread.recycle(execution);
                return null;
            }
            execution.receivers = receivers;
            execution.receiverStates = states;
            thread.inFlightStatement = statement;
            thread.inFlightInfo = info;
            // Started last, so that none of the work above is counted as the query's time.
            execution.startNanos = System.nanoTime();
            return execution;
        } catch (Throwable e) {
            Diagnostics.internalError("agent: execute", e);
            return null;
        }
    }

    /**
     * A batch run by a nested layer (the driver's statement behind a pool's proxy) is never an execution of
     * ours, but its {@code addBatch} calls were remembered: forgotten here, or they would pile up forever.
     */
    private void forgetNestedBatch(Object statement) {
        try {
            StatementInfo nested = statements.get(statement);
            if (nested != null) {
                nested.clearBatch();
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: batch", e);
        }
    }

    private void warnUnknownSql(Object statement) {
        if (!warnedUnknownSql) { // checked first: the message is not built on every such execution
            warnedUnknownSql = true;
            Diagnostics.warnOnce("agent-unknown-sql", "a statement of " + statement.getClass().getName()
                    + " was executed whose SQL the agent did not see being prepared (it was prepared"
                    + " before the agent was attached, or by code the agent cannot instrument); such"
                    + " executions are not reported");
        }
    }

    /** Hot path. */
    @Override
    public void executeExit(Object token, Object result, Throwable thrown) {
        long end = System.nanoTime();
        ThreadState thread = threads.get();
        if (thread.executeDepth > 0) {
            thread.executeDepth--;
        }
        if (!(token instanceof CapturedExecution execution)) {
            return;
        }
        Object statement = thread.inFlightStatement;
        StatementInfo info = thread.inFlightInfo;
        thread.inFlightStatement = null;
        thread.inFlightInfo = null;
        try {
            execution.elapsedNanos = end - execution.startNanos;
            if (thrown != null) {
                execution.failed = true;
                execution.sqlState = thrown instanceof SQLException e ? e.getSQLState() : null;
            }
            updateCounts(execution, result);
            // Told before delivery: an event reads live rows from the execution only while a result may come.
            execution.resultFollows = Boolean.TRUE.equals(result) || result instanceof java.sql.ResultSet;
            if (execution.batchSize > 0 && info != null) {
                info.clearBatch(); // executeBatch empties the batch, whether it succeeded or not
            }
            // Re-executing a statement closes its previous results.
            finishResults(thread, statement, 0, false);
            CaptureReceiver[] receivers = execution.receivers;
            Object[] states = execution.receiverStates;
            for (int i = 0; i < receivers.length; i++) {
                if (states[i] != null) {
                    states[i] = deliver(receivers[i], execution, states[i]);
                }
            }
            forgetLastExecution(thread);
            if (Boolean.TRUE.equals(result)) {
                // execute() returned a result that getResultSet() will hand out: kept until then.
                thread.lastExecution = execution;
                thread.lastExecutedStatement = statement;
                thread.lastExecutedInfo = info;
            } else if (result instanceof java.sql.ResultSet) {
                opened(thread, result, execution, statement, info);
            } else {
                release(thread, execution);
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: execute", e);
        }
    }

    private static Object deliver(CaptureReceiver receiver, CapturedExecution execution, Object state) {
        try {
            return receiver.executed(execution, state);
        } catch (Throwable e) {
            Diagnostics.internalError("agent: receiver", e);
            return null;
        }
    }

    private static void updateCounts(CapturedExecution execution, Object result) {
        if (result instanceof Integer count) {
            execution.updateCount = count;
        } else if (result instanceof Long count) {
            execution.updateCount = count;
        } else if (result instanceof int[] counts) {
            long[] wide = new long[counts.length];
            long sum = 0;
            for (int i = 0; i < counts.length; i++) {
                wide[i] = counts[i];
                sum += Math.max(counts[i], 0);
            }
            execution.batchUpdateCounts = wide;
            execution.updateCount = sum;
        } else if (result instanceof long[] counts) {
            long sum = 0;
            for (long count : counts) {
                sum += Math.max(count, 0);
            }
            execution.batchUpdateCounts = counts.clone();
            execution.updateCount = sum;
        }
    }

    /**
     * The database product behind {@code sources}, read once per source from the driver's metadata
     * (calls made here are nested in the execution, so they are never recorded themselves); "" when the
     * driver cannot say.
     */
    private String product(Object[] sources, Object statement) {
        Object key = sources != null && sources.length > 0 ? sources[0] : statement.getClass();
        String known = products.get(key);
        if (known != null) {
            return known;
        }
        String product = "";
        try {
            if (statement instanceof Statement jdbc) {
                Connection connection = jdbc.getConnection();
                String name = connection == null ? null : connection.getMetaData().getDatabaseProductName();
                product = name == null ? "" : name;
            }
        } catch (Throwable unreadable) {
            // A driver that cannot say: fingerprint with the generic dialect from now on.
        }
        products.put(key, product);
        return product;
    }

    // ---- results ----------------------------------------------------------------------------

    @Override
    public void resultReturned(Object statement, Object resultSet) {
        try {
            ThreadState thread = threads.get();
            if (resultSet == null || thread.executeDepth > 0 || thread.lastExecutedStatement != statement) {
                return;
            }
            for (int i = 0; i < thread.openCount; i++) {
                if (thread.openResults[i] == resultSet) {
                    return; // getResultSet() called again for the same result
                }
            }
            opened(thread, resultSet, thread.lastExecution, statement, thread.lastExecutedInfo);
        } catch (Throwable e) {
            Diagnostics.internalError("agent: result", e);
        }
    }

    private void opened(ThreadState thread, Object resultSet, CapturedExecution execution, Object statement,
                        StatementInfo info) {
        if (thread.openCount == MAX_OPEN_RESULTS) {
            finishAt(thread, 0); // the oldest is most likely abandoned: report what it read
        }
        int slot = thread.openCount++;
        thread.openResults[slot] = resultSet;
        thread.openExecutions[slot] = execution;
        thread.openStatements[slot] = statement;
        thread.openConnections[slot] = info == null ? 0 : info.connectionId;
    }

    /** Hot path, once per row. Results of nested layers (the driver's, behind a pool's proxy) are not tracked. */
    @Override
    public void rowRead(Object resultSet, boolean hasRow) {
        try {
            ThreadState thread = threads.get();
            for (int i = thread.openCount - 1; i >= 0; i--) {
                if (thread.openResults[i] == resultSet) {
                    if (hasRow) {
                        thread.openExecutions[i].rowsRead++;
                    } else {
                        finishAt(thread, i);
                    }
                    return;
                }
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: row", e);
        }
    }

    @Override
    public void resultClosed(Object resultSet) {
        try {
            ThreadState thread = threads.get();
            for (int i = thread.openCount - 1; i >= 0; i--) {
                if (thread.openResults[i] == resultSet) {
                    finishAt(thread, i);
                    return;
                }
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: result", e);
        }
    }

    /** Finishes the results of {@code statement}, or (when {@code byConnection}) of every statement of a connection. */
    private void finishResults(ThreadState thread, Object statement, int connectionId, boolean byConnection) {
        for (int i = thread.openCount - 1; i >= 0; i--) {
            if (byConnection ? thread.openConnections[i] == connectionId : thread.openStatements[i] == statement) {
                finishAt(thread, i);
            }
        }
    }

    private static void finishAt(ThreadState thread, int index) {
        CapturedExecution execution = thread.openExecutions[index];
        int last = thread.openCount - 1;
        System.arraycopy(thread.openResults, index + 1, thread.openResults, index, last - index);
        System.arraycopy(thread.openExecutions, index + 1, thread.openExecutions, index, last - index);
        System.arraycopy(thread.openStatements, index + 1, thread.openStatements, index, last - index);
        System.arraycopy(thread.openConnections, index + 1, thread.openConnections, index, last - index);
        thread.openResults[last] = null;
        thread.openExecutions[last] = null;
        thread.openStatements[last] = null;
        thread.openCount = last;
        CaptureReceiver[] receivers = execution.receivers;
        Object[] states = execution.receiverStates;
        if (receivers == null || isOpen(thread, execution)) {
            return; // released already, or another result of the same execution is still being read
        }
        finishResult(execution);
        if (execution == thread.lastExecution) {
            // Read to its end: a later getResultSet() for it must not open it again and count its rows twice.
            forgetLastExecution(thread);
        } else {
            release(thread, execution);
        }
    }

    /** Tells the receivers the rows of {@code execution}'s result are final; their events stop reading it. */
    private static void finishResult(CapturedExecution execution) {
        CaptureReceiver[] receivers = execution.receivers;
        Object[] states = execution.receiverStates;
        execution.resultFollows = false;
        for (int i = 0; i < receivers.length; i++) {
            if (states[i] != null) {
                try {
                    receivers[i].resultFinished(execution, states[i], execution.rowsRead);
                } catch (Throwable e) {
                    Diagnostics.internalError("agent: receiver", e);
                }
            }
        }
    }

    private static boolean isOpen(ThreadState thread, CapturedExecution execution) {
        for (int i = 0; i < thread.openCount; i++) {
            if (thread.openExecutions[i] == execution) {
                return true;
            }
        }
        return false;
    }

    /**
     * An execution whose result is finished (or that had none) is done with its receivers: a result never fetched
     * is finished now, so that no event reads from it any more, and the execution is reset and kept for reuse
     * (keeping no engine's state and no DataSource reachable).
     */
    private static void release(ThreadState thread, CapturedExecution execution) {
        if (execution.receivers == null) {
            return; // released already
        }
        if (execution.resultFollows) {
            finishResult(execution);
        }
        reset(execution, execution.receiverStates);
        thread.recycle(execution);
    }

    /** Every field back to what a new execution has; {@code states} (emptied) stays for the next one to use. */
    private static void reset(CapturedExecution execution, Object[] states) {
        Arrays.fill(states, null);
        execution.sql = null;
        execution.batchSql = null;
        execution.sources = null;
        execution.sourceName = null;
        execution.databaseProduct = null;
        execution.startNanos = 0;
        execution.elapsedNanos = 0;
        execution.updateCount = CapturedExecution.NO_UPDATE_COUNT;
        execution.batchSize = 0;
        execution.batchUpdateCounts = null;
        execution.failed = false;
        execution.sqlState = null;
        execution.prepared = false;
        execution.parameterValues = null;
        execution.boundValues = null;
        execution.boundPrimitives = null;
        execution.statementMemo = null;
        execution.boundValueCount = 0;
        execution.boundRefusal = 0;
        execution.parameterHash = 0;
        execution.rowsRead = 0;
        execution.resultFollows = false;
        execution.receivers = null;
        execution.receiverStates = states;
    }

    private static void forgetLastExecution(ThreadState thread) {
        CapturedExecution last = thread.lastExecution;
        if (last != null && !isOpen(thread, last)) {
            release(thread, last);
        }
        thread.lastExecution = null;
        thread.lastExecutedStatement = null;
        thread.lastExecutedInfo = null;
    }

    // ---- connections ------------------------------------------------------------------------

    @Override
    public Object acquireEnter() {
        try {
            ThreadState thread = threads.get();
            if (thread.acquireDepth++ == 0 && thread.quiet == 0) {
                thread.acquireSourceCount = 0;
                CaptureReceiver[] receivers = AgentBridge.receivers();
                if (thread.acquireStates.length < receivers.length) {
                    thread.acquireStates = new Object[receivers.length];
                }
                for (int i = 0; i < receivers.length; i++) {
                    try {
                        thread.acquireStates[i] = receivers[i].acquiring();
                    } catch (Throwable e) {
                        thread.acquireStates[i] = null;
                        Diagnostics.internalError("agent: receiver", e);
                    }
                }
                thread.acquireReceivers = receivers;
                thread.acquireStart = System.nanoTime();
                return Boolean.TRUE;
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: connection", e);
        }
        return null;
    }

    @Override
    public void acquireExit(Object token, Object source, Object connection, Throwable thrown) {
        long end = System.nanoTime();
        try {
            ThreadState thread = threads.get();
            if (thread.acquireDepth > 0) {
                thread.acquireDepth--;
            }
            if (thread.quiet > 0) {
                return; // QueryHound's own connection (an EXPLAIN's): neither reported nor remembered
            }
            // Inner layers end first: the chain is collected innermost first, then reversed.
            if (thread.acquireSourceCount == thread.acquireSources.length) {
                thread.acquireSources = Arrays.copyOf(thread.acquireSources, thread.acquireSourceCount * 2);
            }
            thread.acquireSources[thread.acquireSourceCount++] = source;
            if (token == null) {
                if (connection != null) {
                    connections.put(connection, new ConnectionInfo(new Object[] {source}, nameOf(source)));
                }
                return;
            }
            Object[] chain = new Object[thread.acquireSourceCount];
            for (int i = 0; i < chain.length; i++) {
                chain[i] = thread.acquireSources[chain.length - 1 - i];
                thread.acquireSources[chain.length - 1 - i] = null;
            }
            thread.acquireSourceCount = 0;
            String name = nameOf(source);
            if (connection != null) {
                connections.put(connection, new ConnectionInfo(chain, name));
            }
            long elapsed = end - thread.acquireStart;
            CaptureReceiver[] receivers = thread.acquireReceivers;
            thread.acquireReceivers = NO_RECEIVERS;
            for (int i = 0; i < receivers.length; i++) {
                Object state = thread.acquireStates[i];
                thread.acquireStates[i] = null;
                try {
                    receivers[i].connectionAcquired(state, chain, name, elapsed, thrown != null);
                } catch (Throwable e) {
                    Diagnostics.internalError("agent: receiver", e);
                }
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: connection", e);
        }
    }

    /** Names by class: an acquisition through a pool happens once per query, and naming allocated three strings. */
    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return nameOf(type);
        }
    };

    /** The name output carries for a DataSource or Driver: its class, as {@code QueryHound.wrap} names one. */
    static String nameOf(Object source) {
        return source == null ? "dataSource" : NAMES.get(source.getClass());
    }

    private static String nameOf(Class<?> type) {
        String simple = type.getSimpleName();
        if (simple.isEmpty()) {
            return "dataSource";
        }
        return simple.substring(0, 1).toLowerCase(Locale.ROOT) + simple.substring(1);
    }

    @Override
    public void connectionClosed(Object connection) {
        try {
            ThreadState thread = threads.get();
            finishResults(thread, null, System.identityHashCode(connection), true);
            connections.remove(connection);
        } catch (Throwable e) {
            Diagnostics.internalError("agent: connection close", e);
        }
    }

    // ---- QueryHound's own JDBC work ---------------------------------------------------------

    /**
     * QueryHound's own JDBC work begins on this thread (the EXPLAIN of a slow statement on
     * {@code queryhound-explain}, an on-demand or a test's EXPLAIN): it must never be recorded as the
     * application's. The thread's execution depth is raised, so every execution on it looks nested and
     * is dropped by the check {@link #executeEnter} makes anyway: no check is added to the hot path (a
     * static volatile "explain thread" field would add a volatile read and a currentThread() per query,
     * and would miss on-demand EXPLAINs on application threads). Acquisitions check {@code quiet}, which
     * lies in the thread state they read already. Statements created meanwhile are tracked as usual, until
     * closed.
     */
    @Override
    public void quietBegin() {
        try {
            ThreadState thread = threads.get();
            thread.quiet++;
            thread.executeDepth++;
        } catch (Throwable e) {
            Diagnostics.internalError("agent: quiet", e);
        }
    }

    @Override
    public void quietEnd() {
        try {
            ThreadState thread = threads.get();
            if (thread.quiet > 0) {
                thread.quiet--;
                if (thread.executeDepth > 0) {
                    thread.executeDepth--;
                }
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent: quiet", e);
        }
    }

    // ---- scopes -----------------------------------------------------------------------------

    @Override
    public Object scopeEnter(String name, int kind) {
        try {
            boolean http = kind == SCOPE_HTTP;
            ThreadState thread = threads.get();
            if (http) {
                if (thread.httpScopeOpen) {
                    return null; // a forward, an include or a filter chain inside the same request
                }
                int parameters = name.indexOf(';');
                if (parameters > 0) {
                    name = name.substring(0, parameters); // ;jsessionid=... would make every session's path unique
                }
            }
            Scope.Kind scopeKind = switch (kind) {
                case SCOPE_HTTP -> Scope.Kind.HTTP;
                case SCOPE_CODE -> Scope.Kind.EXPLICIT;
                case SCOPE_TEST -> Scope.Kind.TEST;
                default -> Scope.Kind.METHOD;
            };
            ScopeToken token = new ScopeToken(engine.scope(name, scopeKind), http);
            if (http) {
                thread.httpScopeOpen = true; // only once the scope exists, or a failure would end HTTP scopes here
            }
            return token;
        } catch (Throwable e) {
            Diagnostics.internalError("agent: scope", e);
            return null;
        }
    }

    @Override
    public void scopeExit(Object token) {
        if (!(token instanceof ScopeToken scope)) {
            return;
        }
        try {
            if (scope.http()) {
                threads.get().httpScopeOpen = false;
            }
            scope.scope().close();
        } catch (Throwable e) {
            Diagnostics.internalError("agent: scope", e);
        }
    }

    /** The batch the agent remembers for {@code statement} (0 when none or unknown); for tests of its memory. */
    int batchedStatementsOf(Object statement) {
        StatementInfo info = statements.get(statement);
        return info == null ? 0 : info.batched;
    }

    /** Statements the agent currently remembers; for tests of its memory. */
    int trackedStatements() {
        return statements.size();
    }
}
