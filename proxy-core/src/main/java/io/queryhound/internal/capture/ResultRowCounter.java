package io.queryhound.internal.capture;

import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.event.QueryEvent;
import io.queryhound.internal.event.Recorder;

/**
 * Counts the rows the application reads from one result and reports them once: when the result is
 * read to its end or closed, or implicitly closed with its statement or connection (see
 * {@link CaptureState}). Used only by the thread that reads the result.
 */
public final class ResultRowCounter {

    private QueryEvent event;
    private Recorder recorder;
    private Object statement;
    private String connectionId;
    private long rows;
    private boolean finished;

    /** Registers a newly opened result with the current thread's capture state. */
    public static ResultRowCounter opened() {
        ResultRowCounter counter = new ResultRowCounter();
        CaptureState.current().resultOpened(counter);
        return counter;
    }

    void bind(QueryEvent event, Recorder recorder, Object statement, String connectionId) {
        this.event = event;
        this.recorder = recorder;
        this.statement = statement;
        this.connectionId = connectionId;
    }

    Object statement() {
        return statement;
    }

    String connectionId() {
        return connectionId;
    }

    boolean isFinished() {
        return finished;
    }

    /** Hot path (once per row). */
    public void rowRead() {
        rows++;
        QueryEvent current = event;
        if (current != null) {
            current.rowRead();
        }
    }

    /** The result was exhausted or closed; reports its rows once. */
    public void finish() {
        if (finished || event == null) {
            return;
        }
        finished = true;
        statement = null; // keep no reference to the application's statement once done
        try {
            recorder.resultFinished(event, rows);
        } catch (Throwable e) {
            Diagnostics.internalError("row counting", e);
        }
    }
}
