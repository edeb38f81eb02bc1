package io.queryhound;

import io.queryhound.internal.export.FindingJson;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something in one {@link Scope} worth a developer's time, with the line of their code responsible:
 * an N+1 loop, a batchable write, a repeated query, a slow query, a scope over its query budget or a
 * large result. Immutable. Written as one JSON object per line ({@link #toJson()}, documented field
 * by field in docs/findings.md) or as one readable line ({@link #toText()}).
 *
 * <p>The same finding (type, fingerprint and call site) seen in many scopes is written once, then
 * counted in {@link FindingSummary} records.
 *
 * @param type           what was found
 * @param timestamp      when the scope that produced it ended (or its window, for an implicit scope)
 * @param scope          the scope's name
 * @param scopeKind      the scope's kind
 * @param scopeId        the scope's id, unique in this JVM
 * @param thread         the thread that ran the (first) query concerned
 * @param dataSource     the DataSource's name, or null when unknown
 * @param fingerprint    the statement, or null for {@link FindingType#QUERY_BUDGET}
 * @param sql            the statement's canonical template, truncated to {@code maxSqlLength}; null for a budget
 * @param count          executions concerned (for a budget: all statements of the scope)
 * @param distinctParams distinct parameter sets among them, or -1 when not tracked
 * @param totalMillis    their summed execution time
 * @param maxMillis      the slowest of them
 * @param rows           rows read: the largest result for {@link FindingType#LARGE_RESULT}, otherwise -1
 * @param threshold      the setting value the rule compared against
 * @param callSite       the application line responsible, or null when no application frame was found
 * @param stack          the application frames above {@code callSite}, innermost first (at most {@code callSiteFrames})
 * @param trigger        for {@link FindingType#N_PLUS_ONE}: the query whose rows drove the loop; otherwise null
 * @param suggestion     what to do about it, in one or two sentences
 * @param rewrite        a statement that replaces the loop ({@code ... in (?)}), or null
 * @param statements     for {@link FindingType#QUERY_BUDGET}: the most executed statements; otherwise empty
 * @param parameters     samples of bound values, only with {@code logParameters=true}; masked and truncated
 */
public record Finding(FindingType type, Instant timestamp, String scope, Scope.Kind scopeKind, String scopeId,
                      String thread, String dataSource, SqlFingerprint fingerprint, String sql, long count,
                      long distinctParams, double totalMillis, double maxMillis, long rows, long threshold,
                      CallSite callSite, List<CallSite> stack, Trigger trigger, String suggestion, String rewrite,
                      List<StatementCount> statements, List<List<String>> parameters) {

    /** The schema version of the JSON form; bumped on any incompatible change of field names or meaning. */
    public static final int SCHEMA = 1;

    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(scopeKind, "scopeKind");
        stack = stack == null ? List.of() : List.copyOf(stack);
        statements = statements == null ? List.of() : List.copyOf(statements);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    public FindingType.Severity severity() {
        return type.severity();
    }

    /**
     * The query executed just before an N+1 loop whose result rows drove it.
     *
     * @param fingerprint the driving statement
     * @param sql         its template, truncated to {@code maxSqlLength}
     * @param rows        rows read from its result when the loop's scope ended (or so far, while still open)
     * @param callSite    where it was executed, or null when unknown
     */
    public record Trigger(SqlFingerprint fingerprint, String sql, long rows, CallSite callSite) {
    }

    /**
     * One statement's share of a scope, for {@link FindingType#QUERY_BUDGET}.
     *
     * @param fingerprint the statement
     * @param sql         its template, truncated to {@code maxSqlLength}
     * @param count       executions in the scope
     * @param callSite    where it was first executed, or null when unknown
     */
    public record StatementCount(SqlFingerprint fingerprint, String sql, long count, CallSite callSite) {
    }

    /** One JSON object, fields as documented in docs/findings.md. */
    public String toJson() {
        return FindingJson.toJson(this);
    }

    /** One readable line for consoles. */
    public String toText() {
        return FindingJson.toText(this);
    }

    @Override
    public String toString() {
        return toText();
    }
}
