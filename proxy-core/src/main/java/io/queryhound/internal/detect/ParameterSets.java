package io.queryhound.internal.detect;

/**
 * The distinct parameter-set hashes one statement ran with in a scope, so that "the same
 * parameters again" (a repeated query) can be told from "different parameters" (a loop) without
 * keeping any value. An open-addressing set of longs that grows from a few slots; its growth is
 * paid from a budget shared by the whole scope, so a scope's memory stays bounded however many
 * distinct values it sees. Hashes beyond the budget are counted, not stored.
 *
 * <p>One statement's table stops growing at {@link #MAX_SLOTS} (32 KiB): its probes run on every
 * execution, and a larger table is read at random, a cache miss each time (measured: the largest single
 * cost of a primary-key lookup under the agent, when 10,000 distinct keys had grown the table to
 * 128 KiB), and filled only to half. Past its 2,048th hash, new values are counted as distinct, not
 * stored: a statement that ran with over 2,000 distinct parameter sets in one scope is a loop, and its
 * repeats among the first 2,048 are still seen.
 */
final class ParameterSets {

    /** The hash value used for "empty slot"; a real hash equal to it is stored in {@link #hasZero}. */
    private static final long EMPTY = 0L;
    /** Slots of one statement's table at most (a power of two); it holds half as many hashes. */
    static final int MAX_SLOTS = 4096;

    private long[] slots = new long[8];
    private int size;
    private boolean hasZero;
    private long untracked;

    /** Adds {@code hash}; returns true when it was already present (a repeat). */
    boolean add(long hash, Budget budget) {
        if (hash == EMPTY) {
            if (hasZero) {
                return true;
            }
            hasZero = true;
            return false;
        }
        int mask = slots.length - 1;
        int i = (int) (hash ^ (hash >>> 32)) & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == hash) {
                return true;
            }
            i = (i + 1) & mask;
        }
        // Growing tables fill to 3/4; the largest only to 1/2, because once full every new value probes it to
        // the end of a cluster: about 8 slots at 3/4, 2.5 at 1/2.
        boolean largest = slots.length >= MAX_SLOTS;
        if (largest ? (size + 1) * 2 > slots.length : (size + 1) * 4 > slots.length * 3) {
            if (largest || !budget.take(slots.length)) {
                untracked++;
                return false;
            }
            grow();
            return add(hash, budget);
        }
        slots[i] = hash;
        size++;
        return false;
    }

    /** Distinct parameter sets seen, counting those beyond the budget as distinct. */
    long distinct() {
        return size + (hasZero ? 1 : 0) + untracked;
    }

    /** Slots of the table now; for tests of its bound. */
    int capacity() {
        return slots.length;
    }

    /** Adds every hash of {@code other}; returns how many were already here (repeats across the two). */
    long addAll(ParameterSets other, Budget budget) {
        long present = 0;
        if (other.hasZero && add(EMPTY, budget)) {
            present++;
        }
        for (long hash : other.slots) {
            if (hash != EMPTY && add(hash, budget)) {
                present++;
            }
        }
        untracked += other.untracked;
        return present;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long hash : old) {
            if (hash != EMPTY) {
                int i = (int) (hash ^ (hash >>> 32)) & mask;
                while (slots[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                slots[i] = hash;
            }
        }
    }

    /** Slots of parameter hashes a scope may still add across all its statements. */
    static final class Budget {
        private long remaining;

        Budget(long slots) {
            this.remaining = slots;
        }

        boolean take(long slots) {
            if (remaining < slots) {
                return false;
            }
            remaining -= slots;
            return true;
        }
    }
}
