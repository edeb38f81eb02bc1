package io.queryhound;

import io.queryhound.internal.export.StatisticsJson;

import java.time.Instant;
import java.util.Objects;

/**
 * Latency and volume of one statement fingerprint over a period: either one reporting interval
 * ({@link Period#INTERVAL}) or everything since start ({@link Period#SUMMARY}, written at close and
 * at JVM shutdown). Percentiles come from an HdrHistogram; {@link #histogram()} carries it in
 * HdrHistogram's compressed base64 form so that records from many JVMs can be merged exactly.
 *
 * @param period            interval or summary
 * @param start             start of the period
 * @param end               end of the period
 * @param fingerprint       the statement's fingerprint (id, template, kind)
 * @param sql               the canonical template as written out (truncated to {@code maxSqlLength})
 * @param count             executions ({@code executeBatch} counts once)
 * @param errors            executions that threw
 * @param rows              rows read from results that were read to the end or closed
 * @param batchedStatements statements carried by {@code executeBatch} calls
 * @param totalMillis       summed execution time
 * @param p50Millis         median execution time (microsecond resolution)
 * @param p95Millis         95th percentile
 * @param p99Millis         99th percentile
 * @param maxMillis         slowest execution
 * @param histogram         the period's histogram of microseconds, compressed and base64-encoded
 */
public record StatementStatistics(Period period, Instant start, Instant end, SqlFingerprint fingerprint,
                                  String sql, long count, long errors, long rows, long batchedStatements,
                                  double totalMillis, double p50Millis, double p95Millis, double p99Millis,
                                  double maxMillis, String histogram) {

    /** The schema version of the JSON form; bumped on any incompatible change of field names or meaning. */
    public static final int SCHEMA = 1;

    /** Which span of time a record covers. */
    public enum Period {
        INTERVAL, SUMMARY
    }

    public StatementStatistics {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** The statement kind, as written in the {@code statementType} field. */
    public StatementKind statementType() {
        return fingerprint.kind();
    }

    /** The record as QueryHound writes it: one JSON object, fields as documented in docs/output.md. */
    public String toJson() {
        return StatisticsJson.toJson(this);
    }

    /** A one-line human-readable form for consoles. */
    public String toText() {
        return StatisticsJson.toText(this);
    }
}
