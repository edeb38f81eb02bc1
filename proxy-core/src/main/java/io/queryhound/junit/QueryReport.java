package io.queryhound.junit;

import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.FindingType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes what a failed expectation shows: the counters that were checked, then every statement by
 * fingerprint with its count, what was found, its SQL, the lines that ran it and a fix, so that the
 * message alone says what to change.
 */
final class QueryReport {

    /** Statement groups printed; the rest are summed up in one line. */
    static final int MAX_GROUPS_SHOWN = 25;
    /** Call sites printed per statement. */
    static final int MAX_SITES_SHOWN = 4;
    /** Callers printed under each call site. */
    static final int MAX_CALLERS_SHOWN = 2;
    /** SQL longer than this is cut: the fingerprint identifies it. */
    static final int MAX_SQL_SHOWN = 400;

    private QueryReport() {
    }

    /** The whole failure message. */
    static String failure(QueryLog log, List<QueryExpectation.Check> checks, String hint) {
        StringBuilder text = new StringBuilder(1024);
        text.append("Query expectations failed in ").append(log.name()).append('\n');
        int labelWidth = "counter".length();
        int expectedWidth = "expected".length();
        for (QueryExpectation.Check check : checks) {
            labelWidth = Math.max(labelWidth, check.label().length());
            expectedWidth = Math.max(expectedWidth, check.expected().length());
        }
        text.append("  ").append(pad("counter", labelWidth + 3)).append(pad("expected", expectedWidth + 3))
                .append("actual\n");
        for (QueryExpectation.Check check : checks) {
            String actual = Long.toString(check.actual());
            text.append("  ").append(pad(check.label(), labelWidth + 3)).append(pad(check.expected(), expectedWidth + 3))
                    .append(check.passed() ? actual : pad(actual, 5) + "X").append('\n');
        }
        for (QueryExpectation.Check check : checks) {
            if (!check.passed() && check.detail() != null) {
                text.append(check.detail());
            }
        }
        text.append(statements(log));
        if (hint != null) {
            text.append(hint).append('\n');
        }
        return text.toString();
    }

    /** The statements-by-fingerprint block ({@link QueryLog#describe()}). */
    static String statements(QueryLog log) {
        StringBuilder text = new StringBuilder(1024);
        if (log.count() == 0) {
            text.append("No statement was recorded.\n");
            slowConnections(text, log);
            return text.toString();
        }
        List<QueryLog.StatementGroup> groups = log.statements();
        text.append("Statements by fingerprint (").append(log.count()).append(log.count() == 1 ? " statement, " : " statements, ")
                .append(groups.size()).append(groups.size() == 1 ? " fingerprint, " : " fingerprints, ")
                .append(millis(log.totalTime())).append("):\n");
        Map<String, List<Finding>> findings = new LinkedHashMap<>();
        for (Finding finding : log.findings()) {
            if (finding.fingerprint() != null) {
                findings.computeIfAbsent(finding.fingerprint().id(), id -> new ArrayList<>()).add(finding);
            }
        }
        int countWidth = 1;
        for (QueryLog.StatementGroup group : groups) {
            countWidth = Math.max(countWidth, Long.toString(group.count()).length());
        }
        int shown = 0;
        long hiddenStatements = 0;
        for (QueryLog.StatementGroup group : groups) {
            if (shown == MAX_GROUPS_SHOWN) {
                hiddenStatements += group.count();
                continue;
            }
            shown++;
            List<Finding> found = findings.getOrDefault(group.fingerprint().id(), List.of());
            group(text, shown, countWidth, group, found);
        }
        if (shown < groups.size()) {
            text.append("  ... and ").append(groups.size() - shown).append(" more fingerprints (")
                    .append(hiddenStatements).append(" statements): QueryLog.statements() has them all\n");
        }
        long grouped = 0;
        for (QueryLog.StatementGroup group : groups) {
            grouped += group.count();
        }
        if (grouped < log.count()) {
            text.append("  ... and ").append(log.count() - grouped)
                    .append(" statements of further fingerprints, counted but not grouped\n");
        }
        for (Finding finding : log.findings()) {
            if (finding.type() == FindingType.QUERY_BUDGET) {
                text.append("  ").append(finding.suggestion()).append('\n');
            }
        }
        slowConnections(text, log);
        return text.toString();
    }

    /** Slow connection acquisitions belong to no statement: one entry per DataSource, after the statements. */
    private static void slowConnections(StringBuilder text, QueryLog log) {
        for (Finding finding : log.findings()) {
            if (finding.type() != FindingType.SLOW_CONNECTION) {
                continue;
            }
            text.append("  SLOW CONNECTION: ").append(finding.count())
                    .append(finding.count() == 1 ? " acquisition from " : " acquisitions from ")
                    .append(finding.dataSource() == null ? "(unnamed DataSource)" : finding.dataSource())
                    .append(String.format(Locale.ROOT, ", slowest %.1f ms", finding.maxMillis()));
            if (finding.failed() > 0) {
                text.append(", ").append(finding.failed()).append(" failed");
            }
            text.append('\n');
            if (finding.suggestion() != null) {
                text.append("     fix: ").append(finding.suggestion()).append('\n');
            }
        }
    }

    private static void group(StringBuilder text, int number, int countWidth, QueryLog.StatementGroup group,
                              List<Finding> found) {
        text.append("  #").append(number).append(' ')
                .append(pad("x" + group.count(), countWidth + 2))
                .append(group.kind().name()).append(' ').append(group.fingerprint().id());
        String note = note(group, found);
        if (!note.isEmpty()) {
            text.append("  ").append(note);
        }
        text.append('\n');
        text.append("     ").append(shortened(group.template())).append('\n');
        int sites = 0;
        for (QueryLog.SiteCount site : group.sites()) {
            if (sites++ == MAX_SITES_SHOWN) {
                text.append("     ... and ").append(group.sites().size() - MAX_SITES_SHOWN).append(" more call sites\n");
                break;
            }
            text.append("     at ").append(site.callSite() == null ? "(no application frame)" : site.callSite());
            if (group.sites().size() > 1) {
                text.append("  x").append(site.count());
            }
            text.append('\n');
            int callers = 0;
            for (CallSite caller : site.stack()) {
                if (callers++ == MAX_CALLERS_SHOWN) {
                    break;
                }
                text.append("     <- ").append(caller).append('\n');
            }
        }
        for (Finding finding : found) {
            if (finding.type() == FindingType.N_PLUS_ONE && finding.trigger() != null) {
                Finding.Trigger trigger = finding.trigger();
                text.append("     driven by: ").append(shortened(trigger.sql())).append("  (").append(trigger.rows())
                        .append(trigger.rows() == 1 ? " row" : " rows");
                if (trigger.callSite() != null) {
                    text.append(", at ").append(trigger.callSite());
                }
                text.append(")\n");
                break;
            }
        }
        String fix = fix(found);
        if (fix != null) {
            text.append("     fix: ").append(fix).append('\n');
        }
    }

    /** What was found for one statement, in a few words. */
    private static String note(QueryLog.StatementGroup group, List<Finding> found) {
        List<String> notes = new ArrayList<>();
        for (FindingType type : FindingType.values()) {
            List<Finding> ofType = new ArrayList<>();
            for (Finding finding : found) {
                if (finding.type() == type) {
                    ofType.add(finding);
                }
            }
            if (ofType.isEmpty()) {
                continue;
            }
            Finding first = ofType.get(0);
            switch (type) {
                case N_PLUS_ONE:
                    notes.add(ofType.size() > 1 ? "N+1: " + ofType.size() + " loops, one per call site"
                            : "N+1: same call site, " + (first.distinctParams() >= 0 ? first.distinctParams()
                            + " distinct parameter sets" : first.count() + " executions"));
                    break;
                case REPEATED_QUERY:
                    notes.add("REPEATED: identical parameters" + (first.distinctParams() >= 0
                            ? " (" + first.distinctParams() + " distinct in " + first.count() + " executions)" : ""));
                    break;
                case BATCHABLE_DML:
                    notes.add("BATCHABLE: one " + group.kind().name() + " at a time, " + first.count() + " times");
                    break;
                case SLOW_QUERY:
                    notes.add(String.format(Locale.ROOT, "SLOW: slowest %.1f ms", first.maxMillis()));
                    break;
                case LARGE_RESULT:
                    notes.add("LARGE RESULT: " + first.rows() + " rows");
                    break;
                default:
                    break;
            }
            if (first.suppression() != null) {
                notes.set(notes.size() - 1, notes.get(notes.size() - 1) + " (suppressed: " + first.suppression().reason()
                        + ")");
            } else if (first.baselined()) {
                notes.set(notes.size() - 1, notes.get(notes.size() - 1) + " (baselined)");
            }
        }
        if (group.failures() > 0) {
            notes.add(group.failures() + " failed");
        }
        if (group.batches() > 0) {
            notes.add(group.batches() == group.count() ? "executeBatch" : group.batches() + " as executeBatch");
        }
        return String.join("; ", notes);
    }

    /** The fix of the statement's most important finding: a rewrite when there is one, else its suggestion. */
    private static String fix(List<Finding> found) {
        for (FindingType type : new FindingType[] {FindingType.N_PLUS_ONE, FindingType.BATCHABLE_DML,
                FindingType.REPEATED_QUERY, FindingType.SLOW_QUERY, FindingType.LARGE_RESULT}) {
            for (Finding finding : found) {
                if (finding.type() != type) {
                    continue;
                }
                if (type == FindingType.N_PLUS_ONE && finding.rewrite() != null) {
                    String suggestion = finding.suggestion() == null ? "" : finding.suggestion();
                    boolean orm = suggestion.contains("Hibernate") || suggestion.contains("ORM");
                    return shortened(finding.rewrite()) + (orm ? "   (or JOIN FETCH / @EntityGraph)" : "   (or a JOIN)");
                }
                return finding.suggestion();
            }
        }
        return null;
    }

    private static String shortened(String sql) {
        if (sql == null) {
            return "";
        }
        return sql.length() <= MAX_SQL_SHOWN ? sql : sql.substring(0, MAX_SQL_SHOWN) + "...";
    }

    private static String millis(Duration duration) {
        long micros = duration.toNanos() / 1_000;
        if (micros < 10_000) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1_000.0);
        }
        return (micros / 1_000) + " ms";
    }

    private static String pad(String value, int width) {
        StringBuilder padded = new StringBuilder(Math.max(width, value.length() + 1)).append(value);
        do {
            padded.append(' ');
        } while (padded.length() < width);
        return padded.toString();
    }
}
