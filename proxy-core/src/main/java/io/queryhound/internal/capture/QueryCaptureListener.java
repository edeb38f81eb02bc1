package io.queryhound.internal.capture;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.event.QueryEvent;
import io.queryhound.StatementKind;
import io.queryhound.internal.event.Recorder;
import io.queryhound.internal.plan.PlanSource;
import io.queryhound.internal.record.Recordings;
import io.queryhound.internal.sql.FingerprintCache;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.StatementType;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Library mode's adapter from datasource-proxy's listener to {@link QueryEvent}. It times the
 * execution itself (datasource-proxy's default stopwatch has millisecond resolution) and records
 * only the outermost execution on the thread. Every method catches everything: an exception thrown
 * from here would replace the driver's own exception in the application.
 */
final class QueryCaptureListener implements QueryExecutionListener {

    private final Recorder recorder;
    private final LongSupplier ticker;
    private final String dataSourceName;
    private final boolean logParameters;
    private final List<String> maskColumns;
    /** The application's DataSource under QueryHound's wrapper: where EXPLAIN connections come from (issue 8). */
    private final DataSource target;
    private volatile SqlDialect dialect;
    /** Metadata lookups that failed; after a few the dialect stays generic (no metadata call per query). */
    private int failedDetections;
    private static final int MAX_DIALECT_ATTEMPTS = 3;

    /** {@code dialect} null means: read it from the database product name on the first execution. */
    QueryCaptureListener(Recorder recorder, LongSupplier ticker, String dataSourceName, SqlDialect dialect,
                         boolean logParameters, List<String> maskColumns, DataSource target) {
        this.recorder = recorder;
        this.target = target;
        this.logParameters = logParameters;
        this.maskColumns = maskColumns;
        this.ticker = ticker;
        this.dataSourceName = dataSourceName;
        this.dialect = dialect;
    }

    /** Hot path. */
    @Override
    public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queries) {
        try {
            CaptureState.current().enter(ticker.getAsLong());
        } catch (Throwable e) {
            Diagnostics.internalError("query capture", e);
        }
    }

    /** Hot path: builds one event and records it. */
    @Override
    public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queries) {
        try {
            CaptureState state = CaptureState.current();
            // Leave first: whatever fails below, the depth must stay balanced or the thread stops recording.
            if (!state.exit() || queries.isEmpty()) {
                return;
            }
            long end = ticker.getAsLong();
            String sql = queries.get(0).getQuery();
            if (sql == null) {
                return;
            }
            SqlDialect dialect = dialectOf(execInfo);
            SqlFingerprint fingerprint = FingerprintCache.shared(dialect).get(sql);
            if (queries.size() > 1) {
                List<String> sqls = new ArrayList<>(queries.size());
                for (QueryInfo query : queries) {
                    sqls.add(query.getQuery());
                }
                if (!BatchGroups.allSame(sqls, dialect)) {
                    recordMixedBatch(execInfo, sqls, dialect, state, end);
                    return;
                }
            }
            Throwable thrown = execInfo.getThrowable();
            QueryEvent event = new QueryEvent(sql, fingerprint, state.startNanos(), end - state.startNanos(),
                    updateCount(execInfo.getResult()), execInfo.isBatch() ? execInfo.getBatchSize() : 0,
                    !execInfo.isSuccess(), thrown instanceof SQLException e ? e.getSQLState() : null,
                    Thread.currentThread(), dataSourceName, parameterHash(execInfo, queries.get(0), sql));
            if (logParameters) {
                event.parameterSample(ParameterSample.of(execInfo, queries.get(0), sql, dialect, maskColumns));
            }
            recorder.record(event);
            if (event.elapsedNanos() >= recorder.explainThresholdNanos() && execInfo.isSuccess() && !execInfo.isBatch()) {
                explainLater(execInfo, queries.get(0), event, dialect); // slow executions only
            }
            if (Recordings.anyOpen()) { // one volatile read when no test is recording
                keepPlanSource(execInfo, queries.get(0), event, dialect);
            }
            state.recorded(event, recorder, execInfo.getStatement(), execInfo.getConnectionId());
        } catch (Throwable e) {
            Diagnostics.internalError("query capture", e);
        }
    }

    /**
     * A {@code Statement} batch of different statements: one event per distinct fingerprint (see
     * {@link BatchGroups}). The driver reports one time for the whole batch; it is shared out by
     * statement count.
     */
    private void recordMixedBatch(ExecutionInfo execInfo, List<String> sqls, SqlDialect dialect,
                                  CaptureState state, long end) {
        Object result = execInfo.getResult();
        long[] updateCounts = result instanceof int[] ints ? widen(ints) : result instanceof long[] longs ? longs : null;
        Throwable thrown = execInfo.getThrowable();
        String sqlState = thrown instanceof SQLException e ? e.getSQLState() : null;
        long elapsed = end - state.startNanos();
        QueryEvent last = null;
        for (BatchGroups.Group group : BatchGroups.of(sqls, dialect, updateCounts)) {
            last = new QueryEvent(group.firstSql(), group.fingerprint(), state.startNanos(),
                    elapsed * group.statements() / sqls.size(),
                    result == null ? QueryEvent.NO_UPDATE_COUNT : group.updateCount(), group.statements(),
                    !execInfo.isSuccess(), sqlState, Thread.currentThread(), dataSourceName,
                    ParameterHash.ofSqlText(group.firstSql()));
            recorder.record(last);
        }
        state.recorded(last, recorder, execInfo.getStatement(), execInfo.getConnectionId());
    }

    /** The values an execution was run with, in placeholder order, or why they cannot be bound again. */
    private record Bound(Object[] values, String refusal) {
    }

    /**
     * The bound values, copied out of datasource-proxy's record of the {@code set*} calls. A stream or LOB
     * was consumed by the driver and cannot be bound again, so such an execution is not explained. Only
     * for slow executions and for test recordings: never on the path of an ordinary query.
     */
    private static Bound boundValues(ExecutionInfo execInfo, QueryInfo query) {
        if (execInfo.getStatementType() == StatementType.STATEMENT || query.getParametersList().isEmpty()) {
            return new Bound(new Object[0], null);
        }
        List<ParameterSetOperation> operations = query.getParametersList().get(0);
        int count = 0;
        for (ParameterSetOperation operation : operations) {
            Object[] args = operation.getArgs();
            if (args != null && args.length > 0 && args[0] instanceof Integer index) {
                count = Math.max(count, index);
            }
        }
        Object[] values = new Object[Math.min(count, 65_535)];
        for (ParameterSetOperation operation : operations) {
            Object[] args = operation.getArgs();
            if (args == null || args.length == 0 || !(args[0] instanceof Integer index)
                    || index < 1 || index > values.length) {
                return new Bound(null, "not explained: a value was bound by parameter name, which the EXPLAIN"
                        + " cannot repeat");
            }
            Object value = operation.getMethod().getName().equals("setNull") || args.length < 2 ? null : args[1];
            if (value instanceof java.io.InputStream || value instanceof java.io.Reader
                    || value instanceof java.sql.Blob || value instanceof java.sql.Clob
                    || value instanceof java.sql.Array || value instanceof java.sql.SQLXML) {
                return new Bound(null, "not explained: a stream or LOB was bound, which cannot be bound again");
            }
            values[index - 1] = value;
        }
        return new Bound(values, null);
    }

    /** Hands a slow execution with its bound values to the recorder's plan fetcher. */
    private void explainLater(ExecutionInfo execInfo, QueryInfo query, QueryEvent event, SqlDialect dialect) {
        Bound bound = boundValues(execInfo, query);
        recorder.slowExecution(event, target, dialect, bound.values(), bound.refusal());
    }

    /** A test recording on this thread keeps what it takes to explain the first execution of each SELECT. */
    private void keepPlanSource(ExecutionInfo execInfo, QueryInfo query, QueryEvent event, SqlDialect dialect) {
        if (event.kind() != StatementKind.SELECT || !execInfo.isSuccess() || execInfo.isBatch()
                || !Recordings.wantsPlanSource(event.fingerprint())) {
            return;
        }
        Bound bound = boundValues(execInfo, query);
        if (bound.values() != null) {
            Recordings.planSource(event.fingerprint(), new PlanSource(event.sql(), target, dialect, bound.values()));
        }
    }

    private static long[] widen(int[] counts) {
        long[] wide = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            wide[i] = counts[i];
        }
        return wide;
    }

    private SqlDialect dialectOf(ExecutionInfo execInfo) {
        SqlDialect known = dialect;
        if (known == null) {
            known = detectDialect(execInfo.getStatement());
            if (known != null || ++failedDetections >= MAX_DIALECT_ATTEMPTS) {
                dialect = known != null ? known : SqlDialect.GENERIC;
            }
        }
        return known != null ? known : SqlDialect.GENERIC;
    }

    /**
     * Once per DataSource: the product name comes from the driver's metadata, never per query. Null
     * when the driver could not say (a broken connection): the next execution asks again rather than
     * fixing the wrong dialect for the DataSource's lifetime.
     */
    private static SqlDialect detectDialect(Statement statement) {
        try {
            return SqlDialect.fromProductName(statement.getConnection().getMetaData().getDatabaseProductName());
        } catch (Throwable e) {
            return null;
        }
    }

    private static long parameterHash(ExecutionInfo execInfo, QueryInfo query, String sql) {
        if (execInfo.getStatementType() == StatementType.STATEMENT) {
            return ParameterHash.ofSqlText(sql);
        }
        List<List<ParameterSetOperation>> sets = query.getParametersList();
        if (sets.isEmpty() || execInfo.isBatch()) {
            return ParameterHash.NONE;
        }
        List<ParameterSetOperation> operations = sets.get(0);
        if (operations.isEmpty()) {
            return ParameterHash.NONE;
        }
        long hash = ParameterHash.start();
        for (int i = 0, n = operations.size(); i < n; i++) {
            Object[] args = operations.get(i).getArgs();
            if (args == null || args.length == 0) {
                continue;
            }
            int position = args[0] instanceof Integer index ? index : java.util.Objects.hashCode(args[0]);
            String method = operations.get(i).getMethod().getName();
            hash = method.equals("setNull") || args.length < 2
                    ? ParameterHash.addNull(hash, position)
                    : ParameterHash.add(hash, position, args[1]);
        }
        return hash;
    }

    private static long updateCount(Object result) {
        if (result instanceof Integer count) {
            return count;
        }
        if (result instanceof Long count) {
            return count;
        }
        if (result instanceof int[] counts) {
            long sum = 0;
            for (int count : counts) {
                sum += Math.max(count, 0);
            }
            return sum;
        }
        if (result instanceof long[] counts) {
            long sum = 0;
            for (long count : counts) {
                sum += Math.max(count, 0);
            }
            return sum;
        }
        return QueryEvent.NO_UPDATE_COUNT;
    }
}
