package io.queryhound.internal.config;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * QueryHound's own voice: bad settings and internal errors, each reported once on stderr.
 *
 * <p>It never throws and never goes through the application's logging backend (an agent that binds
 * to the host's SLF4J can fail at start-up or recurse). Internal errors are also counted, so a
 * failure that repeats on every query costs a counter increment after its first report.
 */
public final class Diagnostics {

    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static final LongAdder INTERNAL_ERRORS = new LongAdder();
    private static volatile PrintStream out;

    private Diagnostics() {
    }

    /** Reports {@code message} the first time {@code key} is seen; later calls with that key are silent. */
    public static void warnOnce(String key, String message) {
        if (REPORTED.add(key)) {
            print("WARN " + message);
        }
    }

    /**
     * Records an error of QueryHound's own (never the application's): counted every time, printed
     * once per {@code where}.
     */
    public static void internalError(String where, Throwable error) {
        INTERNAL_ERRORS.increment();
        if (REPORTED.add("internal:" + where)) {
            print("ERROR internal error in " + where + " (reported once; the application is not affected): " + error);
        }
    }

    /** How many internal errors were recorded since start. */
    public static long internalErrorCount() {
        return INTERNAL_ERRORS.sum();
    }

    /** Redirects the output, for tests; {@code null} restores stderr. */
    public static void redirectForTests(PrintStream stream) {
        out = stream;
    }

    /** Forgets which keys were reported, for tests. */
    public static void resetForTests() {
        REPORTED.clear();
    }

    private static void print(String line) {
        try {
            PrintStream stream = out;
            (stream != null ? stream : System.err).println("[queryhound] " + line);
        } catch (Throwable ignored) {
            // Nowhere left to report to; the application must not notice.
        }
    }
}
