package io.queryhound.internal.stats;

import io.queryhound.Scope;
import io.queryhound.ScopeStatistics;
import io.queryhound.StatementStatistics.Period;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Statements and duration per scope, aggregated by scope name and kind: the numbers behind
 * {@link ScopeStatistics}. Written once per closed scope (not per query), so a lock per name is
 * cheap enough; bounded like the statement table: beyond {@link #MAX_SCOPE_NAMES} names, scopes are
 * counted under one overflow name, so an application whose scope names carry ids (an HTTP path
 * with an order number in it) cannot grow QueryHound's memory without limit.
 */
public final class ScopeStatisticsTable {

    /** Distinct scope names with their own statistics. */
    public static final int MAX_SCOPE_NAMES = 1000;
    /** The name under which scopes beyond {@link #MAX_SCOPE_NAMES} names are counted. */
    public static final String OVERFLOW_NAME = "(scopes beyond " + MAX_SCOPE_NAMES + " names)";

    private final ConcurrentHashMap<Key, Entry> byName = new ConcurrentHashMap<>();
    private final AtomicInteger tracked = new AtomicInteger();
    private final Overflow overflow = new Overflow();

    /** One scope closed after running {@code statements} statements in {@code sqlNanos}, open for {@code durationNanos}. */
    public void record(String name, Scope.Kind kind, long statements, long sqlNanos, long durationNanos) {
        entryFor(new Key(name, kind)).record(statements, sqlNanos, durationNanos);
    }

    private Entry entryFor(Key key) {
        Entry entry = byName.get(key);
        if (entry != null) {
            return entry;
        }
        if (tracked.get() >= MAX_SCOPE_NAMES) {
            return overflow.stripe();
        }
        Entry created = byName.computeIfAbsent(key, k -> {
            if (tracked.incrementAndGet() > MAX_SCOPE_NAMES) {
                tracked.decrementAndGet();
                return null;
            }
            return new Entry(k);
        });
        return created == null ? overflow.stripe() : created;
    }

    /** The names with their own statistics; at most {@link #MAX_SCOPE_NAMES}. */
    public int trackedNames() {
        return tracked.get();
    }

    /** The scopes closed since the previous call, one record per name that closed any; reporter thread only. */
    List<ScopeStatistics> takeInterval(Instant start, Instant end) {
        List<ScopeStatistics> records = new ArrayList<>();
        for (Entry entry : byName.values()) {
            ScopeStatistics record = entry.takeInterval(start, end);
            if (record != null) {
                records.add(record);
            }
        }
        ScopeStatistics overflowed = overflow.takeInterval(start, end);
        if (overflowed != null) {
            records.add(overflowed);
        }
        return records;
    }

    /** Everything since start; take the last interval first. */
    List<ScopeStatistics> summary(Instant start, Instant end) {
        List<ScopeStatistics> records = new ArrayList<>();
        for (Entry entry : byName.values()) {
            ScopeStatistics record = entry.summary(start, end);
            if (record != null) {
                records.add(record);
            }
        }
        ScopeStatistics overflowed = overflow.summary(start, end);
        if (overflowed != null) {
            records.add(overflowed);
        }
        return records;
    }

    private record Key(String name, Scope.Kind kind) {
        Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** One name's running statistics: the current interval and the total since start. */
    private static final class Entry {
        private final Key key;
        private final Counts interval = new Counts();
        private final Counts total = new Counts();

        Entry(Key key) {
            this.key = key;
        }

        synchronized void record(long statements, long sqlNanos, long durationNanos) {
            interval.add(statements, sqlNanos, durationNanos);
        }

        synchronized ScopeStatistics takeInterval(Instant start, Instant end) {
            if (interval.count() == 0) {
                return null;
            }
            ScopeStatistics record = interval.toRecord(Period.INTERVAL, start, end, key.name, key.kind);
            total.addAll(interval);
            interval.reset();
            return record;
        }

        synchronized ScopeStatistics summary(Instant start, Instant end) {
            return total.count() == 0 ? null : total.toRecord(Period.SUMMARY, start, end, key.name, key.kind);
        }

        /**
         * Moves the current interval into {@code target}'s (an overflow stripe, whose total stays unused).
         * Locks this, then the target: always in that order.
         */
        synchronized void drainInto(Entry target) {
            if (interval.count() > 0) {
                target.absorb(interval);
                interval.reset();
            }
        }

        private synchronized void absorb(Counts counts) {
            interval.addAll(counts);
        }
    }

    /**
     * The overflow name's statistics, striped by thread. When scope names carry ids, nearly every
     * scope lands here once the first {@link #MAX_SCOPE_NAMES} names are taken, closed from every
     * request thread at once; one lock made them queue behind each other (64 threads closing scopes
     * spent more time parked on it than running). Each stripe holds only the current interval; the
     * reporting thread merges them.
     */
    private static final class Overflow {
        private static final int STRIPES = 16; // a power of two
        private final Entry[] stripes = new Entry[STRIPES];
        /** The stripes merged, by the reporting thread. */
        private final Entry merged;

        Overflow() {
            Key key = new Key(OVERFLOW_NAME, Scope.Kind.EXPLICIT);
            for (int i = 0; i < STRIPES; i++) {
                stripes[i] = new Entry(key);
            }
            merged = new Entry(key);
        }

        /** Hot path: the calling thread's stripe (a thread keeps its stripe: its identity hash is fixed). */
        Entry stripe() {
            return stripes[Thread.currentThread().hashCode() & (STRIPES - 1)];
        }

        synchronized ScopeStatistics takeInterval(Instant start, Instant end) {
            for (Entry stripe : stripes) {
                stripe.drainInto(merged);
            }
            return merged.takeInterval(start, end);
        }

        ScopeStatistics summary(Instant start, Instant end) {
            return merged.summary(start, end);
        }
    }

    /**
     * Counts of one period. Statements per scope and durations (microseconds) go into packed
     * histograms, whose memory follows the buckets actually used: a few hundred bytes for a name
     * whose requests look alike.
     */
    private static final class Counts {
        private final Histogram statements = new PackedHistogram(StatementStats.SIGNIFICANT_DIGITS);
        private final Histogram durationMicros = new PackedHistogram(StatementStats.SIGNIFICANT_DIGITS);
        private long statementSum;
        private long sqlNanos;
        private long durationNanos;

        long count() {
            return durationMicros.getTotalCount();
        }

        void add(long statementCount, long sql, long duration) {
            statements.recordValue(Math.max(0, statementCount));
            durationMicros.recordValue(Math.max(0, duration) / 1000);
            statementSum += statementCount;
            sqlNanos += sql;
            durationNanos += Math.max(0, duration);
        }

        void addAll(Counts other) {
            statements.add(other.statements);
            durationMicros.add(other.durationMicros);
            statementSum += other.statementSum;
            sqlNanos += other.sqlNanos;
            durationNanos += other.durationNanos;
        }

        void reset() {
            statements.reset();
            durationMicros.reset();
            statementSum = 0;
            sqlNanos = 0;
            durationNanos = 0;
        }

        ScopeStatistics toRecord(Period period, Instant start, Instant end, String name, Scope.Kind kind) {
            return new ScopeStatistics(period, start, end, name, kind, count(), statementSum,
                    statements.getValueAtPercentile(50), statements.getValueAtPercentile(95),
                    statements.getMaxValue(), sqlNanos / 1_000_000.0, durationNanos / 1_000_000.0,
                    millis(durationMicros.getValueAtPercentile(50)), millis(durationMicros.getValueAtPercentile(95)),
                    millis(durationMicros.getValueAtPercentile(99)), millis(durationMicros.getMaxValue()));
        }

        private static double millis(long micros) {
            return micros / 1000.0;
        }
    }
}
