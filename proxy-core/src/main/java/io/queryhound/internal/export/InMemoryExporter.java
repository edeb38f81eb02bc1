package io.queryhound.internal.export;

import io.queryhound.Exporter;
import io.queryhound.StatementStatistics;

import java.util.ArrayList;
import java.util.List;

/** Keeps every record in memory, for tests and for the assertion API. */
public final class InMemoryExporter implements Exporter {

    private final List<StatementStatistics> statistics = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized void statistics(StatementStatistics record) {
        statistics.add(record);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized List<StatementStatistics> statistics() {
        return new ArrayList<>(statistics);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized void clear() {
        statistics.clear();
    }

    @Override
    public String toString() {
        return "memory";
    }
}
