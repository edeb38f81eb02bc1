package io.queryhound.internal.record;

import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.Scope;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.detect.CallSites;
import io.queryhound.internal.detect.ScopeTally;
import io.queryhound.internal.event.QueryEvent;
import io.queryhound.internal.plan.PlanSource;
import io.queryhound.junit.QueryCounter;
import io.queryhound.junit.QueryLog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queries of one test method or one recorded block: every execution with its call site, and a
 * scope tally judged by the production detectors when it {@link #finish()}es, into a
 * {@link QueryLog}. Fed by {@link Recordings} on every thread it is bound to, so a lock guards it.
 *
 * <p>Bounded like everything else: {@value QueryLog#MAX_EXECUTIONS} executions are kept one by
 * one (each with its stack walk), {@value #MAX_GROUPS} statements are grouped, and the tally has
 * the usual per-scope limits; beyond that executions are only counted.
 */
public final class Recording implements Scope {

    /** Statements grouped per recording; executions of further ones are counted, not grouped. */
    static final int MAX_GROUPS = 1_000;
    /** Call sites kept per statement group. */
    static final int MAX_SITES = 16;

    private static final AtomicLong IDS = new AtomicLong();

    private final String name;
    private final String id;
    private final boolean propagates;
    private final ReentrantLock lock = new ReentrantLock();
    private ScopeTally tally;
    private List<Logged> logged = new ArrayList<>();
    private Map<Long, Group> groups = new LinkedHashMap<>();
    /** What it takes to explain each distinct SELECT, from its first execution (at most {@link #MAX_GROUPS}). */
    private Map<Long, PlanSource> planSources = new java.util.HashMap<>();
    private final long[] counts = new long[QueryCounter.values().length];
    private long totalNanos;
    /** {@code logged.size()}, readable without the lock. */
    private volatile int loggedCount;
    private volatile boolean closed;
    /** The log of a recording its user closed early, until the test that owns it takes it. */
    private QueryLog unclaimed;
    /** What detection found, once finished; {@link #findings()}. */
    private List<Finding> findings = List.of();

    /**
     * Opens a recording; bind it to threads with {@link Recordings#bind}, and always
     * {@link #finish()} it.
     *
     * @param name       what failure messages call it
     * @param propagates whether threads created while it is bound inherit it
     */
    public Recording(String name, boolean propagates) {
        this.name = Objects.requireNonNull(name, "name");
        this.propagates = propagates;
        this.id = "test-" + IDS.incrementAndGet();
        this.tally = new ScopeTally(Recordings.detection());
        Recordings.opened();
    }

    private static final StackWalker WALKER = StackWalker.getInstance();

    /**
     * The method that called into QueryHound's block API, as {@code OrderServiceTest.placesOrder()}:
     * the name a recorded block gets in failure messages.
     */
    public static String nameOfCaller() {
        try {
            return WALKER.walk(frames -> frames
                    .filter(frame -> !CallSites.isQueryHound(frame.getClassName()))
                    .findFirst()
                    .map(frame -> simpleName(frame.getClassName()) + "." + methodName(frame.getMethodName()) + "()")
                    .orElse("recorded block"));
        } catch (RuntimeException e) {
            return "recorded block";
        }
    }

    /** {@code lambda$placesOrder$3}, a lambda's body, is named after the method it was written in. */
    static String methodName(String name) {
        if (name.startsWith("lambda$")) {
            int end = name.indexOf('$', "lambda$".length());
            if (end > "lambda$".length()) {
                return name.substring("lambda$".length(), end);
            }
        }
        return name;
    }

    /** {@code com.acme.OrderServiceTest$WhenEmpty} is {@code OrderServiceTest.WhenEmpty}. */
    public static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }

    boolean propagates() {
        return propagates;
    }

    /** Whether the next execution still gets its own stack walk. */
    boolean wantsCallSite() {
        return !closed && loggedCount < QueryLog.MAX_EXECUTIONS;
    }

    /** One execution; {@code capture} is its call site, or null past the executions logged one by one. */
    void record(QueryEvent event, CallSites.Capture capture) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            counts[QueryCounter.TOTAL.ordinal()]++;
            counts[QueryCounter.of(event.kind()).ordinal()]++;
            totalNanos += event.elapsedNanos();
            tally.record(event, logged.size() < QueryLog.MAX_EXECUTIONS ? capture : null);
            Group group = groups.get(event.fingerprint().idAsLong());
            if (group == null && groups.size() < MAX_GROUPS) {
                group = new Group(event.fingerprint());
                groups.put(event.fingerprint().idAsLong(), group);
            }
            Logged entry = null;
            if (logged.size() < QueryLog.MAX_EXECUTIONS) {
                entry = new Logged(event, capture);
                logged.add(entry);
                loggedCount = logged.size();
            }
            if (group != null) {
                group.add(event, capture, entry);
            }
        } finally {
            lock.unlock();
        }
    }

    boolean wantsPlanSource(long statement) {
        lock.lock();
        try {
            return !closed && planSources.size() < MAX_GROUPS && !planSources.containsKey(statement);
        } finally {
            lock.unlock();
        }
    }

    void planSource(long statement, PlanSource source) {
        lock.lock();
        try {
            if (!closed && planSources.size() < MAX_GROUPS) {
                planSources.putIfAbsent(statement, source);
            }
        } finally {
            lock.unlock();
        }
    }

    void resultFinished(QueryEvent event, long rows) {
        lock.lock();
        try {
            if (!closed) {
                tally.resultFinished(event, rows);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A slow connection acquisition on a thread this recording is bound to. */
    void slowConnection(String dataSourceName, long elapsedNanos, boolean failed) {
        lock.lock();
        try {
            if (!closed) {
                tally.slowConnection(dataSourceName, elapsedNanos, failed);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops recording and returns the log, with detection run over it; later calls return null
     * (or the log of an early {@link #close()}, once).
     * The log is not kept here: threads that inherited this recording may hold it long after the
     * test, and must not hold 10,000 executions with it. Never throws: should detection fail, the
     * log has every execution and no findings, and the failure is reported as an internal error.
     */
    public QueryLog finish() {
        lock.lock();
        try {
            if (closed) {
                QueryLog log = unclaimed;
                unclaimed = null;
                return log;
            }
            closed = true; // first, so that nothing below can run twice or leave the count open
            try {
                List<Finding> findings;
                try {
                    findings = Recordings.detection().evaluate(tally, this, Instant.now());
                } catch (Throwable e) {
                    Diagnostics.internalError("test recording detection", e);
                    findings = List.of();
                }
                QueryLog log = build(findings);
                this.findings = log.findings();
                return log;
            } finally {
                Recordings.finished();
                tally = null;
                logged = null;
                groups = null;
                planSources = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private QueryLog build(List<Finding> findings) {
        List<QueryLog.Execution> executions = new ArrayList<>(logged.size());
        for (int i = 0; i < logged.size(); i++) {
            Logged entry = logged.get(i);
            entry.execution = entry.toExecution(i + 1);
            executions.add(entry.execution);
        }
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparingLong((Group group) -> group.count).reversed()); // stable: ties keep first-seen order
        List<QueryLog.StatementGroup> statements = new ArrayList<>(sorted.size());
        for (Group group : sorted) {
            statements.add(group.toStatementGroup());
        }
        Map<Long, PlanSource> sources = Map.copyOf(planSources);
        QueryLog.Plans plans = (statement, fullScanMinRows) -> {
            PlanSource source = sources.get(statement.idAsLong());
            return source != null ? source.explain(fullScanMinRows) : io.queryhound.QueryPlan.none("not explained:"
                    + " no successful single execution of the statement was captured with its values (under"
                    + " -javaagent, or a stream or a value bound by name)");
        };
        return new QueryLog(name, statements, executions, findings, counts, Duration.ofNanos(totalNanos), plans);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Kind kind() {
        return Kind.TEST;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long queryCount() {
        lock.lock();
        try {
            return counts[QueryCounter.TOTAL.ordinal()];
        } finally {
            lock.unlock();
        }
    }

    /** Empty until the recording finishes; then what detection found. */
    @Override
    public List<Finding> findings() {
        lock.lock();
        try {
            return findings;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return Recordings.carry(new Recording[] {this}, task);
    }

    @Override
    public <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return Recordings.carry(new Recording[] {this}, task);
    }

    @Override
    public Executor executor(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return command -> executor.execute(wrap(command));
    }

    /**
     * Ends the recording early (a test closing its {@code Scope}): later queries are not counted, and
     * the log waits for the test's own {@link #finish()}.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            QueryLog log = finish();
            if (log != null) {
                unclaimed = log;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Finishes the recording if nobody did and drops its log: a test that never reached its checks. */
    public void discard() {
        lock.lock();
        try {
            finish();
            unclaimed = null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Recording[" + name + " #" + id + (closed ? ", finished" : "") + "]";
    }

    /** One execution kept one by one; its row count is read when the log is made (results may still be read after it ran). */
    private static final class Logged {
        final QueryEvent event;
        final CallSites.Capture capture;
        QueryLog.Execution execution;

        Logged(QueryEvent event, CallSites.Capture capture) {
            this.event = event;
            this.capture = capture;
        }

        QueryLog.Execution toExecution(int index) {
            CallSite site = capture == null ? null : capture.site();
            return new QueryLog.Execution(index, event.sql(), event.fingerprint(), event.kind(),
                    Duration.ofNanos(event.elapsedNanos()), event.rowsRead(), event.updateCount(), event.batchSize(),
                    event.failed(), event.threadName(), site, capture == null ? List.of() : capture.stack());
        }
    }

    /** One statement's executions. */
    private static final class Group {
        final SqlFingerprint fingerprint;
        long count;
        long totalNanos;
        long maxNanos;
        long failures;
        long batches;
        /** By line and callers: two calls of one method from two lines of a test are two sites. */
        final Map<Path, SiteTally> sites = new LinkedHashMap<>();
        /** Executions with no site: no application frame, past the logged ones, or past {@link #MAX_SITES}. */
        long unattributed;
        final List<Logged> entries = new ArrayList<>();

        Group(SqlFingerprint fingerprint) {
            this.fingerprint = fingerprint;
        }

        void add(QueryEvent event, CallSites.Capture capture, Logged entry) {
            count++;
            totalNanos += event.elapsedNanos();
            maxNanos = Math.max(maxNanos, event.elapsedNanos());
            if (event.failed()) {
                failures++;
            }
            if (event.isBatch()) {
                batches++;
            }
            if (entry != null) {
                entries.add(entry);
            }
            CallSite site = capture == null ? null : capture.site();
            Path path = site == null ? null : new Path(site, capture.stack());
            SiteTally tally = path == null ? null : sites.get(path);
            if (tally == null && path != null && sites.size() < MAX_SITES) {
                tally = new SiteTally(capture.stack());
                sites.put(path, tally);
            }
            if (tally != null) {
                tally.count++;
            } else {
                unattributed++;
            }
        }

        QueryLog.StatementGroup toStatementGroup() {
            List<QueryLog.SiteCount> siteCounts = new ArrayList<>(sites.size() + 1);
            for (Map.Entry<Path, SiteTally> entry : sites.entrySet()) {
                siteCounts.add(new QueryLog.SiteCount(entry.getKey().site(), entry.getValue().stack,
                        entry.getValue().count));
            }
            if (unattributed > 0) {
                siteCounts.add(new QueryLog.SiteCount(null, List.of(), unattributed));
            }
            siteCounts.sort(Comparator.comparingLong(QueryLog.SiteCount::count).reversed());
            List<QueryLog.Execution> executions = new ArrayList<>(entries.size());
            long rows = 0;
            for (Logged entry : entries) {
                executions.add(entry.execution);
                rows += entry.execution.rows();
            }
            StatementKind kind = fingerprint.kind();
            return new QueryLog.StatementGroup(fingerprint, kind, count, Duration.ofNanos(totalNanos),
                    Duration.ofNanos(maxNanos), rows, failures, batches, siteCounts, executions);
        }
    }

    private record Path(CallSite site, List<CallSite> callers) {
    }

    private static final class SiteTally {
        final List<CallSite> stack;
        long count;

        SiteTally(List<CallSite> stack) {
            this.stack = stack;
        }
    }
}
