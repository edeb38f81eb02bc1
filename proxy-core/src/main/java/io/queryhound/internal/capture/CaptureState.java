package io.queryhound.internal.capture;

import io.queryhound.internal.event.QueryEvent;
import io.queryhound.internal.event.Recorder;

/**
 * Per-thread state shared by every capture front end (library mode and the agent), so that a query
 * or a connection acquisition passing through several instrumented layers (a wrapped DataSource
 * over a pool over a driver, two wrapped DataSources, library mode and the agent together) is
 * recorded once, by the outermost layer, with the latency the application saw.
 *
 * <p>It also keeps the results that are still open on this thread, because JDBC closes a result
 * implicitly when its statement is closed or executed again, or its connection is closed, and the
 * rows read so far must still be reported then.
 *
 * <p>One small object per thread, allocated once; nothing here is allocated per query.
 */
public final class CaptureState {

    private static final ThreadLocal<CaptureState> CURRENT = ThreadLocal.withInitial(CaptureState::new);

    /** Open results tracked per thread; an application rarely holds more open at once. */
    private static final int MAX_OPEN_RESULTS = 8;

    private int depth;
    private long startNanos;
    /** Connection acquisitions in progress, apart from executions: a pool's getConnection calls the driver's. */
    private int acquisitionDepth;
    private long acquisitionStartNanos;
    /** A row-counting result created inside the current execution, waiting for its event. */
    private ResultRowCounter pendingResult;
    /** The last execution on this thread, for results fetched later with {@code getResultSet()}. */
    private QueryEvent lastEvent;
    private Recorder lastRecorder;
    private Object lastStatement;
    private String lastConnectionId;
    private final ResultRowCounter[] open = new ResultRowCounter[MAX_OPEN_RESULTS];
    private int openCount;

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

    public long startNanos() {
        return startNanos;
    }

    /**
     * Enters a connection acquisition ({@code getConnection}, {@code Driver.connect}); returns true
     * when it is the outermost one on the thread, whose time the application waited.
     */
    public boolean enterAcquisition(long nowNanos) {
        if (acquisitionDepth++ == 0) {
            acquisitionStartNanos = nowNanos;
            return true;
        }
        return false;
    }

    /** Leaves a connection acquisition; returns true when the outermost one ended and should be reported. */
    public boolean exitAcquisition() {
        if (acquisitionDepth <= 0) {
            acquisitionDepth = 0; // an enter was lost to an error of ours; never go negative
            return false;
        }
        return --acquisitionDepth == 0;
    }

    /** When the outermost acquisition in progress (or the last one) started, in ticker nanoseconds. */
    public long acquisitionStartNanos() {
        return acquisitionStartNanos;
    }

    /**
     * A result was opened. Inside an execution it waits for that execution's event; otherwise it
     * belongs to the last execution on this thread ({@code execute()} then {@code getResultSet()}).
     */
    void resultOpened(ResultRowCounter result) {
        if (depth > 0) {
            pendingResult = result; // an outer layer's result replaces an inner one's: only it counts
        } else if (lastEvent != null) {
            bind(result, lastEvent, lastRecorder, lastStatement, lastConnectionId);
        }
    }

    /**
     * The outermost execution on {@code statement} was recorded as {@code event}: the statement's
     * previous results are now closed, and the result it opened (if any) is handed the event.
     */
    public void recorded(QueryEvent event, Recorder recorder, Object statement, String connectionId) {
        statementClosed(statement);
        ResultRowCounter result = pendingResult;
        if (result != null) {
            pendingResult = null;
            bind(result, event, recorder, statement, connectionId);
        }
        lastEvent = event;
        lastRecorder = recorder;
        lastStatement = statement;
        lastConnectionId = connectionId;
    }

    private void bind(ResultRowCounter result, QueryEvent event, Recorder recorder, Object statement,
                      String connectionId) {
        result.bind(event, recorder, statement, connectionId);
        if (openCount == MAX_OPEN_RESULTS) {
            open[0].finish(); // the oldest is most likely abandoned: report what it read
            removeAt(0);
        }
        open[openCount++] = result;
    }

    /** {@code statement} was closed or re-executed: its open results are finished. */
    public void statementClosed(Object statement) {
        for (int i = openCount - 1; i >= 0; i--) {
            if (open[i].statement() == statement || open[i].isFinished()) {
                open[i].finish();
                removeAt(i);
            }
        }
        if (lastStatement == statement && depth == 0) {
            forgetLast();
        }
    }

    /** The connection with {@code connectionId} was closed: every result opened on it is finished. */
    public void connectionClosed(String connectionId) {
        for (int i = openCount - 1; i >= 0; i--) {
            if (connectionId.equals(open[i].connectionId()) || open[i].isFinished()) {
                open[i].finish();
                removeAt(i);
            }
        }
        if (connectionId.equals(lastConnectionId)) {
            forgetLast();
        }
    }

    private void forgetLast() {
        lastEvent = null;
        lastRecorder = null;
        lastStatement = null;
        lastConnectionId = null;
    }

    private void removeAt(int index) {
        System.arraycopy(open, index + 1, open, index, openCount - index - 1);
        open[--openCount] = null;
    }
}
