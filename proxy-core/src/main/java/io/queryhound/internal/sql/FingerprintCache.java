package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Remembers the fingerprints of recently seen statements, because every executed statement needs
 * one and applications repeat the same few SQL strings millions of times.
 *
 * <p>Why not a map: it must be bounded (a statement with inlined literals is new every time), a
 * hit must not lock (it runs on every query of every thread) and must not allocate. So it is a
 * fixed power-of-two array, two-way set associative: a statement can live in the two slots of its
 * set, indexed by {@link String#hashCode()} (cached inside the String, so a hit on the same SQL
 * string costs two reads and a reference comparison). Entries are immutable and published with
 * release/acquire ordering; a miss fingerprints without any lock and overwrites a slot, so two
 * threads missing together both compute, which is harmless. Statements longer than the size limit
 * are fingerprinted each time and never retained, which also bounds the memory the cache holds.
 */
public final class FingerprintCache {

    static final int DEFAULT_CAPACITY = 2048;
    static final int DEFAULT_MAX_CACHED_SQL_LENGTH = 4096;

    private static final AtomicReferenceArray<FingerprintCache> SHARED =
            new AtomicReferenceArray<>(SqlDialect.values().length);

    private final SqlDialect dialect;
    private final int maxCachedSqlLength;
    /** Slots 2s and 2s+1 form set s; the more recently stored entry of a set is in 2s. */
    private final AtomicReferenceArray<Entry> slots;
    private final int setMask;

    private static final class Entry {
        final String sql;
        final int hash;
        final SqlFingerprint fingerprint;

        Entry(String sql, int hash, SqlFingerprint fingerprint) {
            this.sql = sql;
            this.hash = hash;
            this.fingerprint = fingerprint;
        }

        boolean holds(String other, int otherHash) {
            return sql == other || (hash == otherHash && sql.equals(other));
        }
    }

    /**
     * @param capacity entries retained at most, rounded up to a power of two (at least 2)
     * @param maxCachedSqlLength statements longer than this many characters are never retained
     */
    public FingerprintCache(SqlDialect dialect, int capacity, int maxCachedSqlLength) {
        if (dialect == null) {
            throw new IllegalArgumentException("dialect is null; use SqlDialect.GENERIC when unknown");
        }
        if (capacity < 1 || capacity > 1 << 30) {
            throw new IllegalArgumentException("capacity " + capacity + " is outside 1.." + (1 << 30));
        }
        if (maxCachedSqlLength < 0) {
            throw new IllegalArgumentException("maxCachedSqlLength " + maxCachedSqlLength + " is negative");
        }
        int slotCount = Math.max(2, Integer.highestOneBit(capacity - 1) << 1);
        this.dialect = dialect;
        this.maxCachedSqlLength = maxCachedSqlLength;
        this.slots = new AtomicReferenceArray<>(slotCount);
        this.setMask = slotCount / 2 - 1;
    }

    /** The cache for {@code dialect} that {@link SqlFingerprint#of} uses: one per dialect, created on first use. */
    public static FingerprintCache shared(SqlDialect dialect) {
        int index = dialect.ordinal();
        FingerprintCache cache = SHARED.get(index);
        if (cache == null) {
            SHARED.compareAndSet(index, null,
                    new FingerprintCache(dialect, DEFAULT_CAPACITY, DEFAULT_MAX_CACHED_SQL_LENGTH));
            cache = SHARED.get(index);
        }
        return cache;
    }

    /** The fingerprint of {@code sql}; never throws, null is the empty statement. */
    public SqlFingerprint get(String sql) {
        // Hot path: runs for every executed statement. A hit reads at most two slots and allocates nothing.
        if (sql == null || sql.length() > maxCachedSqlLength) {
            return Fingerprinter.fingerprint(sql, dialect);
        }
        int hash = sql.hashCode();
        int first = set(hash) << 1;
        Entry recent = slots.getAcquire(first);
        if (recent != null && recent.holds(sql, hash)) {
            return recent.fingerprint;
        }
        Entry older = slots.getAcquire(first + 1);
        if (older != null && older.holds(sql, hash)) {
            return older.fingerprint;
        }
        SqlFingerprint fingerprint = Fingerprinter.fingerprint(sql, dialect);
        // The set's recent entry moves to the older slot; what was there is evicted.
        if (recent != null) {
            slots.setRelease(first + 1, recent);
        }
        slots.setRelease(first, new Entry(sql, hash, fingerprint));
        return fingerprint;
    }

    private int set(int hash) {
        // The mask keeps only low bits; fold the high half in so that it counts too.
        return (hash ^ (hash >>> 16)) & setMask;
    }

    /** The number of retained statements (for tests). */
    int size() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    /** Whether {@code sql} is retained, without fingerprinting it (for tests). */
    boolean contains(String sql) {
        int hash = sql.hashCode();
        int first = set(hash) << 1;
        for (int i = first; i <= first + 1; i++) {
            Entry entry = slots.get(i);
            if (entry != null && entry.holds(sql, hash)) {
                return true;
            }
        }
        return false;
    }

    /** The number of slots (capacity rounded up to a power of two). */
    int capacity() {
        return slots.length();
    }
}
