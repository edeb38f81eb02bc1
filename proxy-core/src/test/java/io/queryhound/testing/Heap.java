package io.queryhound.testing;

import java.lang.management.ManagementFactory;

/** Heap measurements for memory tests: what is in use once the collector has run. */
public final class Heap {

    private Heap() {
    }

    /** Heap in use, in bytes, after a few full collections (one may leave work for the next). */
    public static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
