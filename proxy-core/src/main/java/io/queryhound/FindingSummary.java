package io.queryhound;

import io.queryhound.internal.export.FindingJson;

import java.time.Instant;
import java.util.Objects;

/**
 * How often one finding (type, fingerprint and call site; for {@link FindingType#SLOW_CONNECTION}, type
 * and data source) recurred over a period, written every {@code statsIntervalSeconds} and at close for
 * findings seen again after their first {@link Finding} record, instead of one record per scope.
 *
 * @param type             what was found
 * @param fingerprint      the statement, or null for {@link FindingType#QUERY_BUDGET} and
 *                         {@link FindingType#SLOW_CONNECTION}
 * @param sql              its template, truncated to {@code maxSqlLength}, or null
 * @param callSite         the application line, or null when unknown
 * @param start            start of the period
 * @param end              end of the period
 * @param occurrences      scopes in the period that produced this finding
 * @param totalOccurrences scopes since QueryHound started that produced it, including the first
 * @param count            executions concerned (slow acquisitions, for a slow connection), summed over the
 *                         period's occurrences
 * @param totalMillis      their summed execution (or acquisition) time
 * @param maxMillis        the slowest of them
 * @param firstSeen        when the first occurrence was reported
 * @param lastScope        the name of the last scope that produced it
 * @param dataSource       for {@link FindingType#SLOW_CONNECTION}: the DataSource's name (null when unknown);
 *                         null for every other type
 * @param failed           for {@link FindingType#SLOW_CONNECTION}: the slow acquisitions of the period that
 *                         failed; otherwise -1
 */
public record FindingSummary(FindingType type, SqlFingerprint fingerprint, String sql, CallSite callSite,
                             Instant start, Instant end, long occurrences, long totalOccurrences, long count,
                             double totalMillis, double maxMillis, Instant firstSeen, String lastScope,
                             String dataSource, long failed) {

    public FindingSummary {
        Objects.requireNonNull(type, "type");
    }

    /** A summary without data source or failure count: any type but {@link FindingType#SLOW_CONNECTION}. */
    public FindingSummary(FindingType type, SqlFingerprint fingerprint, String sql, CallSite callSite,
                          Instant start, Instant end, long occurrences, long totalOccurrences, long count,
                          double totalMillis, double maxMillis, Instant firstSeen, String lastScope) {
        this(type, fingerprint, sql, callSite, start, end, occurrences, totalOccurrences, count, totalMillis,
                maxMillis, firstSeen, lastScope, null, -1);
    }

    /** One JSON object, fields as documented in docs/findings.md. */
    public String toJson() {
        return FindingJson.toJson(this);
    }

    /** One readable line for consoles. */
    public String toText() {
        return FindingJson.toText(this);
    }
}
