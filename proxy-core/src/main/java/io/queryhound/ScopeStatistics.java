package io.queryhound;

import io.queryhound.StatementStatistics.Period;
import io.queryhound.internal.export.ScopeStatisticsJson;

import java.util.Objects;

/**
 * What the units of work of one name cost over a period: how many scopes named {@link #scope()}
 * (of one {@link Scope.Kind}) closed, how many statements each ran and how long each took, open to
 * close. For HTTP scopes that is the requests of one endpoint: "how many queries does
 * {@code GET /orders} run, and how long does it take" without a finding having to fire. Implicit
 * scopes are not included: they are windows of a thread's activity, not units of work.
 *
 * <p>{@link Period#INTERVAL} records cover the scopes closed since the previous interval and are
 * written every {@code statsIntervalSeconds}, only for names that closed a scope in it;
 * {@link Period#SUMMARY} records cover everything since start and are written once, at close.
 *
 * @param period            interval or summary
 * @param start             start of the period
 * @param end               end of the period
 * @param scope             the scopes' name (for HTTP scopes, {@code "GET /orders"})
 * @param scopeKind         their kind (never {@link Scope.Kind#IMPLICIT})
 * @param count             scopes closed in the period
 * @param statements        statements they ran, nested scopes' included
 * @param p50Statements     median statements per scope (two significant digits)
 * @param p95Statements     95th percentile of statements per scope
 * @param maxStatements     most statements run by one scope
 * @param sqlMillis         summed execution time of those statements
 * @param totalMillis       summed duration of the scopes, open to close
 * @param p50Millis         median duration of one scope (microsecond resolution, 1 % precision)
 * @param p95Millis         95th percentile
 * @param p99Millis         99th percentile
 * @param maxMillis         longest scope
 */
public record ScopeStatistics(Period period, java.time.Instant start, java.time.Instant end, String scope,
                              Scope.Kind scopeKind, long count, long statements, long p50Statements,
                              long p95Statements, long maxStatements, double sqlMillis, double totalMillis,
                              double p50Millis, double p95Millis, double p99Millis, double maxMillis) {

    /** The schema version of the JSON form; bumped on any incompatible change of field names or meaning. */
    public static final int SCHEMA = 1;

    public ScopeStatistics {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(scopeKind, "scopeKind");
    }

    /** The record as QueryHound writes it: one JSON object, fields as documented in docs/output.md. */
    public String toJson() {
        return ScopeStatisticsJson.toJson(this);
    }

    /** A one-line human-readable form for consoles. */
    public String toText() {
        return ScopeStatisticsJson.toText(this);
    }
}
