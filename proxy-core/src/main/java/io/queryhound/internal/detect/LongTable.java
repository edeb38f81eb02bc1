package io.queryhound.internal.detect;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An open-addressing map from a 64-bit key to a value. It exists because the per-query path looks
 * a statement up by its fingerprint id on every execution, and a {@code HashMap<Long, V>} would box
 * that id each time. Keys are already well-mixed hashes, so linear probing on the low bits is
 * enough. Not thread-safe: a scope's lock guards it.
 */
final class LongTable<V> {

    private long[] keys;
    private Object[] values;
    private int size;

    LongTable(int capacity) {
        int slots = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1;
        keys = new long[slots];
        values = new Object[slots];
    }

    int size() {
        return size;
    }

    /** Hot path. */
    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = spread(key) & mask; ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) value;
            }
        }
    }

    /** Adds a key that is not present. */
    void put(long key, V value) {
        if ((size + 1) * 4 > keys.length * 3) {
            grow();
        }
        insert(key, value);
        size++;
    }

    private void insert(long key, Object value) {
        int mask = keys.length - 1;
        int i = spread(key) & mask;
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<V> action) {
        for (Object value : values) {
            if (value != null) {
                action.accept((V) value);
            }
        }
    }

    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private static int spread(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
