package io.queryhound.internal.event;

import io.queryhound.internal.stats.StatisticsTable;

/**
 * The one entry point of every capture front end: each finished JDBC execution is recorded here,
 * once. It updates the per-fingerprint statistics without locks; scopes and detectors attach here.
 */
public final class Recorder {

    private final StatisticsTable statistics;

    public Recorder(StatisticsTable statistics) {
        this.statistics = statistics;
    }

    /** Hot path: one execution, on the thread that ran it. No locks, no I/O. */
    public void record(QueryEvent event) {
        statistics.record(event.fingerprint(), event.elapsedNanos(), event.failed(), event.batchSize());
    }

    /** A result of {@code event} was read to its end or closed after {@code rows} rows. */
    public void resultFinished(QueryEvent event, long rows) {
        if (rows > 0) {
            statistics.addRows(event.fingerprint(), rows);
        }
    }

    public StatisticsTable statistics() {
        return statistics;
    }
}
