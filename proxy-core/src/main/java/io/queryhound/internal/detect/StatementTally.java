package io.queryhound.internal.detect;

import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;
import io.queryhound.internal.event.QueryEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The executions of one statement (one fingerprint) in one scope, split by the call sites they came
 * from. Call sites are sampled, not taken on every execution (a stack walk costs microseconds): at
 * the first execution, when the loop threshold is reached, at every doubling after it, and for
 * every slow execution. Executions between two samples wait in {@link #pending} and are attributed
 * to the next sampled site, or to the last one when the scope ends: a loop runs from one line, so
 * the executions around two samples from that line came from it too.
 */
final class StatementTally {

    /** Call sites kept per statement; executions from further ones are not attributed. */
    static final int MAX_SITES = 16;
    /** Samples of bound values kept per statement when {@code logParameters=true}. */
    static final int MAX_PARAMETER_SAMPLES = 3;

    final SqlFingerprint fingerprint;
    final String threadName;
    final String dataSource;
    /** The SELECTs that ran just before this statement's first execution, newest first: trigger candidates. */
    final QueryEvent[] predecessors;
    /** The scope position of each predecessor, and of this statement's first execution. */
    final long[] predecessorPositions;
    final long firstPosition;

    long count;
    long batches;
    long errors;
    long totalNanos;
    long maxNanos;
    /** Executions that re-ran a parameter set already seen in the scope (SELECT only). */
    long repeats;
    /** Repeats, and executions, already reported on as repeated by a nested scope. */
    long coveredRepeats;
    long coveredExecutions;
    final ParameterSets parameters;

    final List<Site> sites = new ArrayList<>(2);
    Site current;
    final Slice pending = new Slice();
    List<String[]> parameterSamples;

    /** Set while a scope is evaluated: an N+1 was reported, so the same executions are not also "repeated". */
    boolean loopReported;

    StatementTally(SqlFingerprint fingerprint, String threadName, String dataSource,
                   QueryEvent[] predecessors, long[] predecessorPositions, long firstPosition) {
        this.predecessorPositions = predecessorPositions;
        this.firstPosition = firstPosition;
        this.fingerprint = fingerprint;
        this.threadName = threadName;
        this.dataSource = dataSource;
        this.predecessors = predecessors;
        this.parameters = fingerprint.kind() == StatementKind.SELECT ? new ParameterSets() : null;
    }

    /** Hot path: one execution, under the scope's lock. */
    void record(QueryEvent event, Detection detection, ParameterSets.Budget budget) {
        count++;
        long elapsed = event.elapsedNanos();
        totalNanos += elapsed;
        if (elapsed > maxNanos) {
            maxNanos = elapsed;
        }
        if (event.failed()) {
            errors++;
        }
        if (parameters != null && !event.isBatch() && parameters.add(event.parameterHash(), budget)) {
            repeats++;
        }
        // A batch, or an IN list carrying several keys (a batch fetch), is already the fix for a loop;
        // a write sent as a batch of one per row is not.
        boolean single = (!event.isBatch() || (event.batchSize() == 1 && fingerprint.kind().isWrite()))
                && event.fingerprint().largestCollapsedList() <= 1;
        if (event.isBatch()) {
            batches++;
        }
        boolean slow = elapsed >= detection.slowNanos;
        if (slow || isSamplePoint(single, detection)) {
            CallSites.Capture capture = detection.callSites.capture();
            event.callSite(capture);
            Site site = site(capture);
            if (site != null) {
                site.take(pending);
                current = site;
                if (single) {
                    site.add(event);
                }
                if (slow) {
                    site.slow(elapsed);
                }
            }
        } else if (single) {
            pending.add(event);
        }
        if (event.parameterSample() != null && (parameterSamples == null
                || parameterSamples.size() < MAX_PARAMETER_SAMPLES)) {
            if (parameterSamples == null) {
                parameterSamples = new ArrayList<>(MAX_PARAMETER_SAMPLES);
            }
            parameterSamples.add(event.parameterSample()); // masked where it was taken
        }
    }

    private boolean isSamplePoint(boolean single, Detection detection) {
        if (count == 1) {
            return true;
        }
        if (!single) {
            return false;
        }
        long singles = pending.singles + attributedSingles() + 1;
        int threshold = fingerprint.kind().isWrite() ? detection.batchableThreshold : detection.nPlusOneThreshold;
        return singles == threshold || (singles > threshold && Long.bitCount(singles) == 1);
    }

    private long attributedSingles() {
        long singles = 0;
        for (int i = 0, n = sites.size(); i < n; i++) {
            singles += sites.get(i).singles;
        }
        return singles;
    }

    /** The tally of {@code capture}'s call site, created on first sight; null past {@link #MAX_SITES}. */
    Site site(CallSites.Capture capture) {
        for (int i = 0, n = sites.size(); i < n; i++) {
            Site site = sites.get(i);
            if (site.sameSite(capture)) {
                return site;
            }
        }
        if (sites.size() >= MAX_SITES) {
            return null;
        }
        Site site = new Site(capture);
        sites.add(site);
        return site;
    }

    /** Gives executions still waiting for a sample to the last sampled site; called before evaluation. */
    void settle() {
        if (pending.singles > 0 && current != null) {
            current.take(pending);
        }
    }

    long distinctParameters() {
        return parameters == null ? -1 : parameters.distinct();
    }

    /** Adds a nested scope's tally of the same statement (both settled). */
    void addAll(StatementTally other, ParameterSets.Budget budget) {
        count += other.count;
        batches += other.batches;
        errors += other.errors;
        totalNanos += other.totalNanos;
        maxNanos = Math.max(maxNanos, other.maxNanos);
        repeats += other.repeats;
        coveredRepeats += other.coveredRepeats;
        coveredExecutions += other.coveredExecutions;
        if (parameters != null && other.parameters != null) {
            // The same parameters in two nested scopes are a repeat in the scope they both belong to.
            repeats += parameters.addAll(other.parameters, budget);
        }
        for (Site theirs : other.sites) {
            Site ours = site(theirs.capture);
            if (ours != null) {
                ours.addAll(theirs);
                current = ours;
            }
        }
        if (other.parameterSamples != null) {
            for (String[] sample : other.parameterSamples) {
                if (parameterSamples == null) {
                    parameterSamples = new ArrayList<>(MAX_PARAMETER_SAMPLES);
                }
                if (parameterSamples.size() < MAX_PARAMETER_SAMPLES) {
                    parameterSamples.add(sample);
                }
            }
        }
    }

    /** Single executions (not batched) of one group: counts, time, and whether their parameters differed. */
    static class Slice {
        long singles;
        long nanos;
        long maxNanos;
        private long firstHash;
        boolean differentParameters;

        void add(QueryEvent event) {
            long hash = event.parameterHash();
            if (singles == 0) {
                firstHash = hash;
            } else if (hash != firstHash) {
                differentParameters = true;
            }
            singles++;
            nanos += event.elapsedNanos();
            maxNanos = Math.max(maxNanos, event.elapsedNanos());
        }

        void take(Slice other) {
            if (other.singles == 0) {
                return;
            }
            addSlice(other);
            other.singles = 0;
            other.nanos = 0;
            other.maxNanos = 0;
            other.differentParameters = false;
        }

        void addSlice(Slice other) {
            if (other.singles == 0) {
                return;
            }
            if (singles == 0) {
                firstHash = other.firstHash;
            } else if (other.firstHash != firstHash) {
                differentParameters = true;
            }
            differentParameters |= other.differentParameters;
            singles += other.singles;
            nanos += other.nanos;
            maxNanos = Math.max(maxNanos, other.maxNanos);
        }
    }

    /** The executions attributed to one call site. */
    static final class Site extends Slice {
        final CallSites.Capture capture;
        long slowCount;
        long slowNanos;
        long slowMaxNanos;
        long largeResults;
        long largeMaxRows;
        // What nested scopes (or this scope) already reported, so an outer scope reports only the rest.
        long coveredSingles;
        long coveredNanos;
        long coveredSlow;
        long coveredSlowNanos;
        long coveredLarge;

        Site(CallSites.Capture capture) {
            this.capture = capture;
        }

        boolean sameSite(CallSites.Capture other) {
            return java.util.Objects.equals(capture.site(), other.site());
        }

        void slow(long elapsed) {
            slowCount++;
            slowNanos += elapsed;
            slowMaxNanos = Math.max(slowMaxNanos, elapsed);
        }

        void large(long rows) {
            largeResults++;
            largeMaxRows = Math.max(largeMaxRows, rows);
        }

        void addAll(Site other) {
            addSlice(other);
            slowCount += other.slowCount;
            slowNanos += other.slowNanos;
            slowMaxNanos = Math.max(slowMaxNanos, other.slowMaxNanos);
            largeResults += other.largeResults;
            largeMaxRows = Math.max(largeMaxRows, other.largeMaxRows);
            coveredSingles += other.coveredSingles;
            coveredNanos += other.coveredNanos;
            coveredSlow += other.coveredSlow;
            coveredSlowNanos += other.coveredSlowNanos;
            coveredLarge += other.coveredLarge;
        }
    }
}
