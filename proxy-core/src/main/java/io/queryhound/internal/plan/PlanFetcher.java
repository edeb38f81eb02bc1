package io.queryhound.internal.plan;

import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryPlan;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.bridge.Hooks;
import io.queryhound.internal.config.Diagnostics;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Fetches the plans of slow statements, off the application's threads: the capture front end hands over
 * a slow execution (its SQL, its bound values, the DataSource it ran on); at most one EXPLAIN per
 * fingerprint per {@code explainIntervalSeconds} is queued to one daemon thread, which runs it on a
 * connection of its own from that DataSource; the reporting thread then waits, with a bound, for the plan
 * of each {@code SLOW_QUERY} finding it writes ({@link #complete}).
 *
 * <p>Why the reporting thread waits rather than writing the plan as a record of its own: a finding with its
 * plan is one line to search, and the EXPLAIN started when the slow execution finished, before its scope
 * ended, so it is usually done by the time the finding is written. A plan not ready in time is not written
 * later; the finding says so ({@code planNote}).
 *
 * <p>Bounded whatever the workload: {@link #MAX_WAITING} EXPLAINs wait in the queue (more are dropped and
 * counted, and may be tried again by a later slow execution), and {@link #MAX_STATEMENTS} fingerprints are
 * remembered (each with its last plan, for the findings of the interval). Bound values live only in a queued
 * task, until its EXPLAIN ran.
 */
public final class PlanFetcher implements AutoCloseable {

    /** EXPLAINs waiting for the explain thread; one slow statement is usually one EXPLAIN per interval. */
    static final int MAX_WAITING = 32;
    /** Fingerprints whose last plan is remembered; past this, expired ones are let go, else new ones are not explained. */
    static final int MAX_STATEMENTS = 2048;
    /** What the reporting thread waits beyond the statement timeout for a plan (a connection to acquire, catalogue queries). */
    public static final long EXTRA_WAIT_MILLIS = 2_000;

    private final boolean analyze;
    private final int timeoutSeconds;
    private final long intervalNanos;
    private final long fullScanMinRows;
    private final LongSupplier clock;
    private final ThreadPoolExecutor executor;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong explained = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    /**
     * @param clock nanoseconds for the per-fingerprint interval ({@code System::nanoTime}; tests advance their own)
     */
    public PlanFetcher(boolean analyze, int timeoutSeconds, long intervalSeconds, long fullScanMinRows,
                       LongSupplier clock) {
        this.analyze = analyze;
        this.timeoutSeconds = timeoutSeconds;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        this.fullScanMinRows = fullScanMinRows;
        this.clock = clock;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_WAITING),
                runnable -> {
                    Thread thread = new Thread(runnable, "queryhound-explain");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * On the application's thread, only for an execution that crossed {@code slowQueryMillis}: queues its
     * EXPLAIN unless the fingerprint was explained within the interval. A few map operations; never blocks.
     *
     * @param source   the DataSource the statement ran on (QueryHound's wrapper removed), or null when it is
     *                 not known: then no plan is fetched, and {@code refusal} says why
     * @param values   the bound values in placeholder order (kept only until the EXPLAIN ran)
     * @param refusal  why the execution cannot be explained (a stream bound, no DataSource), or null
     */
    public void slowExecution(DataSource source, SqlDialect dialect, String sql, SqlFingerprint fingerprint,
                              Object[] values, String refusal) {
        long now = clock.getAsLong();
        Long id = fingerprint.idAsLong();
        Entry current = entries.get(id);
        if (current != null && !current.dropped && now - current.requestedAt < intervalNanos) {
            rateLimited.incrementAndGet();
            return;
        }
        if (current == null && entries.size() >= MAX_STATEMENTS && !forgetExpired(now)) {
            dropped.incrementAndGet();
            Diagnostics.warnOnce("explain-statements", "more than " + MAX_STATEMENTS + " distinct slow statements"
                    + " within explainIntervalSeconds: further ones are not explained until earlier plans expire");
            return;
        }
        Entry fresh = new Entry(now);
        boolean mine = current == null ? entries.putIfAbsent(id, fresh) == null : entries.replace(id, current, fresh);
        if (!mine) {
            rateLimited.incrementAndGet(); // another thread queued it just now
            return;
        }
        if (refusal != null || source == null) {
            fresh.complete(QueryPlan.none(refusal != null ? refusal : "not fetched: the connection's DataSource is unknown"));
            return;
        }
        try {
            executor.execute(() -> fetch(fresh, source, dialect, sql, values));
        } catch (RejectedExecutionException full) {
            dropped.incrementAndGet();
            fresh.dropped = true; // kept for its note, but a later slow execution may try again
            fresh.complete(QueryPlan.none("not explained: " + MAX_WAITING + " EXPLAINs were already waiting"));
            Diagnostics.warnOnce("explain-queue-full", "more than " + MAX_WAITING + " EXPLAINs waiting: slow"
                    + " statements beyond that are written without a plan (counted, not queued)");
        }
    }

    /** The explain thread: one EXPLAIN on a connection of its own. Never throws. */
    private void fetch(Entry entry, DataSource source, SqlDialect dialect, String sql, Object[] values) {
        QueryPlan plan;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            // Under -javaagent the DataSource is the application's, of another class loader than ours: a pool or
            // a driver may look classes up through the context class loader, as on the application's threads.
            ClassLoader sourceLoader = source.getClass().getClassLoader();
            if (sourceLoader != null) {
                thread.setContextClassLoader(sourceLoader);
            }
            plan = explainOn(source, dialect, sql, values);
        } catch (Throwable e) {
            Diagnostics.internalError("explain", e);
            plan = QueryPlan.none("explain failed inside QueryHound: " + e.getClass().getName());
        } finally {
            try {
                thread.setContextClassLoader(previous);
            } catch (Throwable e) {
                Diagnostics.internalError("explain", e);
            }
        }
        entry.complete(plan);
    }

    /**
     * Explains {@code sql} on a new connection from {@code source}, on the calling thread, with index advice;
     * a failure is a plan with a note (and a one-time line on stderr), never an exception.
     */
    public QueryPlan explainOn(DataSource source, SqlDialect dialect, String sql, Object[] values) {
        explained.incrementAndGet();
        return explain(source, dialect, sql, values, analyze, timeoutSeconds, fullScanMinRows);
    }

    /**
     * One EXPLAIN with index advice on a new connection from {@code source}, on the calling thread, for an
     * explicit request (on demand, a test's assertion); never throws for a statement that cannot be explained.
     *
     * @param dialect null or {@link SqlDialect#GENERIC}: read from the connection's database product name
     */
    public static QueryPlan explain(DataSource source, SqlDialect dialect, String sql, Object[] values,
                                    boolean analyze, int timeoutSeconds, long fullScanMinRows) {
        // Under -javaagent every JDBC call is instrumented, these too: the agent is told they are QueryHound's own,
        // so they are never recorded as the application's queries, counted, or reported (a no-op without the agent).
        Hooks hooks = AgentBridge.hooks();
        hooks.quietBegin();
        try {
            return explainQuietly(source, dialect, sql, values, analyze, timeoutSeconds, fullScanMinRows);
        } finally {
            hooks.quietEnd();
        }
    }

    private static QueryPlan explainQuietly(DataSource source, SqlDialect dialect, String sql, Object[] values,
                                            boolean analyze, int timeoutSeconds, long fullScanMinRows) {
        Object[] bound = values == null ? new Object[0] : values;
        try (Connection connection = source.getConnection()) {
            SqlDialect known = dialect != null && dialect != SqlDialect.GENERIC ? dialect
                    : SqlDialect.fromProductName(connection.getMetaData().getDatabaseProductName());
            Explanation explanation = Explainer.forDialect(known, analyze, timeoutSeconds)
                    .explain(connection, sql, bound);
            if (!explanation.isPlanned() && !explanation.failure().startsWith("not explained")) {
                // A refusal (DDL, several statements) is by design and said in the finding; a failure may recur.
                noteFailure(explanation.failure());
            }
            return QueryPlans.of(explanation, sql, known, bound, IndexCatalog.of(connection), fullScanMinRows);
        } catch (SQLException e) {
            String reason = "no connection for the EXPLAIN: " + Explainer.reason(e, bound);
            noteFailure(reason);
            return QueryPlan.none(reason);
        }
    }

    /**
     * One line on stderr per kind of failure (a permission, a syntax the EXPLAIN cannot take): it will recur
     * for every slow statement of that kind, and each finding says it again in its {@code planNote}.
     */
    private static void noteFailure(String reason) {
        int state = reason.indexOf("(SQLSTATE ");
        String kind = state >= 0 ? reason.substring(0, reason.indexOf(')', state) + 1) : reason;
        Diagnostics.warnOnce("explain-failed:" + kind, "EXPLAIN of a slow statement failed: " + reason
                + ". Its finding is written without a plan; further failures of this kind are not reported here"
                + " (set explain=false to switch EXPLAIN off).");
    }

    /**
     * On the reporting thread, before {@code finding} is written: a {@code SLOW_QUERY} gets the plan of its
     * statement, waiting until {@code deadlineNanos} ({@code System.nanoTime()}) at most.
     */
    public Finding complete(Finding finding, long deadlineNanos) {
        if (finding.type() != FindingType.SLOW_QUERY || finding.fingerprint() == null || finding.plan() != null) {
            return finding;
        }
        Entry entry = entries.get(finding.fingerprint().idAsLong());
        if (entry == null) {
            return finding.withPlan(QueryPlan.none("not explained: no single, successful slow execution of this"
                    + " statement was seen with its values (batches and failed executions are not explained)"));
        }
        QueryPlan plan = entry.await(deadlineNanos);
        return finding.withPlan(plan != null ? plan : QueryPlan.none("the plan was not ready when the finding was"
                + " written (EXPLAIN waiting or still running); it is not written later"));
    }

    /** Lets go of fingerprints whose interval is over; whether room was made. */
    private boolean forgetExpired(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (now - it.next().requestedAt >= intervalNanos) {
                it.remove();
            }
        }
        return entries.size() < MAX_STATEMENTS;
    }

    /** EXPLAINs run (each on a connection of its own), including on-demand ones. */
    public long explainedCount() {
        return explained.get();
    }

    /** Slow executions not explained because their fingerprint was explained within the interval. */
    public long rateLimitedCount() {
        return rateLimited.get();
    }

    /** Slow executions not explained because a bound was reached. */
    public long droppedCount() {
        return dropped.get();
    }

    /** Stops the explain thread; an EXPLAIN in flight is interrupted (its statement timeout ends it at the latest). */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** One fingerprint's last EXPLAIN: when it was asked for, and its plan once there. */
    private static final class Entry {
        final long requestedAt;
        /** Not queued (the queue was full): not counted against the interval. */
        volatile boolean dropped;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile QueryPlan plan;

        Entry(long requestedAt) {
            this.requestedAt = requestedAt;
        }

        void complete(QueryPlan result) {
            plan = result;
            done.countDown();
        }

        QueryPlan await(long deadlineNanos) {
            try {
                long wait = deadlineNanos - System.nanoTime();
                if (wait > 0) {
                    done.await(wait, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return plan;
        }
    }
}
