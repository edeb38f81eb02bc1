package io.queryhound.internal.export;

import io.queryhound.Exporter;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.ScopeStatistics;
import io.queryhound.StatementStatistics;

import java.util.ArrayList;
import java.util.List;

/** Keeps every record in memory, for tests and for the assertion API. */
public final class InMemoryExporter implements Exporter {

    private final List<StatementStatistics> statistics = new ArrayList<>();
    private final List<ScopeStatistics> scopeStatistics = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final List<FindingSummary> findingSummaries = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized void statistics(StatementStatistics record) {
        statistics.add(record);
    }

    @Override
    public synchronized void scopeStatistics(ScopeStatistics record) {
        scopeStatistics.add(record);
    }

    @Override
    public synchronized void finding(Finding finding) {
        findings.add(finding);
    }

    @Override
    public synchronized void findingSummary(FindingSummary summary) {
        findingSummaries.add(summary);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized List<StatementStatistics> statistics() {
        return new ArrayList<>(statistics);
    }

    public synchronized List<ScopeStatistics> scopeStatistics() {
        return new ArrayList<>(scopeStatistics);
    }

    public synchronized List<Finding> findings() {
        return new ArrayList<>(findings);
    }

    public synchronized List<FindingSummary> findingSummaries() {
        return new ArrayList<>(findingSummaries);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized void clear() {
        statistics.clear();
        scopeStatistics.clear();
        findings.clear();
        findingSummaries.clear();
    }

    @Override
    public String toString() {
        return "memory";
    }
}
