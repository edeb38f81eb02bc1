package io.queryhound.internal.capture;

import java.io.InputStream;
import java.io.Reader;
import java.sql.Blob;
import java.sql.Clob;
import java.util.Arrays;

/**
 * A 64-bit hash of one set of bound values, so detectors can tell "same parameters again" from
 * "different parameters" without keeping any value (values may be secrets, and keeping them is how
 * other tools leaked memory). Streams, blobs and clobs are never read: they hash by identity.
 */
public final class ParameterHash {

    /** The hash of "no parameters". */
    public static final long NONE = 0L;

    private static final long SEED = 0x51_7c_c1_b7_27_22_0a_95L;
    private static final long NULL_VALUE = 0x6a_09_e6_67_f3_bc_c9_08L;
    // The type part of the commonest values' hashes (see valueHash), worked out once: the hot path tests
    // their exact class before the interface checks, which cost more than the hash itself.
    private static final long INTEGER_TYPE = Integer.class.getName().hashCode() * 31L;
    private static final long LONG_TYPE = Long.class.getName().hashCode() * 31L;
    private static final long STRING_TYPE = String.class.getName().hashCode() * 31L;

    private ParameterHash() {
    }

    public static long start() {
        return SEED;
    }

    /** Mixes one bound value, set at {@code position} (its index, or the hash of its name). */
    public static long add(long hash, int position, Object value) {
        return mix(mix(hash, position), valueHash(value));
    }

    /** {@link #add} for an {@code int} bound unboxed: the same hash as for the boxed value. */
    public static long addInt(long hash, int position, int value) {
        return mix(mix(hash, position), INTEGER_TYPE + value);
    }

    /** {@link #add} for a {@code long} bound unboxed: the same hash as for the boxed value. */
    public static long addLong(long hash, int position, long value) {
        return mix(mix(hash, position), LONG_TYPE + Long.hashCode(value));
    }

    /** Mixes a part hashed on its own (one bound value, in agent mode) into {@code hash}. */
    public static long combine(long hash, long part) {
        return mix(hash, part);
    }

    /** Mixes a null bound with {@code setNull}. */
    public static long addNull(long hash, int position) {
        return mix(mix(hash, position), NULL_VALUE);
    }

    /** The hash of a plain statement's text, which carries its values inline. */
    public static long ofSqlText(String sql) {
        return mix(SEED, sql.hashCode()) ^ sql.length();
    }

    private static long valueHash(Object value) {
        if (value == null) {
            return NULL_VALUE;
        }
        Class<?> type = value.getClass();
        if (type == Integer.class) {
            return INTEGER_TYPE + value.hashCode(); // what the general case below gives, sooner
        }
        if (type == Long.class) {
            return LONG_TYPE + value.hashCode();
        }
        if (type == String.class) {
            return STRING_TYPE + value.hashCode();
        }
        if (value instanceof InputStream || value instanceof Reader || value instanceof Blob || value instanceof Clob) {
            return System.identityHashCode(value);
        }
        if (value instanceof byte[] bytes) {
            return boundedHash(bytes);
        }
        if (value instanceof char[] chars) {
            return Arrays.hashCode(chars);
        }
        if (value instanceof Object[] array) {
            return Arrays.deepHashCode(array);
        }
        try {
            return value.getClass().getName().hashCode() * 31L + value.hashCode();
        } catch (RuntimeException e) {
            return System.identityHashCode(value); // a value whose hashCode throws is treated as unique
        }
    }

    /**
     * Large binary values are hashed by their length and their first and last bytes only: hashing a
     * megabyte on the query thread for every execution would cost more than it tells.
     */
    private static long boundedHash(byte[] bytes) {
        int edge = 256;
        if (bytes.length <= 2 * edge) {
            return Arrays.hashCode(bytes);
        }
        long hash = bytes.length;
        for (int i = 0; i < edge; i++) {
            hash = hash * 31 + bytes[i];
            hash = hash * 31 + bytes[bytes.length - 1 - i];
        }
        return hash;
    }

    /** One round of a 64-bit multiply-xorshift mix: cheap, and spreads small differences over all bits. */
    private static long mix(long hash, long value) {
        long h = (hash ^ value) * 0x9E37_79B9_7F4A_7C15L;
        return h ^ (h >>> 29);
    }
}
