package io.queryhound.testing;

import java.util.concurrent.locks.LockSupport;

/**
 * Java functions registered in H2 with {@code CREATE ALIAS}; H2 in-memory runs them on the thread
 * that executes the query, which lets tests control how long a query takes.
 */
public final class SqlFunctions {

    /** Per-thread virtual time, moved only by {@link #advanceMicros}; use it as an engine's ticker. */
    public static final ThreadLocal<long[]> VIRTUAL_NANOS = ThreadLocal.withInitial(() -> new long[1]);

    private SqlFunctions() {
    }

    /** Registers every function in the database behind {@code statement}. */
    public static void register(java.sql.Statement statement) throws java.sql.SQLException {
        for (String name : new String[]{"twice", "pause_micros", "advance_micros"}) {
            String method = switch (name) {
                case "twice" -> "twice";
                case "pause_micros" -> "pauseMicros";
                default -> "advanceMicros";
            };
            statement.execute("create alias if not exists " + name + " for '" + SqlFunctions.class.getName() + "."
                    + method + "'");
        }
    }

    public static int twice(int value) {
        return value * 2;
    }

    /** Really takes about {@code micros} microseconds. */
    public static int pauseMicros(int micros) {
        LockSupport.parkNanos(micros * 1000L);
        return micros;
    }

    /** Takes no real time but moves this thread's virtual clock by {@code micros}. */
    public static int advanceMicros(int micros) {
        VIRTUAL_NANOS.get()[0] += micros * 1000L;
        return micros;
    }

    /** The calling thread's virtual time, for {@code QueryHound.builder().ticker(SqlFunctions::virtualNanos)}. */
    public static long virtualNanos() {
        return VIRTUAL_NANOS.get()[0];
    }
}
