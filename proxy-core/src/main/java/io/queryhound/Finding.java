package io.queryhound;

import io.queryhound.internal.export.FindingJson;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something in one {@link Scope} worth a developer's time, with the line of their code responsible:
 * an N+1 loop, a batchable write, a repeated query, a slow query, a scope over its query budget, a
 * large result, or connections that were slow to acquire. Immutable. Written as one JSON object per
 * line ({@link #toJson()}, documented field by field in docs/findings.md) or as one readable line
 * ({@link #toText()}).
 *
 * <p>The same finding (type, fingerprint and call site; for {@link FindingType#SLOW_CONNECTION}, type
 * and data source) seen in many scopes is written once, then counted in {@link FindingSummary} records.
 *
 * @param type           what was found
 * @param timestamp      when the scope that produced it ended (or its window, for an implicit scope)
 * @param scope          the scope's name
 * @param scopeKind      the scope's kind
 * @param scopeId        the scope's id, unique in this JVM
 * @param thread         the thread that ran the (first) query concerned, or acquired the (first) slow connection
 * @param dataSource     the DataSource's name, or null when unknown
 * @param fingerprint    the statement, or null for {@link FindingType#QUERY_BUDGET} and
 *                       {@link FindingType#SLOW_CONNECTION}, which concern no one statement
 * @param sql            the statement's canonical template, truncated to {@code maxSqlLength}; null when
 *                       {@code fingerprint} is
 * @param count          executions concerned (for a budget: all statements of the scope; for a slow
 *                       connection: the slow acquisitions)
 * @param distinctParams distinct parameter sets among them, or -1 when not tracked
 * @param totalMillis    their summed execution time (for a slow connection: acquisition time)
 * @param maxMillis      the slowest of them
 * @param rows           rows read: the largest result for {@link FindingType#LARGE_RESULT}, otherwise -1
 * @param threshold      the setting value the rule compared against
 * @param callSite       the application line responsible, or null when no application frame was found (always
 *                       null for a slow connection)
 * @param stack          the application frames above {@code callSite}, innermost first (at most {@code callSiteFrames})
 * @param trigger        for {@link FindingType#N_PLUS_ONE}: the query whose rows drove the loop; otherwise null
 * @param suggestion     what to do about it, in one or two sentences
 * @param rewrite        a statement that replaces the loop ({@code ... in (?)}), or null
 * @param statements     for {@link FindingType#QUERY_BUDGET}: the most executed statements; otherwise empty
 * @param parameters     samples of bound values, only with {@code logParameters=true}; masked and truncated
 * @param failed         for {@link FindingType#SLOW_CONNECTION}: the slow acquisitions that failed (a pool
 *                       timeout, say); otherwise -1
 * @param plan           for {@link FindingType#SLOW_QUERY} with {@code explain=true}: the statement's execution plan
 *                       and index advice, or why there is none (docs/plans.md); otherwise null
 * @param suppression    why the finding was judged acceptable and where that was declared (a {@code suppress}
 *                       setting, {@link QueryHoundSuppress}, a test's {@code allowing}), or null; docs/suppressions.md
 * @param baselined      whether the finding is in the {@code baseline} file: known before, not new
 */
public record Finding(FindingType type, Instant timestamp, String scope, Scope.Kind scopeKind, String scopeId,
                      String thread, String dataSource, SqlFingerprint fingerprint, String sql, long count,
                      long distinctParams, double totalMillis, double maxMillis, long rows, long threshold,
                      CallSite callSite, List<CallSite> stack, Trigger trigger, String suggestion, String rewrite,
                      List<StatementCount> statements, List<List<String>> parameters, long failed,
                      QueryPlan plan, Suppression suppression, boolean baselined) {

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

    /** This finding with {@code newPlan} as its plan. */
    public Finding withPlan(QueryPlan newPlan) {
        return new Finding(type, timestamp, scope, scopeKind, scopeId, thread, dataSource, fingerprint, sql, count,
                distinctParams, totalMillis, maxMillis, rows, threshold, callSite, stack, trigger, suggestion, rewrite,
                statements, parameters, failed, newPlan, suppression, baselined);
    }

    /** A finding that counts no failures ({@code failed} -1): any type but {@link FindingType#SLOW_CONNECTION}. */
    public Finding(FindingType type, Instant timestamp, String scope, Scope.Kind scopeKind, String scopeId,
                   String thread, String dataSource, SqlFingerprint fingerprint, String sql, long count,
                   long distinctParams, double totalMillis, double maxMillis, long rows, long threshold,
                   CallSite callSite, List<CallSite> stack, Trigger trigger, String suggestion, String rewrite,
                   List<StatementCount> statements, List<List<String>> parameters) {
        this(type, timestamp, scope, scopeKind, scopeId, thread, dataSource, fingerprint, sql, count, distinctParams,
                totalMillis, maxMillis, rows, threshold, callSite, stack, trigger, suggestion, rewrite, statements,
                parameters, -1, null, null, false);
    }

    /** A finding that counts failures; without a plan (yet), neither suppressed nor baselined. */
    public Finding(FindingType type, Instant timestamp, String scope, Scope.Kind scopeKind, String scopeId,
                   String thread, String dataSource, SqlFingerprint fingerprint, String sql, long count,
                   long distinctParams, double totalMillis, double maxMillis, long rows, long threshold,
                   CallSite callSite, List<CallSite> stack, Trigger trigger, String suggestion, String rewrite,
                   List<StatementCount> statements, List<List<String>> parameters, long failed) {
        this(type, timestamp, scope, scopeKind, scopeId, thread, dataSource, fingerprint, sql, count, distinctParams,
                totalMillis, maxMillis, rows, threshold, callSite, stack, trigger, suggestion, rewrite, statements,
                parameters, failed, null, null, false);
    }

    // ---- suppressions and baselines (docs/suppressions.md): kept together so the record's other fields stay apart.

    /**
     * Why a finding was judged acceptable. A suppressed finding is still counted and written (once, like any
     * other), so nothing disappears silently; it only fails no test and warns no log.
     *
     * @param reason     the reason given with the suppression, never blank
     * @param declaredAt where the suppression was declared: a setting key and its source, an annotated method or
     *                   class, a test's {@code allowing}
     */
    public record Suppression(String reason, String declaredAt) {
        public Suppression {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(declaredAt, "declaredAt");
        }
    }

    /** Whether a suppression applies to this finding. */
    public boolean suppressed() {
        return suppression != null;
    }

    /** Whether it was judged acceptable (suppressed) or known before (baselined): then it fails no test. */
    public boolean accepted() {
        return suppression != null || baselined;
    }

    /** This finding, suppressed for {@code suppression}; a finding already suppressed keeps its first suppression. */
    public Finding withSuppression(Suppression suppression) {
        if (this.suppression != null || suppression == null) {
            return this;
        }
        return new Finding(type, timestamp, scope, scopeKind, scopeId, thread, dataSource, fingerprint, sql, count,
                distinctParams, totalMillis, maxMillis, rows, threshold, callSite, stack, trigger, suggestion, rewrite,
                statements, parameters, failed, plan, suppression, baselined);
    }

    /** This finding, marked as present in the baseline. */
    public Finding withBaselined() {
        if (baselined) {
            return this;
        }
        return new Finding(type, timestamp, scope, scopeKind, scopeId, thread, dataSource, fingerprint, sql, count,
                distinctParams, totalMillis, maxMillis, rows, threshold, callSite, stack, trigger, suggestion, rewrite,
                statements, parameters, failed, plan, suppression, true);
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
