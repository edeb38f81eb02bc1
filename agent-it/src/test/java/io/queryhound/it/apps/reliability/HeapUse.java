package io.queryhound.it.apps.reliability;

import java.lang.management.ManagementFactory;

/** What the memory applications measure inside their own JVM: heap in use once the collector has run. */
final class HeapUse {

    private HeapUse() {
    }

    /** Heap in use, in bytes, after a few full collections (one may leave work for the next). */
    static long afterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The lines the tests read: bytes retained by the workload and its duration. */
    static void print(long retainedBytes, long startNanos) {
        System.out.println("RETAINED_BYTES " + retainedBytes);
        System.out.println("WORKLOAD_MILLIS " + (System.nanoTime() - startNanos) / 1_000_000);
    }
}
