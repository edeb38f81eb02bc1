package io.queryhound.internal.capture;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;
import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.bridge.CaptureReceiver;
import io.queryhound.internal.bridge.CapturedExecution;
import io.queryhound.internal.bridge.StatementMemo;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.event.QueryEvent;
import io.queryhound.internal.event.Recorder;
import io.queryhound.internal.plan.PlanSource;
import io.queryhound.internal.record.Recordings;
import io.queryhound.internal.sql.FingerprintCache;

import javax.sql.DataSource;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Agent mode's receiving side: turns the executions the agent captured into {@link QueryEvent}s
 * for this copy of proxy-core. There is one per copy: the agent's own (relocated) copy routes every
 * execution to the agent's engine; the application's copy, when it has one, routes the executions
 * of each DataSource it was asked to {@code wrap} to the engine that wrapped it (wrapping would
 * count twice under the agent), and feeds the test recordings of its threads otherwise.
 */
public final class AgentCapture implements CaptureReceiver {

    private static final AgentCapture INSTANCE = new AgentCapture();

    /** Where executions of one connection source go; {@code source} null means every source. */
    private static final class Route {
        final WeakReference<Object> source;
        final String name;
        final Recorder recorder; // null: only this copy's test recordings
        final LongSupplier ticker; // null: the agent's own System.nanoTime readings are used
        final SqlDialect dialect; // null: from the database product name
        final boolean logParameters;
        final List<String> maskColumns;
        // The last product name seen and its dialect, published together: the catch-all route serves
        // every database of the JVM, and a name paired with another's dialect would split fingerprints.
        volatile ProductDialect lastProduct;

        Route(Object source, String name, Recorder recorder, LongSupplier ticker, SqlDialect dialect,
              boolean logParameters, List<String> maskColumns) {
            this.source = source == null ? null : new WeakReference<>(source);
            this.name = name;
            this.recorder = recorder;
            this.ticker = ticker;
            this.dialect = dialect;
            this.logParameters = logParameters;
            this.maskColumns = maskColumns;
            if (logParameters) {
                AgentBridge.wantParameterValues();
            }
            if (recorder != null && recorder.explainThresholdNanos() != Long.MAX_VALUE) {
                AgentBridge.wantBoundValues(); // this engine explains slow statements: their values must be at hand
            }
        }

        SqlDialect dialect(String databaseProduct) {
            if (dialect != null) {
                return dialect;
            }
            if (databaseProduct == null) {
                return SqlDialect.GENERIC;
            }
            ProductDialect known = lastProduct;
            if (known == null || !databaseProduct.equals(known.product())) {
                known = new ProductDialect(databaseProduct, SqlDialect.fromProductName(databaseProduct));
                lastProduct = known;
            }
            return known.dialect();
        }
    }

    private record ProductDialect(String product, SqlDialect dialect) {
    }

    /** An execution started on a route whose engine keeps its own clock. */
    private record Started(Route route, long startTicks) {
    }

    /** An execution recorded on a route: what its result's rows are reported to. */
    private record Delivered(Route route, QueryEvent event) {
    }

    private static final Route RECORDINGS_ONLY = new Route(null, null, null, null, null, false, List.of());

    private volatile Route[] routes = new Route[0];
    private volatile Route everything;

    private AgentCapture() {
    }

    /** Whether the QueryHound agent captures this JVM's JDBC calls (then nothing should be wrapped). */
    public static boolean agentAttached() {
        return AgentBridge.isAgentAttached();
    }

    /**
     * The agent's own engine: every execution and acquisition goes to {@code recorder}, timed by the
     * agent.
     */
    public static void routeEverything(Recorder recorder, SqlDialect dialect, boolean logParameters,
                                       List<String> maskColumns) {
        INSTANCE.everything = new Route(null, null, recorder, null, dialect, logParameters, maskColumns);
        AgentBridge.register(INSTANCE);
    }

    /**
     * Under the agent, {@code wrap(dataSource)}: executions on connections from {@code dataSource}
     * go to {@code recorder}, timed with {@code ticker}, as if it had been wrapped.
     */
    public static synchronized void route(Object dataSource, String name, Recorder recorder, LongSupplier ticker,
                                          SqlDialect dialect, boolean logParameters, List<String> maskColumns) {
        List<Route> kept = new ArrayList<>();
        for (Route route : INSTANCE.routes) {
            Object known = route.source.get();
            if (known != null && known != dataSource) {
                kept.add(route); // a source wrapped again (by a newer engine) takes the newer route
            }
        }
        kept.add(new Route(dataSource, name, recorder, ticker, dialect, logParameters, maskColumns));
        INSTANCE.routes = kept.toArray(new Route[0]);
        AgentBridge.register(INSTANCE);
    }

    /**
     * Whether scopes opened in code with this copy must be mirrored in the agent's engine: under the agent,
     * in any copy but the agent's own (whose engine is the agent's).
     */
    public static boolean mirrorsScopes() {
        return INSTANCE.everything == null && AgentBridge.isAgentAttached();
    }

    /** A closed engine: its sources' executions are no longer its to report, and it must not be kept reachable. */
    public static synchronized void unroute(Recorder recorder) {
        List<Route> kept = new ArrayList<>();
        for (Route route : INSTANCE.routes) {
            if (route.recorder != recorder && route.source.get() != null) {
                kept.add(route);
            }
        }
        INSTANCE.routes = kept.toArray(new Route[0]);
        if (kept.isEmpty() && INSTANCE.everything == null && !Recordings.anyOpen()) {
            // Nothing left for this copy to receive: not kept in the boot loader's list, so that the class
            // loader of an application that bundles QueryHound (a redeployed web application) can go.
            AgentBridge.unregister(INSTANCE);
        }
    }

    /** A test recording opened under the agent: this copy needs the agent's executions. */
    public static synchronized void listenForRecordings() {
        if (AgentBridge.isAgentAttached()) {
            AgentBridge.wantBoundValues(); // a recording may explain its SELECTs (@NoFullTableScans)
            AgentBridge.register(INSTANCE);
        }
    }

    /** Hot path: which route takes an execution on a connection from {@code sources}. */
    private Route routeFor(Object[] sources) {
        Route[] known = routes;
        if (sources != null && known.length > 0) {
            // Outermost source first: of two wrapped layers, the one the application called reports.
            for (Object candidate : sources) {
                for (Route route : known) {
                    if (candidate != null && route.source.get() == candidate) {
                        return route;
                    }
                }
            }
        }
        Route all = everything;
        if (all != null) {
            return all;
        }
        return Recordings.anyOpen() ? RECORDINGS_ONLY : null;
    }

    /** Hot path. */
    @Override
    public Object starting(CapturedExecution execution) {
        try {
            Route route = routeFor(execution.sources);
            if (route == null || route.ticker == null) {
                return route;
            }
            return new Started(route, route.ticker.getAsLong());
        } catch (Throwable e) {
            Diagnostics.internalError("agent capture", e);
            return null;
        }
    }

    /** Hot path: one event (one per fingerprint for a mixed batch), recorded on this copy's route. */
    @Override
    public Object executed(CapturedExecution execution, Object state) {
        try {
            Route route;
            long start;
            long elapsed;
            if (state instanceof Started started) {
                route = started.route();
                start = started.startTicks();
                elapsed = route.ticker.getAsLong() - start;
            } else {
                route = (Route) state;
                start = execution.startNanos;
                elapsed = execution.elapsedNanos;
            }
            if (execution.sql == null) {
                return null;
            }
            SqlDialect dialect = route.dialect(execution.databaseProduct);
            String source = route.name != null ? route.name : execution.sourceName;
            if (execution.batchSql != null && execution.batchSql.length > 1
                    && !BatchGroups.allSame(Arrays.asList(execution.batchSql), dialect)) {
                recordMixedBatch(execution, route, dialect, source, start, elapsed);
                return null; // a batch has no result to count rows of
            }
            SqlFingerprint fingerprint = fingerprint(execution, dialect, route == everything);
            QueryEvent event = new QueryEvent(execution.sql, fingerprint, start, elapsed, execution.updateCount,
                    execution.batchSize, execution.failed, execution.sqlState, Thread.currentThread(), source,
                    execution.parameterHash);
            if (execution.resultFollows) {
                event.readRowsFrom(execution); // until resultFinished: the agent reuses the execution afterwards
            }
            if (route.logParameters) {
                event.parameterSample(ParameterSample.of(execution.prepared ? parameterValuesOf(execution) : null,
                        execution.sql, dialect, route.maskColumns));
            }
            record(route, event);
            if (route.recorder != null && elapsed >= route.recorder.explainThresholdNanos() && !execution.failed
                    && execution.batchSize == 0) {
                explainLater(route.recorder, execution, event, dialect); // slow executions only: one volatile read
            }
            if (Recordings.anyOpen()) { // one volatile read when no test is recording
                keepPlanSource(execution, event, dialect);
            }
            if (!execution.resultFollows) {
                return null; // no result: nothing more to hear about this execution
            }
            // The agent's own route is implied by the event alone: nothing allocated for it per query.
            return route == everything ? event : new Delivered(route, event);
        } catch (Throwable e) {
            Diagnostics.internalError("agent capture", e);
            return null;
        }
    }

    /** What this copy works out once per prepared statement: its fingerprint, for the SQL and dialect it was for. */
    private record KnownFingerprint(String sql, SqlDialect dialect, SqlFingerprint fingerprint) {
    }

    static SqlFingerprint fingerprintOf(CapturedExecution execution, SqlDialect dialect, boolean memoize) {
        return INSTANCE.fingerprint(execution, dialect, memoize);
    }

    /**
     * Hot path: the fingerprint of {@code execution}, from the statement's memo when it was worked out for the same
     * SQL (the same String: a prepared statement's) and dialect, else from the shared cache. The memo is made at
     * the statement's second execution (its first only notes the SQL there): a statement prepared for one
     * execution, as through a pool, allocates nothing for it. Only the agent's own route {@code memoize}s (see
     * {@link StatementMemo} for why).
     */
    private SqlFingerprint fingerprint(CapturedExecution execution, SqlDialect dialect, boolean memoize) {
        StatementMemo memo = execution.statementMemo;
        if (memo == null || !memoize) {
            return FingerprintCache.shared(dialect).get(execution.sql);
        }
        Object known = memo.owner == this ? memo.value : null;
        if (known instanceof KnownFingerprint kept && kept.sql() == execution.sql && kept.dialect() == dialect) {
            return kept.fingerprint();
        }
        SqlFingerprint fingerprint = FingerprintCache.shared(dialect).get(execution.sql);
        // The value before its owner; a statement run by two threads at once at worst works it out twice.
        memo.value = known == execution.sql ? new KnownFingerprint(execution.sql, dialect, fingerprint) : execution.sql;
        memo.owner = this;
        return fingerprint;
    }

    /** A prepared execution's values; none kept (logParameters was switched on after it was bound) reads as none bound. */
    private static String[] parameterValuesOf(CapturedExecution execution) {
        return execution.parameterValues != null ? execution.parameterValues : new String[0];
    }

    private static void recordMixedBatch(CapturedExecution execution, Route route, SqlDialect dialect, String source,
                                         long start, long elapsed) {
        List<String> sqls = Arrays.asList(execution.batchSql);
        for (BatchGroups.Group group : BatchGroups.of(sqls, dialect, execution.batchUpdateCounts)) {
            record(route, new QueryEvent(group.firstSql(), group.fingerprint(), start,
                    elapsed * group.statements() / sqls.size(),
                    execution.batchUpdateCounts == null ? QueryEvent.NO_UPDATE_COUNT : group.updateCount(),
                    group.statements(), execution.failed, execution.sqlState, Thread.currentThread(), source,
                    ParameterHash.ofSqlText(group.firstSql())));
        }
    }

    private static void record(Route route, QueryEvent event) {
        if (route.recorder != null) {
            route.recorder.record(event); // feeds this copy's test recordings too
        } else {
            Recordings.onQuery(event);
        }
    }

    /** The note of a slow statement whose connection came from DriverManager or a Driver: nothing to explain it on. */
    static final String NO_DATA_SOURCE = "not fetched: under -javaagent QueryHound explains on a connection from the"
            + " DataSource the statement's connection came from; this one came from DriverManager or a Driver, and"
            + " QueryHound opens no connection by other means";

    /** The values an execution was run with, in placeholder order, or why they cannot be bound again. */
    record Bound(Object[] values, String refusal) {
    }

    private static final Bound NONE_BOUND = new Bound(new Object[0], null);

    /**
     * A copy of the values of {@code execution} (the agent hands over the statement's own array, valid only
     * now, on this thread), or why they cannot be bound again; the same refusals as library mode's.
     * Only for slow executions and for test recordings: never on the path of an ordinary query.
     */
    static Bound boundValues(CapturedExecution execution) {
        if (!execution.prepared) {
            return NONE_BOUND; // a plain statement: its values are in its text
        }
        switch (execution.boundRefusal) {
            case 0 -> {
            }
            case CapturedExecution.REFUSED_NAMED -> {
                return new Bound(null, "not explained: a value was bound by parameter name, which the EXPLAIN"
                        + " cannot repeat");
            }
            case CapturedExecution.REFUSED_NOT_KEPT -> {
                return new Bound(null, "not explained: the statement's values were bound before QueryHound"
                        + " started keeping them");
            }
            default -> {
                return new Bound(null, "not explained: a value bound was too large for the agent to keep"
                        + " (over 4096 characters or bytes, or beyond the 2048th parameter)");
            }
        }
        Object[] live = execution.boundValues;
        if (live == null || execution.boundValueCount == 0) {
            return NONE_BOUND;
        }
        Object[] values = Arrays.copyOf(live, Math.min(execution.boundValueCount, live.length));
        long[] primitives = execution.boundPrimitives;
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == CapturedExecution.INT_VALUE) {
                values[i] = Integer.valueOf((int) primitives[i]); // kept unboxed by the agent: boxed here, off the hot path
            } else if (value == CapturedExecution.LONG_VALUE) {
                values[i] = Long.valueOf(primitives[i]);
            } else if (value == CapturedExecution.STREAM_VALUE) {
                return new Bound(null, "not explained: a stream or LOB was bound, which cannot be bound again");
            }
            if (value == CapturedExecution.TOO_LARGE_VALUE) {
                return new Bound(null, "not explained: a value bound was too large for the agent to keep"
                        + " (over 4096 characters or bytes)");
            }
        }
        return new Bound(values, null);
    }

    /**
     * The DataSource an EXPLAIN of {@code execution} takes its connection from: the outermost of its
     * connection's chain, the one the application called (a pool, or a proxy over one), through the
     * {@code javax.sql.DataSource} interface, a platform type that works across class loaders. Null for a
     * connection from DriverManager or a Driver.
     */
    static DataSource explainSource(CapturedExecution execution) {
        Object[] sources = execution.sources;
        return sources != null && sources.length > 0 && sources[0] instanceof DataSource outermost ? outermost : null;
    }

    /** A slow execution: its values copied, handed with its DataSource to the engine's plan fetcher. */
    private static void explainLater(Recorder recorder, CapturedExecution execution, QueryEvent event,
                                     SqlDialect dialect) {
        DataSource source = explainSource(execution);
        if (source == null) {
            recorder.slowExecution(event, null, null, null, NO_DATA_SOURCE);
            return;
        }
        Bound bound = boundValues(execution);
        recorder.slowExecution(event, source, dialect, bound.values(), bound.refusal());
    }

    /** A test recording on this thread keeps what it takes to explain the first execution of each SELECT. */
    private static void keepPlanSource(CapturedExecution execution, QueryEvent event, SqlDialect dialect) {
        if (event.kind() != StatementKind.SELECT || execution.failed || execution.batchSize != 0
                || !Recordings.wantsPlanSource(event.fingerprint())) {
            return;
        }
        DataSource source = explainSource(execution);
        Bound bound = boundValues(execution);
        if (source != null && bound.values() != null) {
            Recordings.planSource(event.fingerprint(), new PlanSource(event.sql(), source, dialect, bound.values()));
        }
    }

    @Override
    public void resultFinished(CapturedExecution execution, Object state, long rows) {
        try {
            Route route;
            QueryEvent event;
            if (state instanceof Delivered delivered) {
                route = delivered.route();
                event = delivered.event();
            } else if (state instanceof QueryEvent delivered && everything != null) {
                route = everything;
                event = delivered;
            } else {
                return;
            }
            event.rowsFinished(rows); // from here on the event no longer reads from the execution
            if (route.recorder != null) {
                route.recorder.resultFinished(event, rows);
            } else if (Recordings.anyOpen()) {
                Recordings.onResultFinished(event, rows);
            }
        } catch (Throwable e) {
            Diagnostics.internalError("agent capture", e);
        }
    }

    /**
     * The wrapped sources' clocks at the start of an acquisition, for the routes whose engines keep their
     * own (the agent's readings are used for the rest).
     */
    private record AcquisitionStart(Route[] routes, long[] startTicks) {
    }

    @Override
    public Object acquiring() {
        try {
            Route[] known = routes;
            if (known.length == 0) {
                return null;
            }
            long[] ticks = new long[known.length];
            for (int i = 0; i < known.length; i++) {
                try {
                    ticks[i] = known[i].ticker == null ? 0 : known[i].ticker.getAsLong();
                } catch (Throwable e) {
                    Diagnostics.internalError("connection capture", e); // that route falls back to the agent's clock
                    ticks[i] = Long.MIN_VALUE;
                }
            }
            return new AcquisitionStart(known, ticks);
        } catch (Throwable e) {
            Diagnostics.internalError("connection capture", e);
            return null;
        }
    }

    @Override
    public void connectionAcquired(Object state, Object[] sources, String sourceName, long elapsedNanos,
                                   boolean failed) {
        try {
            Route route = routeFor(sources);
            if (route == null || route.recorder == null) {
                return;
            }
            long elapsed = elapsedNanos;
            if (route.ticker != null && state instanceof AcquisitionStart start) {
                for (int i = 0; i < start.routes().length; i++) {
                    if (start.routes()[i] == route && start.startTicks()[i] != Long.MIN_VALUE) {
                        elapsed = route.ticker.getAsLong() - start.startTicks()[i];
                        break;
                    }
                }
            }
            route.recorder.connectionAcquired(route.name != null ? route.name : sourceName, elapsed, failed);
        } catch (Throwable e) {
            Diagnostics.internalError("connection capture", e);
        }
    }
}
