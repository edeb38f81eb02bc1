package io.queryhound.internal.export;

import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.FindingType;
import io.queryhound.QueryPlan;
import io.queryhound.SqlFingerprint;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON-lines and one-line text forms of {@link Finding} and {@link FindingSummary}; field names
 * and meanings are documented in docs/findings.md, so a change here is a change of {@link Finding#SCHEMA}.
 */
public final class FindingJson {

    // Fixed milliseconds (Instant.toString drops them when zero) so text lines align in a console.
    private static final DateTimeFormatter TEXT_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private FindingJson() {
    }

    // ---------------------------------------------------------------- finding

    public static String toJson(Finding f) {
        JsonLine json = new JsonLine()
                .field("schema", Finding.SCHEMA)
                .field("record", "finding")
                .field("timestamp", StatisticsJson.timestamp(f.timestamp()))
                .field("type", f.type().name())
                .field("severity", severity(f.type()))
                .field("scope", f.scope())
                .field("scopeKind", f.scopeKind().name().toLowerCase(Locale.ROOT))
                .field("scopeId", f.scopeId())
                .field("thread", f.thread())
                .field("dataSource", f.dataSource())
                .field("fingerprint", id(f.fingerprint()))
                .field("statementType", kind(f.fingerprint()))
                .field("sql", f.sql())
                .field("count", f.count());
        if (f.distinctParams() >= 0) {
            json.field("distinctParams", f.distinctParams());
        }
        if (f.failed() >= 0) {
            json.field("failed", f.failed());
        }
        json.millis("totalMillis", f.totalMillis())
                .millis("maxMillis", f.maxMillis());
        if (f.rows() >= 0) {
            json.field("rows", f.rows());
        }
        json.field("threshold", f.threshold())
                .field("callSite", text(f.callSite()))
                .raw("stack", JsonLine.stringArray(callSites(f.stack())));
        Finding.Trigger trigger = f.trigger();
        if (trigger != null) {
            json.raw("trigger", new JsonLine()
                    .field("fingerprint", id(trigger.fingerprint()))
                    .field("sql", trigger.sql())
                    .field("rows", trigger.rows())
                    .field("callSite", text(trigger.callSite()))
                    .build());
        }
        json.field("suggestion", f.suggestion());
        if (f.rewrite() != null) {
            json.field("rewrite", f.rewrite());
        }
        if (!f.statements().isEmpty()) {
            List<String> statements = new ArrayList<>(f.statements().size());
            for (Finding.StatementCount statement : f.statements()) {
                statements.add(new JsonLine()
                        .field("fingerprint", id(statement.fingerprint()))
                        .field("sql", statement.sql())
                        .field("count", statement.count())
                        .field("callSite", text(statement.callSite()))
                        .build());
            }
            json.raw("statements", JsonLine.array(statements));
        }
        if (!f.parameters().isEmpty()) {
            List<String> samples = new ArrayList<>(f.parameters().size());
            for (List<String> sample : f.parameters()) {
                samples.add(JsonLine.stringArray(sample == null ? List.of() : sample));
            }
            json.raw("parameters", JsonLine.array(samples));
        }
        appendPlan(json, f.plan());
        // Suppressions and baselines (docs/suppressions.md): present only when they apply.
        if (f.suppression() != null) {
            json.field("suppressed", true)
                    .field("reason", f.suppression().reason())
                    .field("suppressedBy", f.suppression().declaredAt());
        }
        if (f.baselined()) {
            json.field("baselined", true);
        }
        return json.field("message", toText(f)).build();
    }

    /** One readable line: what, how often, where, what to do; never a line break. */
    public static String toText(Finding f) {
        StringBuilder text = new StringBuilder(256).append(f.type().name()).append(' ');
        if (f.suppression() != null) {
            text.append("[suppressed: ").append(f.suppression().reason()).append("] ");
        }
        if (f.baselined()) {
            text.append("[baselined] ");
        }
        switch (f.type()) {
            case QUERY_BUDGET -> {
                text.append(f.count()).append(" statements > ").append(f.threshold())
                        .append(" in scope ").append(f.scope());
                if (f.callSite() != null) {
                    text.append(" at ").append(f.callSite());
                }
                appendTop(text, f.statements());
                appendSuggestion(text, f.suggestion());
                return oneLine(text);
            }
            case SLOW_QUERY -> {
                text.append(f.count()).append("x ").append(sql(f.sql(), f.fingerprint()));
                appendCallSite(text, f.callSite());
                text.append(", max ").append(millis(f.maxMillis())).append(" ms >= ").append(f.threshold())
                        .append(" ms, ").append(millis(f.totalMillis())).append(" ms total");
            }
            case SLOW_CONNECTION -> {
                text.append(f.count()).append(f.count() == 1 ? " connection acquisition" : " connection acquisitions")
                        .append(" from ").append(dataSource(f.dataSource()));
                if (f.failed() > 0) {
                    text.append(" (").append(f.failed()).append(" failed)");
                }
                text.append(", max ").append(millis(f.maxMillis())).append(" ms >= ").append(f.threshold())
                        .append(" ms, ").append(millis(f.totalMillis())).append(" ms total");
            }
            case LARGE_RESULT -> {
                text.append(f.rows()).append(" rows >= ").append(f.threshold()).append(" read from ")
                        .append(sql(f.sql(), f.fingerprint()));
                appendCallSite(text, f.callSite());
                text.append(", ").append(f.count()).append(f.count() == 1 ? " large result" : " large results");
                // Reading a result is not timed, so a large-result finding usually carries no time.
                if (f.maxMillis() > 0) {
                    text.append(", max ").append(millis(f.maxMillis())).append(" ms");
                }
            }
            default -> {
                text.append(f.count()).append("x ").append(sql(f.sql(), f.fingerprint()));
                appendCallSite(text, f.callSite());
                if (f.distinctParams() >= 0) {
                    text.append(", ").append(f.distinctParams())
                            .append(f.distinctParams() == 1 ? " distinct parameter set" : " distinct parameter sets");
                }
                text.append(", ").append(millis(f.totalMillis())).append(" ms total");
            }
        }
        Finding.Trigger trigger = f.trigger();
        if (trigger != null) {
            text.append("; driven by ").append(sql(trigger.sql(), trigger.fingerprint()))
                    .append(" (").append(trigger.rows()).append(trigger.rows() == 1 ? " row)" : " rows)");
            appendCallSite(text, trigger.callSite());
        }
        if (f.rewrite() != null) {
            text.append("; rewrite: ").append(f.rewrite());
        }
        text.append(" [scope ").append(f.scope()).append(']');
        appendSuggestion(text, f.suggestion());
        if (f.plan() != null) {
            text.append(' ').append(f.plan().toText()); // the suggestion ends a sentence
        }
        return oneLine(text);
    }

    /**
     * Execution plan fields (issue 8), all optional: {@code plan} (the plan summary object),
     * {@code indexAdvice} (one object per table read in full) and {@code planNote} (why there is no plan).
     */
    private static void appendPlan(JsonLine json, QueryPlan plan) {
        if (plan == null) {
            return;
        }
        if (plan.json() != null) {
            json.raw("plan", plan.json());
        }
        if (!plan.indexAdvice().isEmpty()) {
            List<String> advice = new ArrayList<>(plan.indexAdvice().size());
            for (QueryPlan.IndexAdvice a : plan.indexAdvice()) {
                advice.add(new JsonLine()
                        .field("table", a.table())
                        .field("verdict", a.verdict())
                        .field("createIndex", a.createIndex())
                        .field("reason", a.reason())
                        .build());
            }
            json.raw("indexAdvice", JsonLine.array(advice));
        }
        if (plan.note() != null) {
            json.field("planNote", plan.note());
        }
    }

    // ---------------------------------------------------------------- summary

    public static String toJson(FindingSummary s) {
        JsonLine json = new JsonLine()
                .field("schema", Finding.SCHEMA)
                .field("record", "findingSummary")
                .field("timestamp", timestamp(s.end()))
                .field("type", s.type().name())
                .field("severity", severity(s.type()))
                .field("fingerprint", id(s.fingerprint()))
                .field("statementType", kind(s.fingerprint()))
                .field("sql", s.sql())
                .field("callSite", text(s.callSite()));
        if (s.type() == FindingType.SLOW_CONNECTION) {
            json.field("dataSource", s.dataSource());
        }
        json.field("start", timestamp(s.start()))
                .field("end", timestamp(s.end()))
                .field("occurrences", s.occurrences())
                .field("totalOccurrences", s.totalOccurrences())
                .field("count", s.count());
        if (s.failed() >= 0) {
            json.field("failed", s.failed());
        }
        return json.millis("totalMillis", s.totalMillis())
                .millis("maxMillis", s.maxMillis())
                .field("firstSeen", timestamp(s.firstSeen()))
                .field("lastScope", s.lastScope())
                .field("message", toText(s))
                .build();
    }

    /** One readable line; a summary only exists for a finding already written, so it says "more". */
    public static String toText(FindingSummary s) {
        StringBuilder text = new StringBuilder(200).append(s.type().name())
                .append(" seen in ").append(s.occurrences())
                .append(s.occurrences() == 1 ? " more scope (" : " more scopes (")
                .append(s.totalOccurrences()).append(" since ")
                .append(s.firstSeen() == null ? "start" : TEXT_TIME.format(s.firstSeen()))
                .append("), ").append(s.count())
                .append(s.type() == FindingType.QUERY_BUDGET ? " statement"
                        : s.type() == FindingType.SLOW_CONNECTION ? " slow acquisition" : " execution")
                .append(s.count() == 1 ? ", " : "s, ");
        if (s.failed() > 0) {
            text.append(s.failed()).append(" failed, ");
        }
        text.append(millis(s.totalMillis())).append(" ms");
        if (s.type() == FindingType.SLOW_CONNECTION) {
            text.append(": connections from ").append(dataSource(s.dataSource()));
        } else if (s.sql() != null || s.fingerprint() != null) {
            text.append(": ").append(sql(s.sql(), s.fingerprint()));
        }
        appendCallSite(text, s.callSite());
        if (s.lastScope() != null) {
            text.append(" [last scope ").append(s.lastScope()).append(']');
        }
        return oneLine(text);
    }

    // ---------------------------------------------------------------- helpers

    private static void appendTop(StringBuilder text, List<Finding.StatementCount> statements) {
        if (statements.isEmpty()) {
            return;
        }
        text.append("; top: ");
        for (int i = 0; i < statements.size(); i++) {
            Finding.StatementCount statement = statements.get(i);
            if (i > 0) {
                text.append(", ");
            }
            text.append(statement.count()).append("x ").append(sql(statement.sql(), statement.fingerprint()));
            appendCallSite(text, statement.callSite());
        }
    }

    private static void appendCallSite(StringBuilder text, CallSite callSite) {
        if (callSite != null) {
            text.append(" at ").append(callSite);
        }
    }

    private static void appendSuggestion(StringBuilder text, String suggestion) {
        if (suggestion != null && !suggestion.isBlank()) {
            text.append(" \u2014 ").append(suggestion);
        }
    }

    private static String dataSource(String name) {
        return name != null ? name : "(unnamed DataSource)";
    }

    private static String sql(String sql, SqlFingerprint fingerprint) {
        if (sql != null) {
            return sql;
        }
        return fingerprint != null ? fingerprint.template() : "(unknown statement)";
    }

    /**
     * Line breaks (CR LF counting as one) become one space: a console or log line must stay one
     * line even for SQL, scope names or suggestions that contain them.
     */
    static String oneLine(CharSequence text) {
        StringBuilder out = null;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r' || c == '\u000b' || c == '\f' || c == '\u0085'
                    || c == '\u2028' || c == '\u2029';
            if (lineBreak && out == null) {
                out = new StringBuilder(length).append(text, 0, i);
            }
            if (out != null) {
                if (!lineBreak) {
                    out.append(c);
                } else if (!(c == '\n' && i > 0 && text.charAt(i - 1) == '\r')) {
                    out.append(' ');
                }
            }
        }
        return out == null ? text.toString() : out.toString();
    }

    private static String severity(FindingType type) {
        return type.severity().name().toLowerCase(Locale.ROOT);
    }

    static String id(SqlFingerprint fingerprint) {
        return fingerprint == null ? null : fingerprint.id();
    }

    static String kind(SqlFingerprint fingerprint) {
        return fingerprint == null ? null : fingerprint.kind().name();
    }

    static String text(CallSite callSite) {
        return callSite == null ? null : callSite.toString();
    }

    private static List<String> callSites(List<CallSite> stack) {
        List<String> frames = new ArrayList<>(stack.size());
        for (CallSite frame : stack) {
            frames.add(text(frame));
        }
        return frames;
    }

    private static String timestamp(Instant instant) {
        return instant == null ? null : StatisticsJson.timestamp(instant);
    }

    private static String millis(double millis) {
        return String.format(Locale.ROOT, "%.3f", millis);
    }
}
