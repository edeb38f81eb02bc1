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
    // Not yet in any finding (of this scope or a nested one): what a repeated-query finding may report.
    long freshExecutions;
    long freshRepeats;
    long freshNanos;
    long freshMaxNanos;
    final ParameterSets parameters;

    /** Single executions so far, attributed or pending: what the sampling points count. */
    long singles;
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

    /** Hot path: one execution, under the scope's lock; {@code known} is its call site when the caller has it. */
    void record(QueryEvent event, Detection detection, ParameterSets.Budget budget, CallSites.Capture known) {
        count++;
        freshExecutions++;
        long elapsed = event.elapsedNanos();
        totalNanos += elapsed;
        freshNanos += elapsed;
        if (elapsed > maxNanos) {
            maxNanos = elapsed;
        }
        if (elapsed > freshMaxNanos) {
            freshMaxNanos = elapsed;
        }
        if (event.failed()) {
            errors++;
        }
        if (parameters != null && !event.isBatch() && parameters.add(event.parameterHash(), budget)) {
            repeats++;
            freshRepeats++;
        }
        // A batch, or an IN list carrying several keys (a batch fetch), is already the fix for a loop;
        // a write sent as a batch of one per row is not.
        boolean single = (!event.isBatch() || (event.batchSize() == 1 && fingerprint.kind().isWrite()))
                && event.fingerprint().largestCollapsedList() <= 1;
        if (event.isBatch()) {
            batches++;
        }
        boolean slow = elapsed >= detection.slowNanos;
        if (known != null || slow || isSamplePoint(single, detection)) {
            CallSites.Capture capture = known != null ? known : detection.callSites.capture();
            event.callSite(capture);
            Site site = site(capture, detection.callersDistinguishSites);
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
        if (single) {
            singles++;
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
        long singles = this.singles + 1;
        int threshold = fingerprint.kind().isWrite() ? detection.batchableThreshold : detection.nPlusOneThreshold;
        return singles == threshold || (singles > threshold && Long.bitCount(singles) == 1);
    }

    /**
     * The tally of {@code capture}'s call site (with its callers, when {@code withCallers}), created
     * on first sight; null past {@link #MAX_SITES}.
     */
    Site site(CallSites.Capture capture, boolean withCallers) {
        for (int i = 0, n = sites.size(); i < n; i++) {
            Site site = sites.get(i);
            if (site.sameSite(capture) && (!withCallers || site.capture.stack().equals(capture.stack()))) {
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

    /** A finding now covers this statement's executions so far: only later ones are reported further out. */
    void reported() {
        freshExecutions = 0;
        freshRepeats = 0;
        freshNanos = 0;
        freshMaxNanos = 0;
    }

    long distinctParameters() {
        return parameters == null ? -1 : parameters.distinct();
    }

    /** Adds a nested scope's tally of the same statement (both settled). */
    void addAll(StatementTally other, ParameterSets.Budget budget) {
        boolean unreported = freshExecutions > 0 || other.freshExecutions > 0;
        count += other.count;
        singles += other.singles;
        batches += other.batches;
        errors += other.errors;
        totalNanos += other.totalNanos;
        maxNanos = Math.max(maxNanos, other.maxNanos);
        repeats += other.repeats;
        freshExecutions += other.freshExecutions;
        freshRepeats += other.freshRepeats;
        freshNanos += other.freshNanos;
        freshMaxNanos = Math.max(freshMaxNanos, other.freshMaxNanos);
        if (parameters != null && other.parameters != null) {
            // The same parameters in two nested scopes are a repeat in the scope they both belong to;
            // a new one only when some of those executions are not in a finding already.
            long across = parameters.addAll(other.parameters, budget);
            repeats += across;
            if (unreported) {
                freshRepeats += across;
            }
        }
        for (Site theirs : other.sites) {
            Site ours = site(theirs.capture, false); // roll-ups: production scopes only
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
            other.clear();
        }

        void clear() {
            singles = 0;
            nanos = 0;
            maxNanos = 0;
            differentParameters = false;
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

    /**
     * The executions attributed to one call site: all of them (the inherited counters, for sampling
     * and for naming a statement's main site), and those not yet in any finding, which is all that a
     * finding of this scope, or of one it rolls up into, may report.
     */
    static final class Site extends Slice {
        final CallSites.Capture capture;
        /** Single executions not yet in an N+1 or batchable finding. */
        final Slice fresh = new Slice();
        // Slow executions and large results not yet in a finding.
        long slowCount;
        long slowNanos;
        long slowMaxNanos;
        long largeResults;
        long largeMaxRows;

        Site(CallSites.Capture capture) {
            this.capture = capture;
        }

        boolean sameSite(CallSites.Capture other) {
            return java.util.Objects.equals(capture.site(), other.site());
        }

        @Override
        void add(QueryEvent event) {
            super.add(event);
            fresh.add(event);
        }

        @Override
        void take(Slice pending) {
            fresh.addSlice(pending);
            super.take(pending);
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

        void slowReported() {
            slowCount = 0;
            slowNanos = 0;
            slowMaxNanos = 0;
        }

        void largeReported() {
            largeResults = 0;
            largeMaxRows = 0;
        }

        void addAll(Site other) {
            addSlice(other);
            fresh.addSlice(other.fresh);
            slowCount += other.slowCount;
            slowNanos += other.slowNanos;
            slowMaxNanos = Math.max(slowMaxNanos, other.slowMaxNanos);
            largeResults += other.largeResults;
            largeMaxRows = Math.max(largeMaxRows, other.largeMaxRows);
        }
    }
}
