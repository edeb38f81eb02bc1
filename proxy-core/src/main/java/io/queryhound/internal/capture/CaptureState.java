package io.queryhound.internal.capture;

import io.queryhound.internal.event.QueryEvent;
import io.queryhound.internal.event.Recorder;

/**
 * Per-thread state shared by every capture front end (library mode and the agent), so that a query
 * passing through several instrumented layers (a wrapped DataSource over a pool over a driver, two
 * wrapped DataSources, library mode and the agent together) is recorded once, by the outermost
 * layer, with the latency the application saw.
 *
 * <p>One small object per thread, allocated once; nothing here is allocated per query.
 */
public final class CaptureState {

    private static final ThreadLocal<CaptureState> CURRENT = ThreadLocal.withInitial(CaptureState::new);

    private int depth;
    private long startNanos;
    /** A row-counting result created inside the current execution, waiting for its event. */
    private ResultRowCounter pendingResult;
    /** The last event recorded on this thread, for results fetched later with {@code getResultSet()}. */
    private QueryEvent lastEvent;
    private Recorder lastRecorder;

    private CaptureState() {
    }

    /** Hot path. */
    public static CaptureState current() {
        return CURRENT.get();
    }

    /** Enters a JDBC execution; returns true when this is the outermost one on the thread. */
    public boolean enter(long nowNanos) {
        if (depth++ == 0) {
            startNanos = nowNanos;
            pendingResult = null;
            return true;
        }
        return false;
    }

    /** Leaves a JDBC execution; returns true when the outermost one ended and should be recorded. */
    public boolean exit() {
        if (depth <= 0) {
            depth = 0; // an enter was lost to an error of ours; never go negative
            return false;
        }
        return --depth == 0;
    }

    public boolean inExecution() {
        return depth > 0;
    }

    public long startNanos() {
        return startNanos;
    }

    /**
     * A result was opened. Inside an execution it waits for that execution's event; otherwise it
     * belongs to the last execution on this thread ({@code execute()} then {@code getResultSet()}).
     */
    void resultOpened(ResultRowCounter result) {
        if (depth > 0) {
            pendingResult = result; // an outer layer's result replaces an inner one's: only it counts
        } else if (lastEvent != null) {
            result.bind(lastEvent, lastRecorder);
        }
    }

    /** The outermost execution was recorded as {@code event}: hand it its result, if one was opened. */
    public void recorded(QueryEvent event, Recorder recorder) {
        ResultRowCounter result = pendingResult;
        if (result != null) {
            pendingResult = null;
            result.bind(event, recorder);
        }
        lastEvent = event;
        lastRecorder = recorder;
    }
}
