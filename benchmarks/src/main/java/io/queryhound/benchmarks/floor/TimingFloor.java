package io.queryhound.benchmarks.floor;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What {@link TimingFloorAgent}'s advice calls: the least an agent does to time the query an application ran,
 * and not a nested one (a pool's proxy calling the driver): a per-thread depth, two clock reads, a count and a
 * sum. Public because the advice runs inside the driver's classes.
 */
public final class TimingFloor {

    /** One thread's tally; registered once, so that {@link #executions()} can add them up. */
    private static final class Tally {
        int depth;
        long executions;
        long nanos;
    }

    private static final Queue<Tally> ALL = new ConcurrentLinkedQueue<>();
    private static final ThreadLocal<Tally> TALLIES = ThreadLocal.withInitial(() -> {
        Tally tally = new Tally();
        ALL.add(tally);
        return tally;
    });

    private TimingFloor() {
    }

    /** Hot path: the start of an execution; -1 for one nested in another. */
    public static long enter() {
        Tally tally = TALLIES.get();
        return tally.depth++ == 0 ? System.nanoTime() : -1;
    }

    /** Hot path: the end of the execution {@link #enter()} started. */
    public static void exit(long start) {
        long end = System.nanoTime();
        Tally tally = TALLIES.get();
        tally.depth--;
        if (start >= 0) {
            tally.executions++;
            tally.nanos += end - start;
        }
    }

    /** Outermost executions timed so far, on every thread; a benchmark checks the advice really ran. */
    public static long executions() {
        long sum = 0;
        for (Tally tally : ALL) {
            sum += tally.executions;
        }
        return sum;
    }
}
