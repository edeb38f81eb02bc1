package io.queryhound.agent.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a file says about one finding: the same {@code type}, {@code fingerprint} and
 * {@code callSite}, and for a {@code SLOW_CONNECTION} (which has neither) the same
 * {@code dataSource} (docs/findings.md, "Two findings are the same"). Its first occurrence in each
 * run is a {@code finding} line, its repeats are counted in {@code findingSummary} lines, so the
 * occurrences are one per finding line plus the summaries' {@code occurrences}, and the executions
 * are the {@code count} of both. The summaries' {@code totalOccurrences} is not used: it restarts
 * with each run, and a file may hold several runs.
 */
final class FindingGroup {

    static final String SLOW_CONNECTION = "SLOW_CONNECTION";

    /**
     * The grouping key of docs/findings.md. The data source is part of it for SLOW_CONNECTION only:
     * a finding line names its data source whatever its type, a summary line only for that type.
     */
    record Key(String type, String fingerprint, String callSite, String dataSource) {
    }

    final Key key;
    String severity;
    String sql;
    String suggestion;
    String rewrite;
    String triggerSql;
    long triggerRows = -1;
    String triggerCallSite;
    long occurrences;
    long executions;
    /** SLOW_CONNECTION: slow acquisitions that threw (pool timeouts). */
    long failed;
    double totalMillis;
    double maxMillis;
    /** Every distinct scope name, in the order seen: a few are printed, the rest counted. */
    private final Set<String> scopes = new LinkedHashSet<>();

    FindingGroup(Key key) {
        this.key = key;
    }

    /**
     * What one {@code finding} or {@code findingSummary} line contributes, read in full before
     * anything is added, so that a line with a bad field is skipped as a whole.
     */
    record Sighting(Key key, String severity, String sql, long occurrences, long executions, long failed,
                    double totalMillis, double maxMillis, String scope, String suggestion, String rewrite,
                    String triggerSql, long triggerRows, String triggerCallSite) {

        /** A {@code finding} line: one occurrence, written in full. */
        static Sighting ofFinding(RecordLine line) {
            RecordLine trigger = line.nullableObject("trigger");
            return new Sighting(keyOf(line), line.nullableText("severity"), line.nullableText("sql"),
                    1, line.count("count"), failed(line), line.millis("totalMillis"), line.millis("maxMillis"),
                    line.nullableText("scope"), line.nullableText("suggestion"), line.nullableText("rewrite"),
                    trigger == null ? null : trigger.nullableText("sql"),
                    trigger == null || !trigger.has("rows") ? -1 : trigger.count("rows"),
                    trigger == null ? null : trigger.nullableText("callSite"));
        }

        /** A {@code findingSummary} line: the repeats of one period, named by its last scope. */
        static Sighting ofSummary(RecordLine line) {
            return new Sighting(keyOf(line), line.nullableText("severity"), line.nullableText("sql"),
                    line.count("occurrences"), line.count("count"), failed(line), line.millis("totalMillis"),
                    line.millis("maxMillis"), line.nullableText("lastScope"), null, null, null, -1, null);
        }

        private static long failed(RecordLine line) {
            return line.has("failed") ? line.count("failed") : 0;
        }
    }

    void add(Sighting sighting) {
        occurrences += sighting.occurrences();
        executions += sighting.executions();
        failed += sighting.failed();
        totalMillis += sighting.totalMillis();
        maxMillis = Math.max(maxMillis, sighting.maxMillis());
        severity = firstNonNull(severity, sighting.severity());
        sql = firstNonNull(sql, sighting.sql());
        suggestion = firstNonNull(suggestion, sighting.suggestion());
        rewrite = firstNonNull(rewrite, sighting.rewrite());
        if (triggerSql == null && sighting.triggerSql() != null) {
            triggerSql = sighting.triggerSql();
            triggerRows = sighting.triggerRows();
            triggerCallSite = sighting.triggerCallSite();
        }
        addScope(sighting.scope());
    }

    /** The first few distinct scope names, then how many more. */
    String scopes(int shown) {
        if (scopes.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>(shown);
        for (String scope : scopes) {
            if (names.size() == shown) {
                break;
            }
            names.add(scope);
        }
        String text = String.join(", ", names);
        int more = scopes.size() - names.size();
        if (more > 0) {
            text += " +" + more + " more";
        }
        return text;
    }

    /** Warnings cost time on every request, so they come before the opportunities (info). */
    int severityRank() {
        if ("warning".equals(severity)) {
            return 0;
        }
        if ("info".equals(severity)) {
            return 1;
        }
        return 2;
    }

    private static String firstNonNull(String current, String candidate) {
        return current != null ? current : candidate;
    }

    private void addScope(String scope) {
        if (scope != null) {
            scopes.add(scope);
        }
    }

    /** The key of a finding or summary line; every part but the type may be null (QUERY_BUDGET, no call site). */
    static Key keyOf(RecordLine line) {
        String type = line.text("type");
        return new Key(type, line.nullableText("fingerprint"), line.nullableText("callSite"),
                type.equals(SLOW_CONNECTION) ? line.nullableText("dataSource") : null);
    }

    /** What the finding is about: its statement, or for SLOW_CONNECTION the connections of its data source. */
    String subject() {
        if (sql == null && key.type().equals(SLOW_CONNECTION)) {
            return "(connections of " + (key.dataSource() == null ? "an unnamed DataSource" : key.dataSource()) + ")";
        }
        return sql;
    }
}
