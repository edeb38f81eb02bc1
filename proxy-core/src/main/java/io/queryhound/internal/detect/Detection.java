package io.queryhound.internal.detect;

import io.queryhound.Finding;
import io.queryhound.Scope;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.config.Settings;
import io.queryhound.internal.suppress.Baseline;
import io.queryhound.internal.suppress.Suppressions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The detection settings of one QueryHound instance and its detectors, in the order they run. Built
 * once from {@link Settings}; immutable.
 */
public final class Detection {

    final int nPlusOneThreshold;
    final int batchableThreshold;
    final long slowNanos;
    final int slowQueryMillis;
    final int maxQueriesPerScope;
    final int largeResultRows;
    final int slowConnectionMillis;
    private final long slowConnectionNanos;
    final int maxFingerprints;
    final int maxSqlLength;
    final CallSites callSites;
    /**
     * Whether a call site is the line together with its callers. Tests judge loops of two, where
     * two separate calls of one repository method (same line inside it, different lines in the
     * test) must not look like a loop; a real loop has the same callers every time.
     */
    final boolean callersDistinguishSites;
    private final List<Detector> detectors;
    /** What marks findings judged acceptable or known before; read once here, applied to each scope's findings. */
    private final Suppressions suppressions;
    private final Baseline baseline;

    public Detection(Settings settings) {
        this(settings, settings.get(Settings.N_PLUS_ONE_THRESHOLD), settings.get(Settings.BATCHABLE_THRESHOLD), false);
    }

    /**
     * {@code settings} with other loop thresholds: tests judge small fixtures, where a loop of two
     * already shows the shape that runs a thousand times in production; see {@link #callersDistinguishSites}.
     */
    public Detection(Settings settings, int nPlusOneThreshold, int batchableThreshold, boolean callersDistinguishSites) {
        this.callersDistinguishSites = callersDistinguishSites;
        this.nPlusOneThreshold = nPlusOneThreshold;
        this.batchableThreshold = batchableThreshold;
        this.slowQueryMillis = settings.get(Settings.SLOW_QUERY_MILLIS);
        this.slowNanos = slowQueryMillis * 1_000_000L;
        this.maxQueriesPerScope = settings.get(Settings.MAX_QUERIES_PER_SCOPE);
        this.largeResultRows = settings.get(Settings.LARGE_RESULT_ROWS);
        this.slowConnectionMillis = settings.get(Settings.SLOW_CONNECTION_MILLIS);
        this.slowConnectionNanos = slowConnectionMillis * 1_000_000L;
        this.maxFingerprints = settings.get(Settings.MAX_FINGERPRINTS_PER_SCOPE);
        this.maxSqlLength = settings.get(Settings.MAX_SQL_LENGTH);
        this.callSites = new CallSites(settings.get(Settings.APP_PACKAGES), settings.get(Settings.SKIP_PACKAGES),
                settings.get(Settings.CALL_SITE_FRAMES));
        // N+1 runs before REPEATED_QUERY: a loop it reports is not also reported as repeated.
        this.detectors = List.of(new NPlusOneDetector(), new RepeatedQueryDetector(), new BatchableDmlDetector(),
                new SlowQueryDetector(), new LargeResultDetector(), new QueryBudgetDetector(),
                new SlowConnectionDetector());
        this.suppressions = Suppressions.from(settings);
        this.baseline = Baseline.fromSetting(settings.get(Settings.BASELINE));
    }

    /** Runs every detector over {@code tally}; what they report is no longer counted as unreported. */
    public List<Finding> evaluate(ScopeTally tally, Scope scope, Instant timestamp) {
        if (tally.isEmpty()) {
            return new ArrayList<>();
        }
        List<StatementTally> statements = tally.settledStatements();
        Evaluation evaluation = new Evaluation(this, scope, timestamp, statements);
        for (StatementTally statement : statements) {
            statement.loopReported = false;
        }
        for (Detector detector : detectors) {
            detector.inspect(tally, evaluation);
        }
        List<Finding> findings = evaluation.findings;
        if (!findings.isEmpty()) {
            // Here, once per scope with findings, never per query: annotation lookups cost reflection.
            try {
                suppressions.apply(findings);
                baseline.apply(findings);
            } catch (Throwable e) {
                Diagnostics.internalError("suppressions and baseline", e); // the findings stay, unmarked
            }
        }
        return findings;
    }

    /** Whether acquiring a connection took {@code slowConnectionMillis} or longer: only such acquisitions are kept. */
    public boolean isSlowConnection(long elapsedNanos) {
        return elapsedNanos >= slowConnectionNanos;
    }

    /** Finds call sites with this instance's {@code appPackages}, {@code skipPackages} and {@code callSiteFrames}. */
    public CallSites callSites() {
        return callSites;
    }

    String displaySql(String template) {
        return template.length() <= maxSqlLength ? template : template.substring(0, maxSqlLength) + "...";
    }
}
