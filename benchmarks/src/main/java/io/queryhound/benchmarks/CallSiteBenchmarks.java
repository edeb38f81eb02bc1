package io.queryhound.benchmarks;

import io.queryhound.internal.detect.CallSites;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Call-site capture (a stack walk) under {@code depth} frames that are not the application's, as a call from a
 * controller through a framework, a repository proxy and a pool would be: the frames of {@link Framework} are
 * skipped the way a framework's are, and the site is the benchmark method below them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallSiteBenchmarks {

    @Param({"30", "120"})
    public int depth;

    private final CallSites callSites = new CallSites(List.of(), List.of(Framework.class.getName()), 5);

    @Benchmark
    public CallSites.Capture capture() {
        return Framework.call(depth, callSites);
    }

    /** Stands for the framework between the application's line and the JDBC call. */
    static final class Framework {
        private Framework() {
        }

        static CallSites.Capture call(int remaining, CallSites callSites) {
            return remaining <= 1 ? callSites.capture() : call(remaining - 1, callSites);
        }
    }
}
