package io.queryhound.internal.record;

import io.queryhound.SqlFingerprint;
import io.queryhound.internal.plan.PlanSource;
import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.capture.AgentCapture;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.config.SettingsLoader;
import io.queryhound.internal.detect.CallSites;
import io.queryhound.internal.detect.Detection;
import io.queryhound.internal.event.QueryEvent;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which {@link Recording}s each thread feeds. Process-wide on purpose, unlike scopes: a test
 * asserts on the queries its own threads run, whichever QueryHound instance captured them (the
 * process-wide one, one a test built, a DataSource wrapped in a cached Spring context by an
 * instance that has since been replaced, or the agent), so every {@link io.queryhound.internal.event.Recorder}
 * hands its executions here.
 *
 * <p>A thread's bindings are an immutable array, replaced on every change, so a query reads one
 * reference. Threads created while a recording that propagates is bound inherit it (see
 * {@link #BOUND}); others get it only through {@link #carry(Runnable)}.
 */
public final class Recordings {

    /** Recordings open anywhere in the JVM; the per-query check that keeps the cost at one volatile read. */
    private static final AtomicInteger OPEN = new AtomicInteger();

    private static volatile boolean captureInstalled;
    /** A DataSource was handed back unwrapped because {@code enabled=false}. */
    private static volatile boolean captureDisabled;

    private static final Recording[] NONE = new Recording[0];

    /**
     * The recordings of each thread, innermost last. A new thread inherits those of its creator that
     * propagate and are still open (threads a test starts, directly or through a pool it creates);
     * their later queries count until the recording finishes.
     */
    private static final InheritableThreadLocal<Recording[]> BOUND = new InheritableThreadLocal<>() {
        @Override
        protected Recording[] initialValue() {
            return NONE;
        }

        @Override
        protected Recording[] childValue(Recording[] parent) {
            return open(parent, true);
        }
    };

    private Recordings() {
    }

    /** Test detection: the loop thresholds at 2, every other setting from the usual sources. */
    private static final class TestDetection {
        static final Detection INSTANCE = new Detection(SettingsLoader.load(Map.of(), "test recording"), 2, 2, true);
    }

    static Detection detection() {
        return TestDetection.INSTANCE;
    }

    /** Hot path: whether any recording is open; when not, executions cost nothing more. */
    public static boolean anyOpen() {
        return OPEN.get() > 0;
    }

    /** A capture front end exists in this JVM (a wrapped DataSource, or the agent). */
    public static void markCaptureInstalled() {
        if (!captureInstalled) {
            captureInstalled = true;
        }
    }

    /** {@code wrap} returned a DataSource unchanged because QueryHound is switched off. */
    public static void markCaptureDisabled() {
        if (!captureDisabled) {
            captureDisabled = true;
        }
    }

    /** Whether a wrap was refused because of {@code enabled=false}: the likely reason nothing captures. */
    public static boolean isCaptureDisabled() {
        return captureDisabled;
    }

    /** Whether any capture front end exists: if not, an empty recording means nothing was watching. */
    public static boolean isCaptureInstalled() {
        return captureInstalled || AgentBridge.isAgentAttached();
    }

    static void opened() {
        OPEN.incrementAndGet();
        AgentCapture.listenForRecordings(); // under the agent, the agent's executions must reach this copy
    }

    static void finished() {
        OPEN.decrementAndGet();
    }

    /** One execution, on the thread that ran it: every open recording bound to the thread gets it. */
    public static void onQuery(QueryEvent event) {
        try {
            Recording[] bound = BOUND.get();
            if (bound.length == 0) {
                return;
            }
            // One stack walk per execution, shared by nested recordings: tests want every
            // execution's line, and the cost only applies while a test is recording.
            CallSites.Capture capture = null;
            for (Recording recording : bound) {
                if (capture == null && recording.wantsCallSite()) {
                    capture = detection().callSites().capture();
                }
                recording.record(event, capture);
            }
        } catch (Throwable e) {
            Diagnostics.internalError("test recording", e);
        }
    }

    /**
     * Whether a recording bound to this thread has nothing yet to explain {@code statement} with: the capture
     * front end then copies the execution's values into a {@link PlanSource} (tests only).
     */
    public static boolean wantsPlanSource(SqlFingerprint statement) {
        try {
            for (Recording recording : BOUND.get()) {
                if (recording.wantsPlanSource(statement.idAsLong())) {
                    return true;
                }
            }
        } catch (Throwable e) {
            Diagnostics.internalError("test recording", e);
        }
        return false;
    }

    /** What it takes to explain {@code statement}, for the recordings bound to this thread that lack it. */
    public static void planSource(SqlFingerprint statement, PlanSource source) {
        try {
            for (Recording recording : BOUND.get()) {
                recording.planSource(statement.idAsLong(), source);
            }
        } catch (Throwable e) {
            Diagnostics.internalError("test recording", e);
        }
    }

    /** A result of {@code event} finished after {@code rows} rows, on the thread that read it. */
    public static void onResultFinished(QueryEvent event, long rows) {
        try {
            for (Recording recording : BOUND.get()) {
                recording.resultFinished(event, rows);
            }
        } catch (Throwable e) {
            Diagnostics.internalError("test recording", e);
        }
    }

    /**
     * A connection acquisition on the current thread: a slow one (by the test recordings' own
     * {@code slowConnectionMillis}) goes to every open recording bound to the thread.
     */
    public static void onConnectionAcquired(String dataSourceName, long elapsedNanos, boolean failed) {
        try {
            if (!detection().isSlowConnection(elapsedNanos)) {
                return;
            }
            for (Recording recording : BOUND.get()) {
                recording.slowConnection(dataSourceName, elapsedNanos, failed);
            }
        } catch (Throwable e) {
            Diagnostics.internalError("test recording", e);
        }
    }

    /**
     * Binds {@code recording} to the current thread and returns what to {@link #restore} afterwards.
     * {@code isolate} hides the thread's other recordings meanwhile: a test method sees only its own
     * queries even on a thread that inherited another test's recording.
     */
    public static Recording[] bind(Recording recording, boolean isolate) {
        Recording[] previous = BOUND.get();
        if (isolate) {
            BOUND.set(new Recording[] {recording});
        } else {
            Recording[] bound = Arrays.copyOf(previous, previous.length + 1);
            bound[previous.length] = recording;
            BOUND.set(bound);
        }
        return previous;
    }

    /** Puts back the bindings {@link #bind} returned. */
    public static void restore(Recording[] previous) {
        if (previous == null || previous.length == 0) {
            BOUND.remove();
        } else {
            BOUND.set(previous);
        }
    }

    /** The open recordings bound to the current thread, to carry them to another. */
    static Recording[] current() {
        return open(BOUND.get(), false);
    }

    /** The recordings of {@code bound} still open (and propagating, if asked); {@code bound} itself when that is all. */
    private static Recording[] open(Recording[] bound, boolean propagatingOnly) {
        int kept = 0;
        for (Recording recording : bound) {
            if (keeps(recording, propagatingOnly)) {
                kept++;
            }
        }
        if (kept == bound.length) {
            return bound;
        }
        if (kept == 0) {
            return NONE;
        }
        Recording[] open = new Recording[kept];
        int i = 0;
        for (Recording recording : bound) {
            if (keeps(recording, propagatingOnly)) {
                open[i++] = recording;
            }
        }
        return open;
    }

    private static boolean keeps(Recording recording, boolean propagatingOnly) {
        return !recording.isClosed() && (!propagatingOnly || recording.propagates());
    }

    /** Returns a task that runs {@code task} with the current thread's recordings bound, on whichever thread runs it. */
    public static Runnable carry(Runnable task) {
        Recording[] carried = current();
        return carried.length == 0 ? task : carry(carried, task);
    }

    /** As {@link #carry(Runnable)} for a task with a result. */
    public static <T> Callable<T> carry(Callable<T> task) {
        Recording[] carried = current();
        return carried.length == 0 ? task : carry(carried, task);
    }

    static Runnable carry(Recording[] carried, Runnable task) {
        return () -> {
            Recording[] previous = bindAll(carried);
            try {
                task.run();
            } finally {
                restore(previous);
            }
        };
    }

    static <T> Callable<T> carry(Recording[] carried, Callable<T> task) {
        return () -> {
            Recording[] previous = bindAll(carried);
            try {
                return task.call();
            } finally {
                restore(previous);
            }
        };
    }

    /**
     * Binds exactly {@code carried} for the task: a pool thread that inherited another test's
     * recording (it was created while that test ran) must not count a task carried here by this one.
     */
    private static Recording[] bindAll(Recording[] carried) {
        Recording[] previous = BOUND.get();
        BOUND.set(carried);
        return previous;
    }

    /** Binds nothing until {@link #restore}: set-up code of one test on a thread that inherited another's. */
    public static Recording[] bindNone() {
        Recording[] previous = BOUND.get();
        BOUND.set(NONE);
        return previous;
    }
}
