package io.queryhound.internal.detect;

import io.queryhound.StatementKind;
import io.queryhound.internal.event.QueryEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one scope remembers about its queries (and its slow connection acquisitions), which
 * the detectors read when it ends. Bounded whatever the workload: at most
 * {@code maxFingerprintsPerScope} statements (executions of further ones are counted, not stored),
 * at most {@link StatementTally#MAX_SITES} call sites per statement, at most
 * {@link #MAX_CONNECTION_SOURCES} DataSources with slow acquisitions, and a fixed budget of
 * parameter hashes shared by all statements. Not thread-safe: the owning scope's lock guards it.
 */
public final class ScopeTally {

    /** How many recent SELECTs are remembered as possible triggers of a loop that starts next. */
    static final int TRIGGER_CANDIDATES = 4;
    /** Parameter-hash slots per scope (8 bytes each): 32,768 slots is 256 KiB at most. */
    static final long PARAMETER_BUDGET = 32_768;
    /** DataSources whose slow acquisitions one scope tells apart; an application has one or a few. */
    static final int MAX_CONNECTION_SOURCES = 16;

    private final Detection detection;
    private final LongTable<StatementTally> statements;
    private ParameterSets.Budget budget = new ParameterSets.Budget(PARAMETER_BUDGET);
    private final QueryEvent[] recentSelects = new QueryEvent[TRIGGER_CANDIDATES];
    /** The position in this scope ({@link #queries} at the time) of each of {@link #recentSelects}. */
    private final long[] recentPositions = new long[TRIGGER_CANDIDATES];

    long queries;
    long totalNanos;
    /** Executions of statements beyond {@code maxFingerprintsPerScope}: counted, not stored. */
    long overflowQueries;
    /** Where the scope was when it went over its query budget. */
    CallSites.Capture budgetCapture;
    /** Queries already counted in a budget finding of this scope or of a nested one. */
    long budgetCovered;
    /** Queries the enclosing scope had when this one opened: its budget can be crossed in here. */
    private long enclosingQueries;
    /** Where the enclosing scope's budget was crossed, when that happened in this scope. */
    private CallSites.Capture enclosingBudgetCapture;
    private long lastEndNanos;
    /** Slow connection acquisitions not yet in a finding, one entry per DataSource; null while there are none. */
    List<SlowConnections> slowConnections;

    public ScopeTally(Detection detection) {
        this.detection = detection;
        this.statements = new LongTable<>(16);
    }

    /** Hot path: one execution, under the scope's lock. */
    public void record(QueryEvent event) {
        record(event, null);
    }

    /**
     * One execution whose call site the caller may already have captured ({@code known}, or null
     * to sample as usual): test recordings capture every execution and need no sampling.
     */
    public void record(QueryEvent event, CallSites.Capture known) {
        queries++;
        totalNanos += event.elapsedNanos();
        lastEndNanos = event.startNanos() + event.elapsedNanos();
        if (queries == detection.maxQueriesPerScope + 1L) {
            budgetCapture = detection.callSites.capture();
        } else if (enclosingQueries > 0 && enclosingQueries + queries == detection.maxQueriesPerScope + 1L) {
            enclosingBudgetCapture = detection.callSites.capture();
        }
        long id = event.fingerprint().idAsLong();
        StatementTally tally = statements.get(id);
        if (tally == null) {
            if (statements.size() >= detection.maxFingerprints) {
                overflowQueries++;
                return;
            }
            tally = new StatementTally(event.fingerprint(), event.threadName(), event.dataSource(),
                    recentSelects.clone(), recentPositions.clone(), queries);
            statements.put(id, tally);
        }
        tally.record(event, detection, budget, known);
        if (event.kind() == StatementKind.SELECT && !event.isBatch()) {
            remember(event);
        }
    }

    /** Keeps the last few SELECTs of different statements, newest first; a loop's repeats do not push out its trigger. */
    private void remember(QueryEvent event) {
        QueryEvent newest = recentSelects[0];
        if (newest == null || !newest.fingerprint().equals(event.fingerprint())) {
            System.arraycopy(recentSelects, 0, recentSelects, 1, TRIGGER_CANDIDATES - 1);
            System.arraycopy(recentPositions, 0, recentPositions, 1, TRIGGER_CANDIDATES - 1);
        }
        recentSelects[0] = event;
        recentPositions[0] = queries;
    }

    /** A result of {@code event} (recorded in this scope) was finished after {@code rows} rows. */
    public void resultFinished(QueryEvent event, long rows) {
        if (rows < detection.largeResultRows) {
            return;
        }
        StatementTally tally = statements.get(event.fingerprint().idAsLong());
        if (tally == null) {
            return;
        }
        CallSites.Capture capture = event.callSite() instanceof CallSites.Capture known
                ? known : detection.callSites.capture();
        StatementTally.Site site = tally.site(capture, detection.callersDistinguishSites);
        if (site != null) {
            site.large(rows);
        }
    }

    /**
     * A connection acquisition of at least {@code slowConnectionMillis} (the caller checked), under
     * the scope's lock. Allocates only for the first slow one of a DataSource.
     */
    public void slowConnection(String dataSource, long elapsedNanos, boolean failed) {
        SlowConnections entry = slowConnectionsOf(dataSource, Thread.currentThread().getName());
        if (entry != null) {
            entry.add(1, failed ? 1 : 0, elapsedNanos, elapsedNanos);
        }
    }

    /** The entry of {@code dataSource}, created on first sight; null past {@link #MAX_CONNECTION_SOURCES}. */
    private SlowConnections slowConnectionsOf(String dataSource, String threadName) {
        if (slowConnections == null) {
            slowConnections = new ArrayList<>(2);
        }
        for (int i = 0, n = slowConnections.size(); i < n; i++) {
            SlowConnections entry = slowConnections.get(i);
            if (Objects.equals(entry.dataSource, dataSource)) {
                return entry;
            }
        }
        if (slowConnections.size() >= MAX_CONNECTION_SOURCES) {
            return null;
        }
        SlowConnections entry = new SlowConnections(dataSource, threadName);
        slowConnections.add(entry);
        return entry;
    }

    /** The end (ticker nanoseconds) of the last execution recorded, for idle windows. */
    public long lastEndNanos() {
        return lastEndNanos;
    }

    public long queries() {
        return queries;
    }

    /** Summed execution time of {@link #queries()}, nested scopes' included once they closed. */
    public long totalNanos() {
        return totalNanos;
    }

    /** Nothing to judge: no execution and no slow connection acquisition. */
    public boolean isEmpty() {
        return queries == 0 && slowConnections == null;
    }

    /** The statements, settled (pending executions attributed) for evaluation or roll-up. */
    List<StatementTally> settledStatements() {
        List<StatementTally> all = new ArrayList<>(statements.size());
        statements.forEach(tally -> {
            tally.settle();
            all.add(tally);
        });
        return all;
    }

    StatementTally statement(long fingerprintId) {
        return statements.get(fingerprintId);
    }

    /**
     * This scope opened inside {@code outer}: it takes over the recent SELECTs (so a loop of nested
     * scopes still finds its trigger) and the query count of the enclosing scopes (so the line that
     * takes them over budget is known).
     */
    public void openedIn(ScopeTally outer) {
        enclosingQueries = outer.queries;
        System.arraycopy(outer.recentSelects, 0, recentSelects, 0, TRIGGER_CANDIDATES);
        for (int i = 0; i < TRIGGER_CANDIDATES; i++) {
            // Positions count in this scope (its first query is 1): the outer scope's candidates keep
            // their distance, at 0 or below; rolled back up, they land on their outer positions again.
            recentPositions[i] = recentSelects[i] == null ? 0 : outer.recentPositions[i] - outer.queries;
        }
    }

    /** Rolls a closed nested scope's tally up into this one. */
    public void addAll(ScopeTally nested) {
        long before = queries;
        queries += nested.queries;
        totalNanos += nested.totalNanos;
        budgetCovered += nested.budgetCovered;
        if (budgetCapture == null && before <= detection.maxQueriesPerScope && queries > detection.maxQueriesPerScope) {
            // The budget was crossed inside the nested scope: the line that crossed it there (counted
            // from this scope's queries when the nested one opened), or, failing that, where it ended.
            CallSites.Capture crossing = before == 0 ? nested.budgetCapture : nested.enclosingBudgetCapture;
            budgetCapture = crossing != null ? crossing : detection.callSites.capture();
        }
        overflowQueries += nested.overflowQueries;
        for (StatementTally theirs : nested.settledStatements()) {
            StatementTally ours = statements.get(theirs.fingerprint.idAsLong());
            if (ours == null) {
                if (statements.size() >= detection.maxFingerprints) {
                    overflowQueries += theirs.count;
                    continue;
                }
                ours = new StatementTally(theirs.fingerprint, theirs.threadName, theirs.dataSource,
                        theirs.predecessors, shift(theirs.predecessorPositions, before), theirs.firstPosition + before);
                statements.put(theirs.fingerprint.idAsLong(), ours);
            }
            ours.addAll(theirs, budget);
        }
        if (nested.recentSelects[0] != null) {
            System.arraycopy(nested.recentSelects, 0, recentSelects, 0, TRIGGER_CANDIDATES);
            System.arraycopy(shift(nested.recentPositions, before), 0, recentPositions, 0, TRIGGER_CANDIDATES);
        }
        if (nested.slowConnections != null) { // usually none left: the nested scope reported them
            for (SlowConnections theirs : nested.slowConnections) {
                SlowConnections ours = slowConnectionsOf(theirs.dataSource, theirs.threadName);
                if (ours != null) {
                    ours.add(theirs.count, theirs.failed, theirs.nanos, theirs.maxNanos);
                }
            }
        }
    }

    /** Positions of a nested scope, moved to where its queries sit in this one. */
    private static long[] shift(long[] positions, long offset) {
        long[] shifted = new long[positions.length];
        for (int i = 0; i < positions.length; i++) {
            shifted[i] = positions[i] + offset;
        }
        return shifted;
    }

    /** Forgets everything: an implicit scope starts a new window. */
    public void clear() {
        statements.clear();
        budget = new ParameterSets.Budget(PARAMETER_BUDGET);
        java.util.Arrays.fill(recentSelects, null);
        java.util.Arrays.fill(recentPositions, 0);
        queries = 0;
        totalNanos = 0;
        overflowQueries = 0;
        budgetCapture = null;
        budgetCovered = 0;
        enclosingBudgetCapture = null;
        slowConnections = null;
    }

    /** The slow acquisitions from one DataSource, not yet in a finding. */
    static final class SlowConnections {
        final String dataSource;
        /** The thread that acquired the first of them. */
        final String threadName;
        long count;
        long failed;
        long nanos;
        long maxNanos;

        SlowConnections(String dataSource, String threadName) {
            this.dataSource = dataSource;
            this.threadName = threadName;
        }

        void add(long count, long failed, long nanos, long maxNanos) {
            this.count += count;
            this.failed += failed;
            this.nanos += nanos;
            this.maxNanos = Math.max(this.maxNanos, maxNanos);
        }
    }
}
