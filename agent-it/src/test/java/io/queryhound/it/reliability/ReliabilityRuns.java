package io.queryhound.it.reliability;

import io.queryhound.it.AgentJvm;
import io.queryhound.it.ChildRun;
import io.queryhound.it.Jdk;
import io.queryhound.it.apps.reliability.OrdersApp;
import io.queryhound.it.apps.reliability.OrdersWorkload;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The child runs of the reliability tests, each started once and shared by every test about it. A test class
 * starts all of its runs when it begins ({@link #start}), two at a time on this two-core machine, and each test then
 * waits for the run it asserts about ({@link #get}): the children are short, and start-up is most of their time.
 * (The module's {@code Runs} cache starts a run on the asking thread, one at a time.)
 */
final class ReliabilityRuns {

    /**
     * Every child here must end well within this; one that does not has hung. Generous for a loaded machine, and
     * far below what a hang would take.
     */
    static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

    private static final ExecutorService CHILDREN = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "reliability-child");
        thread.setDaemon(true);
        return thread;
    });
    private static final Map<String, CompletableFuture<ChildRun>> RUNS = new ConcurrentHashMap<>();

    private ReliabilityRuns() {
    }

    /** Starts the run {@code name} in the background, unless it was started before. */
    static void start(String name, Supplier<ChildRun> run) {
        RUNS.computeIfAbsent(name, key -> CompletableFuture.supplyAsync(run, CHILDREN));
    }

    /** The run {@code name}, started now if it was not started before; waits for its end. */
    static ChildRun get(String name, Supplier<ChildRun> run) {
        start(name, run);
        try {
            return RUNS.get(name).join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw failed;
        }
    }

    /** Whether {@code jdk} is installed, for starting runs ahead; its tests skip themselves when it is not. */
    static boolean installed(Jdk jdk) {
        try {
            jdk.java();
            return true;
        } catch (TestAbortedException missing) {
            return false;
        }
    }

    /** {@link OrdersApp} without any agent: what the application prints on its own. */
    static ChildRun ordersWithoutAgent(Jdk jdk) {
        jdk.java(); // skips the test when the JDK is missing
        return get(ordersWithoutAgentName(jdk), ordersWithoutAgentRun(jdk));
    }

    /** Starts {@link #ordersWithoutAgent} ahead, on every installed JDK. */
    static void startOrdersWithoutAgent() {
        for (Jdk jdk : Jdk.values()) {
            if (installed(jdk)) {
                start(ordersWithoutAgentName(jdk), ordersWithoutAgentRun(jdk));
            }
        }
    }

    private static String ordersWithoutAgentName(Jdk jdk) {
        return "reliability-OrdersApp-plain-" + jdk.name();
    }

    private static Supplier<ChildRun> ordersWithoutAgentRun(Jdk jdk) {
        return () -> AgentJvm.app(OrdersApp.class).on(jdk).named(ordersWithoutAgentName(jdk)).timeout(CHILD_TIMEOUT)
                .run();
    }

    /**
     * The settings of the output and settings tests: the workload's method is a scope, so its N+1 is judged and
     * queued for writing as soon as it returns; no interval report, only the summary at exit; then {@code more}.
     */
    static String[] ordersSettings(String... more) {
        List<String> settings = new ArrayList<>(List.of("scopeMethods=" + OrdersWorkload.SCOPE_METHOD,
                "statsIntervalSeconds=3600"));
        settings.addAll(List.of(more));
        return settings.toArray(String[]::new);
    }
}
