package io.queryhound.it;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Child runs shared by every test that asserts something about them, across test classes of one test JVM:
 * one start of an application answers many assertions, which keeps the module's run time to a few minutes.
 */
public final class Runs {

    private static final Map<String, ChildRun> RUNS = new HashMap<>();

    private Runs() {
    }

    /**
     * The run stored under {@code key}, started by {@code start} on first use. A start that throws (a JDK that is
     * not installed, an agent jar that is missing) stores nothing, so each test reports it for itself.
     */
    public static synchronized ChildRun get(String key, Supplier<ChildRun> start) {
        ChildRun run = RUNS.get(key);
        if (run == null) {
            run = start.get();
            RUNS.put(key, run);
        }
        return run;
    }
}
