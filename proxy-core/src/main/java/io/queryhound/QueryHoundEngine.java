package io.queryhound;

import io.queryhound.internal.capture.AgentCapture;
import io.queryhound.internal.capture.QueryHoundDataSource;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.config.Settings;
import io.queryhound.internal.detect.Detection;
import io.queryhound.internal.event.Recorder;
import io.queryhound.internal.export.FindingReporter;
import io.queryhound.internal.plan.PlanFetcher;
import io.queryhound.internal.record.Recordings;
import io.queryhound.internal.scope.ScopeManager;
import io.queryhound.internal.stats.ScopeStatisticsTable;
import io.queryhound.internal.stats.StatisticsReporter;
import io.queryhound.internal.stats.StatisticsTable;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One running QueryHound: its settings, the DataSources it captures, its scopes and detectors, the
 * statistics it keeps and the exporter it writes to. Most applications use the process-wide instance behind the static
 * methods of {@link QueryHound}; tests and applications with several configurations build their
 * own with {@link QueryHound#builder()}.
 */
public final class QueryHoundEngine implements AutoCloseable {

    /**
     * How long the JVM's shutdown waits for the last records. Writing them can block for good (a named pipe nobody
     * reads blocks at open, a full pipe at write), and the JVM exits only once every shutdown hook has returned.
     */
    static final long SHUTDOWN_WAIT_MILLIS = 5_000;

    private final Settings settings;
    private final Exporter exporter;
    private final Recorder recorder;
    private final StatisticsReporter reporter;
    private final FindingReporter findings;
    private final ScopeManager scopes;
    /** EXPLAINs of slow statements and on demand (issue 8); null when {@code explain=false} or disabled. */
    private final PlanFetcher plans;
    /** The one reporting thread: intervals, and writing findings queued by application threads. */
    private final ScheduledExecutorService reportingThread;
    private final LongSupplier ticker;
    private final SqlDialect dialect;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    QueryHoundEngine(Settings settings, Exporter exporter, LongSupplier ticker, Clock clock, boolean shutdownHook) {
        this.settings = settings;
        this.exporter = exporter;
        this.ticker = ticker;
        this.dialect = dialectSetting(settings.get(Settings.DIALECT));
        this.recorder = new Recorder(new StatisticsTable(settings.get(Settings.MAX_STATEMENTS)));
        ScopeStatisticsTable scopeStatistics = new ScopeStatisticsTable();
        this.reporter = new StatisticsReporter(recorder.statistics(), scopeStatistics, exporter, clock,
                settings.get(Settings.MAX_SQL_LENGTH));
        this.reportingThread = settings.get(Settings.ENABLED) ? startReportingThread() : null;
        this.findings = new FindingReporter(exporter, clock, reportingThread);
        this.scopes = new ScopeManager(new Detection(settings), clock, settings.get(Settings.IMPLICIT_SCOPE_IDLE_MILLIS),
                settings.get(Settings.LARGE_RESULT_ROWS), findings::report, scopeStatistics, ticker);
        recorder.addListener(scopes);
        this.plans = settings.get(Settings.ENABLED) && settings.get(Settings.EXPLAIN) ? startPlans(settings) : null;
        if (reportingThread != null) {
            long interval = settings.get(Settings.STATS_INTERVAL_SECONDS);
            reportingThread.scheduleAtFixedRate(this::reportIntervalSafely, interval, interval, TimeUnit.SECONDS);
        }
        this.shutdownHook = shutdownHook ? registerShutdownHook() : null;
    }

    private PlanFetcher startPlans(Settings settings) {
        int timeout = settings.get(Settings.EXPLAIN_TIMEOUT_SECONDS);
        PlanFetcher fetcher = new PlanFetcher(settings.get(Settings.EXPLAIN_ANALYZE), timeout,
                settings.get(Settings.EXPLAIN_INTERVAL_SECONDS), settings.get(Settings.FULL_SCAN_MIN_ROWS), System::nanoTime);
        recorder.explainSlowExecutions(fetcher, settings.get(Settings.SLOW_QUERY_MILLIS) * 1_000_000L);
        findings.completeWith(fetcher::complete,
                TimeUnit.SECONDS.toNanos(timeout) + TimeUnit.MILLISECONDS.toNanos(PlanFetcher.EXTRA_WAIT_MILLIS));
        return fetcher;
    }

    private static ScheduledExecutorService startReportingThread() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "queryhound-reporter");
            thread.setDaemon(true);
            return thread;
        });
    }

    private void reportIntervalSafely() {
        try {
            reportFindings();
            reporter.reportInterval();
        } catch (Throwable e) {
            Diagnostics.internalError("interval report", e);
        }
    }

    private static SqlDialect dialectSetting(Settings.DialectChoice choice) {
        return choice == Settings.DialectChoice.AUTO ? null : SqlDialect.valueOf(choice.name());
    }

    /**
     * Returns a DataSource that behaves exactly like {@code dataSource} and reports every query run
     * through it. A DataSource that is already captured is returned unchanged, so nothing is ever
     * counted twice. {@code unwrap} and {@code isWrapperFor} reach the real objects.
     *
     * @throws NullPointerException when {@code dataSource} is null
     */
    public DataSource wrap(DataSource dataSource) {
        return wrap(dataSource, dataSource == null ? null : defaultName(dataSource));
    }

    /** As {@link #wrap(DataSource)}, naming the DataSource in QueryHound's output. */
    public DataSource wrap(DataSource dataSource, String name) {
        Objects.requireNonNull(dataSource, "QueryHound.wrap(dataSource): dataSource is null; pass the DataSource"
                + " the application uses (for example the connection pool) to have its queries reported");
        if (!settings.get(Settings.ENABLED)) {
            Recordings.markCaptureDisabled(); // so that a test expecting queries can say why it saw none
            return dataSource;
        }
        if (closed.get()) {
            Diagnostics.warnOnce("wrap-after-close", "wrap() called after close(): the DataSource is returned"
                    + " unwrapped and its queries are not reported");
            return dataSource;
        }
        if (AgentCapture.agentAttached()) {
            // The agent already captures every JDBC call: wrapping would count each query twice. The
            // DataSource is returned as it is and its executions are routed to this engine instead.
            // The default clock is the agent's own: its readings are taken as they are, with nothing read twice.
            LongSupplier ownClock = ticker == QueryHound.SYSTEM_TICKER ? null : ticker;
            AgentCapture.route(dataSource, name == null ? defaultName(dataSource) : name, recorder, ownClock, dialect,
                    settings.get(Settings.LOG_PARAMETERS), settings.get(Settings.MASK_COLUMNS));
            return dataSource;
        }
        return QueryHoundDataSource.wrap(dataSource, name == null ? defaultName(dataSource) : name, recorder,
                ticker, dialect, settings.get(Settings.LOG_PARAMETERS), settings.get(Settings.MASK_COLUMNS));
    }

    private static String defaultName(DataSource dataSource) {
        String simple = dataSource.getClass().getSimpleName();
        if (simple.isEmpty()) {
            return "dataSource";
        }
        return simple.substring(0, 1).toLowerCase(Locale.ROOT) + simple.substring(1);
    }

    /**
     * Opens an explicit scope on the current thread; see {@link Scope}. Close it (try-with-resources)
     * to have its findings written.
     */
    public Scope scope(String name) {
        return scope(name, Scope.Kind.EXPLICIT);
    }

    /** Opens a scope of {@code kind} (not {@link Scope.Kind#IMPLICIT}) on the current thread. */
    public Scope scope(String name, Scope.Kind kind) {
        return scopes.open(name, kind);
    }

    /**
     * Returns an executor that runs each task in the scope that was current on the thread that
     * submitted it (tasks submitted outside any scope run as they are), so a loop fanned out to a
     * thread pool is still judged as one unit of work. A test's query recording is carried along too.
     */
    public Executor propagating(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> {
            Scope current = scopes.current();
            Runnable carried = Recordings.carry(task); // a test recording follows the task too
            executor.execute(current == null ? carried : current.wrap(carried));
        };
    }

    /** The innermost open scope on the current thread, or null when its queries go to the implicit scope. */
    public Scope currentScope() {
        return scopes.current();
    }

    /**
     * Writes now, instead of at the next interval: the findings of every implicit scope's current
     * window, findings still queued, and a summary of each finding that recurred since the last report.
     */
    public void reportFindings() {
        scopes.endImplicitWindows();
        findings.reportInterval();
    }

    /** Writes the statistics of everything executed since the last report now, instead of at the next interval. */
    public void reportStatistics() {
        reporter.reportInterval();
    }

    /**
     * Runs the database's EXPLAIN for {@code sql} now, on the calling thread, on a new connection from
     * {@code dataSource} (a DataSource this engine wrapped is explained through what it wraps, so the EXPLAIN
     * is not reported as a query), with {@code values} bound to its {@code ?} placeholders in order. Returns
     * the plan summary and index advice, or a plan whose {@link QueryPlan#note()} says why there is none;
     * never throws for a statement that cannot be explained. H2, PostgreSQL and MySQL/MariaDB; only SELECT,
     * INSERT, UPDATE, DELETE and MERGE, and writes are only planned, never run. Ignores {@code explain=false}
     * and the interval (it is an explicit request), but honours {@code explainAnalyze},
     * {@code explainTimeoutSeconds} and {@code fullScanMinRows}. See docs/plans.md.
     */
    public QueryPlan explain(DataSource dataSource, String sql, Object... values) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(sql, "sql");
        DataSource target = QueryHoundDataSource.unwrapped(dataSource);
        if (plans != null) {
            return plans.explainOn(target, dialect, sql, values);
        }
        return PlanFetcher.explain(target, dialect, sql, values, settings.get(Settings.EXPLAIN_ANALYZE),
                settings.get(Settings.EXPLAIN_TIMEOUT_SECONDS), settings.get(Settings.FULL_SCAN_MIN_ROWS));
    }

    /** The EXPLAINs run so far by this engine (for slow statements and on demand); 0 with {@code explain=false}. */
    public long explainCount() {
        return plans == null ? 0 : plans.explainedCount();
    }

    /** The number of distinct statements with statistics; at most {@code maxStatements}. */
    public int trackedStatements() {
        return recorder.statistics().trackedStatements();
    }

    /**
     * Writes the findings of implicit scopes, the last interval and a summary of every statement
     * since start, then closes the exporter. Later calls do nothing. Wrapped DataSources keep working; their queries are no
     * longer reported.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        AgentCapture.unroute(recorder);
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to; it will find the engine closed
            }
        }
        if (reportingThread != null) {
            reportingThread.shutdown();
            try {
                reportingThread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            scopes.close();
            findings.close();
        } catch (Throwable e) {
            Diagnostics.internalError("findings at close", e);
        }
        if (plans != null) {
            plans.close(); // after the findings were written: they waited for their plans
        }
        reporter.close();
        try {
            exporter.close();
        } catch (Throwable e) {
            Diagnostics.internalError("exporter close", e);
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** The recorder every capture front end feeds; for QueryHound's own modules. */
    public Recorder recorder() {
        return recorder;
    }

    private Thread registerShutdownHook() {
        Thread hook = new Thread(this::closeAtShutdown, "queryhound-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return hook;
        } catch (IllegalStateException | SecurityException e) {
            return null;
        }
    }

    /**
     * {@link #close()} on a thread of its own, waited for at most {@link #SHUTDOWN_WAIT_MILLIS}: a destination that
     * does not take the last records then loses them, rather than keep the JVM from exiting.
     */
    private void closeAtShutdown() {
        Thread closing = new Thread(this::close, "queryhound-shutdown-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(SHUTDOWN_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            Diagnostics.warnOnce("shutdown-wait", "output " + exporter + " did not take the last records within "
                    + SHUTDOWN_WAIT_MILLIS / 1000 + " s of the JVM's shutdown; they are dropped so that the JVM can exit");
        }
    }

    @Override
    public String toString() {
        return "QueryHoundEngine[output=" + exporter + ", settings=" + settings.differencesFromDefaults() + "]";
    }
}
