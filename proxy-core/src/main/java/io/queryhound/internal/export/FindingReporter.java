package io.queryhound.internal.export;

import io.queryhound.CallSite;
import io.queryhound.Exporter;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.FindingType;
import io.queryhound.internal.config.Diagnostics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns the findings of many scopes into output that does not flood: the first occurrence of a
 * finding (type, fingerprint and call site; see {@link Key}) is written at once, with its own counts; later
 * occurrences are only counted, and written as one {@link FindingSummary} per finding every
 * interval and at close. Scopes end on application threads, so findings are queued there and
 * written by the reporting thread.
 */
public final class FindingReporter {

    /** Distinct findings remembered for aggregation; further distinct ones are counted and dropped. */
    static final int MAX_DISTINCT_FINDINGS = 4096;
    /** Findings waiting to be written; beyond this they are dropped and counted. */
    static final int MAX_QUEUED = 10_000;

    private final Exporter exporter;
    private final Clock clock;
    private final Executor writer;
    private final Map<Key, Aggregate> seen = new ConcurrentHashMap<>();
    private final Queue<Finding> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final AtomicInteger dropped = new AtomicInteger();
    private Instant periodStart;
    /** Completes findings just before they are written (plans of slow statements, issue 8); null: none. */
    private volatile Completion completion;
    private volatile long completionWaitNanos;
    private volatile boolean closed;

    /** {@code writer} runs the writes (the reporting thread); null means only at {@link #reportInterval()}. */
    public FindingReporter(Exporter exporter, Clock clock, Executor writer) {
        this.exporter = exporter;
        this.clock = clock;
        this.writer = writer;
        this.periodStart = clock.instant();
    }

    /** Any thread: the findings of one scope. Never blocks on I/O. */
    public void report(List<Finding> findings) {
        if (closed) {
            return;
        }
        boolean added = false;
        for (Finding finding : findings) {
            Key key = Key.of(finding);
            Aggregate existing = seen.get(key);
            if (existing != null) {
                existing.add(finding);
                continue;
            }
            if (seen.size() >= MAX_DISTINCT_FINDINGS) {
                drop("more than " + MAX_DISTINCT_FINDINGS + " distinct findings: further distinct ones are counted,"
                        + " not written");
                continue;
            }
            // Reserve the queue slot first: a finding remembered as written but never queued would
            // be summarised later as if its first occurrence had been written.
            if (queued.incrementAndGet() > MAX_QUEUED) {
                queued.decrementAndGet();
                drop("more than " + MAX_QUEUED + " findings waiting to be written: further ones are dropped");
                continue;
            }
            Aggregate created = new Aggregate(finding);
            existing = seen.putIfAbsent(key, created);
            if (existing != null) {
                queued.decrementAndGet();
                existing.add(finding);
                continue;
            }
            queue.add(finding);
            added = true;
        }
        if (added && closed) {
            writeQueued(); // close() may have written the queue just before these were added
            return;
        }
        if (added && writer != null && writeScheduled.compareAndSet(false, true)) {
            try {
                writer.execute(() -> {
                    writeScheduled.set(false);
                    writeQueued();
                });
            } catch (RejectedExecutionException shuttingDown) {
                writeScheduled.set(false); // close() writes what is queued
            }
        }
    }

    private void drop(String why) {
        dropped.incrementAndGet();
        Diagnostics.warnOnce("findings-dropped:" + why, why);
    }

    /**
     * Adds what only becomes known after a scope ended to each finding as it is written; see {@link Completion}.
     * One batch of queued findings waits at most {@code waitNanos} in all, so a slow EXPLAIN delays the
     * reporting thread by a bounded time and never an application thread.
     */
    public void completeWith(Completion completion, long waitNanos) {
        this.completionWaitNanos = waitNanos;
        this.completion = completion;
    }

    /** Adds to a finding before it is written, on the writing thread; may wait until {@code deadlineNanos}. */
    @FunctionalInterface
    public interface Completion {
        Finding complete(Finding finding, long deadlineNanos);
    }

    /** Writes the findings queued so far. */
    public synchronized void writeQueued() {
        boolean wrote = false;
        Finding finding;
        Completion complete = completion;
        long deadline = complete == null ? 0 : System.nanoTime() + completionWaitNanos;
        while ((finding = queue.poll()) != null) {
            queued.decrementAndGet();
            if (complete != null) {
                try {
                    finding = complete.complete(finding, deadline);
                } catch (Throwable e) {
                    Diagnostics.internalError("finding completion", e);
                }
            }
            try {
                exporter.finding(finding);
                wrote = true;
            } catch (Throwable e) {
                Diagnostics.internalError("exporter " + exporter, e);
            }
        }
        if (wrote) {
            flush();
        }
    }

    /** Writes queued findings, then one summary per finding that recurred since the last interval. */
    public synchronized void reportInterval() {
        writeQueued();
        Instant end = clock.instant();
        List<FindingSummary> summaries = new ArrayList<>();
        for (Aggregate aggregate : seen.values()) {
            FindingSummary summary = aggregate.takePeriod(periodStart, end);
            if (summary != null) {
                summaries.add(summary);
            }
        }
        periodStart = end;
        summaries.sort(Comparator.comparingLong(FindingSummary::occurrences).reversed());
        for (FindingSummary summary : summaries) {
            try {
                exporter.findingSummary(summary);
            } catch (Throwable e) {
                Diagnostics.internalError("exporter " + exporter, e);
            }
        }
        if (!summaries.isEmpty()) {
            flush();
        }
    }

    /** The last interval; later findings are ignored. */
    public synchronized void close() {
        if (!closed) {
            closed = true; // first, so nothing is queued after the last write below
            reportInterval();
        }
    }

    /** Findings not written because a bound was reached. */
    public int droppedFindings() {
        return dropped.get();
    }

    private void flush() {
        try {
            exporter.flush();
        } catch (Throwable e) {
            Diagnostics.internalError("exporter " + exporter, e);
        }
    }

    /**
     * What makes two findings the same: type, statement and call site; for a slow connection, which
     * concerns neither a statement nor a line, type and data source.
     */
    private record Key(FindingType type, long fingerprint, CallSite callSite, String dataSource) {

        static Key of(Finding finding) {
            return new Key(finding.type(), finding.fingerprint() == null ? 0 : finding.fingerprint().idAsLong(),
                    finding.callSite(), finding.type() == FindingType.SLOW_CONNECTION ? finding.dataSource() : null);
        }
    }

    /** One finding's recurrences: the first was written as it was; the rest are counted here. */
    private static final class Aggregate {
        private final Finding first;
        private long totalOccurrences = 1;
        private long occurrences;
        private long count;
        private long failed;
        private double totalMillis;
        private double maxMillis;
        private String lastScope;

        Aggregate(Finding first) {
            this.first = first;
            this.lastScope = first.scope();
        }

        synchronized void add(Finding finding) {
            totalOccurrences++;
            occurrences++;
            count += finding.count();
            failed += Math.max(0, finding.failed());
            totalMillis += finding.totalMillis();
            maxMillis = Math.max(maxMillis, finding.maxMillis());
            lastScope = finding.scope();
        }

        synchronized FindingSummary takePeriod(Instant start, Instant end) {
            if (occurrences == 0) {
                return null;
            }
            FindingSummary summary = new FindingSummary(first.type(), first.fingerprint(), first.sql(),
                    first.callSite(), start, end, occurrences, totalOccurrences, count, totalMillis, maxMillis,
                    first.timestamp(), Objects.requireNonNullElse(lastScope, first.scope()),
                    first.type() == FindingType.SLOW_CONNECTION ? first.dataSource() : null,
                    first.failed() < 0 ? -1 : failed);
            occurrences = 0;
            count = 0;
            failed = 0;
            totalMillis = 0;
            maxMillis = 0;
            return summary;
        }
    }
}
