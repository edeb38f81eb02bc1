package io.queryhound.internal.event;

import io.queryhound.internal.config.Diagnostics;

import java.util.ArrayList;
import java.util.List;

/**
 * Receives every recorded execution on the thread that ran it: where scopes, detectors and test
 * recorders attach to the {@link Recorder}. Implementations run on the query's hot path and must be
 * short; one that throws is reported once and never disturbs the query.
 */
public interface QueryEventListener {

    /** Listens to nothing. */
    QueryEventListener NONE = event -> {
    };

    /** Hot path: one execution was recorded. */
    void onQuery(QueryEvent event);

    /** A result of {@code event} was finished after {@code rows} rows. */
    default void onResultFinished(QueryEvent event, long rows) {
    }

    /**
     * Acquiring a connection from {@code dataSourceName} (null when unknown) took {@code elapsedNanos}
     * and {@code failed} or not; called on the acquiring thread, once per outermost acquisition.
     */
    default void onConnectionAcquired(String dataSourceName, long elapsedNanos, boolean failed) {
    }

    /** A listener that calls each of {@code listeners} in order, isolating their failures. */
    static QueryEventListener all(List<QueryEventListener> listeners) {
        List<QueryEventListener> targets = new ArrayList<>();
        for (QueryEventListener listener : listeners) {
            if (listener != null && listener != NONE) {
                targets.add(listener);
            }
        }
        if (targets.isEmpty()) {
            return NONE;
        }
        QueryEventListener[] array = targets.toArray(new QueryEventListener[0]);
        return new QueryEventListener() {
            @Override
            public void onQuery(QueryEvent event) {
                for (QueryEventListener listener : array) {
                    try {
                        listener.onQuery(event);
                    } catch (Throwable e) {
                        Diagnostics.internalError("query listener " + listener, e);
                    }
                }
            }

            @Override
            public void onResultFinished(QueryEvent event, long rows) {
                for (QueryEventListener listener : array) {
                    try {
                        listener.onResultFinished(event, rows);
                    } catch (Throwable e) {
                        Diagnostics.internalError("query listener " + listener, e);
                    }
                }
            }

            @Override
            public void onConnectionAcquired(String dataSourceName, long elapsedNanos, boolean failed) {
                for (QueryEventListener listener : array) {
                    try {
                        listener.onConnectionAcquired(dataSourceName, elapsedNanos, failed);
                    } catch (Throwable e) {
                        Diagnostics.internalError("query listener " + listener, e);
                    }
                }
            }
        };
    }
}
