package io.queryhound.internal.detect;

import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.Scope;
import io.queryhound.internal.event.QueryEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The findings of one scope as its detectors produce them, and the shared pieces they are built from. */
final class Evaluation {

    final Detection detection;
    final Scope scope;
    final Instant timestamp;
    /** The scope's statements, settled once for every detector. */
    final List<StatementTally> statements;
    final List<Finding> findings = new ArrayList<>();

    Evaluation(Detection detection, Scope scope, Instant timestamp, List<StatementTally> statements) {
        this.detection = detection;
        this.scope = scope;
        this.timestamp = timestamp;
        this.statements = statements;
    }

    void add(FindingType type, StatementTally statement, CallSites.Capture capture, long count, long distinct,
             long nanos, long maxNanos, long rows, long threshold, Finding.Trigger trigger, String suggestion,
             String rewrite, List<Finding.StatementCount> statements) {
        findings.add(new Finding(type, timestamp, scope.name(), scope.kind(), scope.id(),
                statement == null ? Thread.currentThread().getName() : statement.threadName,
                statement == null ? null : statement.dataSource,
                statement == null ? null : statement.fingerprint,
                statement == null ? null : detection.displaySql(statement.fingerprint.template()),
                count, distinct, nanos / 1_000_000.0, maxNanos / 1_000_000.0, rows, threshold,
                capture == null ? null : capture.site(), capture == null ? List.of() : capture.stack(),
                trigger, suggestion, rewrite, statements,
                statement == null || statement.parameterSamples == null ? List.of() : samples(statement)));
    }

    /** A finding about no one statement and no call site: slow connection acquisitions from one DataSource. */
    void addConnections(ScopeTally.SlowConnections connections, String suggestion) {
        findings.add(new Finding(FindingType.SLOW_CONNECTION, timestamp, scope.name(), scope.kind(), scope.id(),
                connections.threadName, connections.dataSource, null, null, connections.count, -1,
                connections.nanos / 1_000_000.0, connections.maxNanos / 1_000_000.0, -1,
                detection.slowConnectionMillis, null, List.of(), null, suggestion, null, null, List.of(),
                connections.failed));
    }

    private static List<List<String>> samples(StatementTally statement) {
        List<List<String>> samples = new ArrayList<>(statement.parameterSamples.size());
        for (String[] sample : statement.parameterSamples) {
            samples.add(Collections.unmodifiableList(Arrays.asList(sample.clone()))); // may hold nulls
        }
        return samples;
    }

    /** The call site of an execution: its own sample, else its statement's only (or last) sampled site. */
    static CallSite siteOf(QueryEvent event, StatementTally statement) {
        if (event.callSite() instanceof CallSites.Capture capture) {
            return capture.site();
        }
        if (statement != null && statement.current != null) {
            return statement.current.capture.site();
        }
        return null;
    }

    /** The site with the most single executions: where a statement "comes from" when it has several. */
    static StatementTally.Site mainSite(StatementTally statement) {
        StatementTally.Site main = null;
        for (StatementTally.Site site : statement.sites) {
            if (main == null || site.singles > main.singles) {
                main = site;
            }
        }
        return main;
    }
}
