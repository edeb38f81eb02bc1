package io.queryhound.internal.export;

import io.queryhound.ScopeStatistics;

import java.util.Locale;

/** The JSON-lines form of a {@link ScopeStatistics} record; field names are documented in docs/output.md. */
public final class ScopeStatisticsJson {

    private ScopeStatisticsJson() {
    }

    public static String toJson(ScopeStatistics s) {
        return new JsonLine()
                .field("schema", ScopeStatistics.SCHEMA)
                .field("record", "scopeStatistics")
                .field("period", s.period().name().toLowerCase(Locale.ROOT))
                .field("timestamp", StatisticsJson.timestamp(s.end()))
                .field("start", StatisticsJson.timestamp(s.start()))
                .field("end", StatisticsJson.timestamp(s.end()))
                .field("scope", s.scope())
                .field("scopeKind", kind(s))
                .field("count", s.count())
                .field("statements", s.statements())
                .field("p50Statements", s.p50Statements())
                .field("p95Statements", s.p95Statements())
                .field("maxStatements", s.maxStatements())
                .millis("sqlMillis", s.sqlMillis())
                .millis("totalMillis", s.totalMillis())
                .millis("p50Millis", s.p50Millis())
                .millis("p95Millis", s.p95Millis())
                .millis("p99Millis", s.p99Millis())
                .millis("maxMillis", s.maxMillis())
                .build();
    }

    static String kind(ScopeStatistics s) {
        return s.scopeKind().name().toLowerCase(Locale.ROOT);
    }

    /** A one-line human-readable form, for consoles and log messages. */
    public static String toText(ScopeStatistics s) {
        return String.format(Locale.ROOT, "%s scope %s x%d statements p50=%d p95=%d max=%d duration p50=%.3fms"
                        + " p95=%.3fms max=%.3fms sql=%.3fms of %.3fms  %s",
                s.period().name().toLowerCase(Locale.ROOT), kind(s), s.count(), s.p50Statements(),
                s.p95Statements(), s.maxStatements(), s.p50Millis(), s.p95Millis(), s.maxMillis(), s.sqlMillis(),
                s.totalMillis(), s.scope());
    }
}
