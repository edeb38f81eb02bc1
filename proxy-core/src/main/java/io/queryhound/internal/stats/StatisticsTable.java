package io.queryhound.internal.stats;

import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Statistics for every fingerprint seen, bounded: once {@code maxStatements} fingerprints are
 * tracked, executions of new ones go to a single overflow entry and are counted there, so an
 * application that builds SQL with inlined literals cannot grow QueryHound's memory without limit.
 */
public final class StatisticsTable {

    /** The pseudo-statement that collects executions of fingerprints beyond the limit. */
    public static final SqlFingerprint OVERFLOW =
            new SqlFingerprint("(statements beyond maxStatements)", 0L, StatementKind.OTHER, null);

    private final ConcurrentHashMap<SqlFingerprint, StatementStats> byFingerprint = new ConcurrentHashMap<>();
    private final AtomicInteger tracked = new AtomicInteger();
    private final StatementStats overflow = new StatementStats(OVERFLOW);
    private final LongAdder overflowed = new LongAdder();
    private final int maxStatements;

    public StatisticsTable(int maxStatements) {
        this.maxStatements = maxStatements;
    }

    /** Hot path: one execution. A lookup in a concurrent map; allocation only on a fingerprint's first sight. */
    public void record(SqlFingerprint fingerprint, long elapsedNanos, boolean failed, int batchSize) {
        statsFor(fingerprint).record(elapsedNanos, failed, batchSize);
    }

    /** Rows read from one finished result. */
    public void addRows(SqlFingerprint fingerprint, long rows) {
        statsFor(fingerprint).addRows(rows);
    }

    private StatementStats statsFor(SqlFingerprint fingerprint) {
        StatementStats stats = byFingerprint.get(fingerprint);
        if (stats != null) {
            return stats;
        }
        if (tracked.get() >= maxStatements) {
            overflowed.increment();
            return overflow;
        }
        StatementStats created = byFingerprint.computeIfAbsent(fingerprint, key -> {
            if (tracked.incrementAndGet() > maxStatements) {
                tracked.decrementAndGet();
                return null; // lost the race for the last slot: no entry is created
            }
            return new StatementStats(key);
        });
        if (created == null) {
            overflowed.increment();
            return overflow;
        }
        return created;
    }

    /** The number of fingerprints with their own statistics. */
    public int trackedStatements() {
        return tracked.get();
    }

    /** Executions and row reports that went to the overflow entry because the table was full. */
    public long overflowCount() {
        return overflowed.sum();
    }

    /** Every entry including the overflow one; a snapshot for the reporting thread. */
    List<StatementStats> entries() {
        List<StatementStats> entries = new ArrayList<>(byFingerprint.values());
        entries.add(overflow);
        return entries;
    }
}
