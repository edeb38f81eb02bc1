package io.queryhound.internal.event;

import io.queryhound.SqlDialect;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.plan.PlanFetcher;
import io.queryhound.internal.record.Recordings;
import io.queryhound.internal.stats.StatisticsTable;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one entry point of every capture front end: each finished JDBC execution is recorded here,
 * once, and so is each connection acquisition. It updates the per-fingerprint statistics without
 * locks and hands the event to the listeners (scopes, detectors) and to the test recordings bound
 * to the thread, on the same thread.
 */
public final class Recorder {

    private final StatisticsTable statistics;
    private final List<QueryEventListener> registered = new CopyOnWriteArrayList<>();
    /** Where slow executions go to be explained (issue 8); null when {@code explain=false}. */
    private volatile PlanFetcher plans;
    /** Executions at least this slow are handed to {@link #plans}; never when explaining is off. */
    private volatile long explainNanos = Long.MAX_VALUE;
    /** The composite of {@link #registered}, rebuilt on change so the hot path reads one field. */
    private volatile QueryEventListener listener = QueryEventListener.NONE;

    public Recorder(StatisticsTable statistics) {
        this.statistics = statistics;
    }

    /** Hot path: one execution, on the thread that ran it. No locks, no I/O. */
    public void record(QueryEvent event) {
        statistics.record(event.fingerprint(), event.elapsedNanos(), event.failed(), event.batchSize());
        listener.onQuery(event);
        if (Recordings.anyOpen()) { // one volatile read when no test is recording
            Recordings.onQuery(event);
        }
    }

    /** A result of {@code event} was read to its end or closed after {@code rows} rows. */
    public void resultFinished(QueryEvent event, long rows) {
        if (rows > 0) {
            statistics.addRows(event.fingerprint(), rows);
        }
        listener.onResultFinished(event, rows);
        if (Recordings.anyOpen()) {
            Recordings.onResultFinished(event, rows);
        }
    }

    /**
     * Every capture front end calls this once per outermost connection acquisition on a thread
     * ({@code DataSource.getConnection}, {@code Driver.connect}), on that thread, whether it
     * succeeded or threw. Hot-ish path: nothing is allocated unless the acquisition was slow.
     */
    public void connectionAcquired(String dataSourceName, long elapsedNanos, boolean failed) {
        listener.onConnectionAcquired(dataSourceName, elapsedNanos, failed);
        if (Recordings.anyOpen()) {
            Recordings.onConnectionAcquired(dataSourceName, elapsedNanos, failed);
        }
    }

    /** Hands executions of at least {@code slowNanos} to {@code fetcher} for their plan. */
    public void explainSlowExecutions(PlanFetcher fetcher, long slowNanos) {
        this.plans = fetcher;
        this.explainNanos = fetcher == null ? Long.MAX_VALUE : slowNanos;
    }

    /**
     * The hot path reads this one field per query: only an execution at least this slow pays for capturing
     * its values and calling {@link #slowExecution}.
     */
    public long explainThresholdNanos() {
        return explainNanos;
    }

    /**
     * A slow execution (the front end checked {@link #explainThresholdNanos()}) to explain off this thread;
     * see {@link PlanFetcher#slowExecution}. Never throws.
     */
    public void slowExecution(QueryEvent event, DataSource source, SqlDialect dialect, Object[] values,
                              String refusal) {
        PlanFetcher fetcher = plans;
        if (fetcher == null) {
            return;
        }
        try {
            fetcher.slowExecution(source, dialect, event.sql(), event.fingerprint(), values, refusal);
        } catch (Throwable e) {
            Diagnostics.internalError("explain request", e);
        }
    }

    public synchronized void addListener(QueryEventListener added) {
        registered.add(added);
        listener = QueryEventListener.all(registered);
    }

    public StatisticsTable statistics() {
        return statistics;
    }
}
