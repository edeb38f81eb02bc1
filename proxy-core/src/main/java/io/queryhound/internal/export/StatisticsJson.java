package io.queryhound.internal.export;

import io.queryhound.StatementStatistics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The JSON-lines form of a {@link StatementStatistics} record; field names are documented in docs/output.md. */
public final class StatisticsJson {

    private StatisticsJson() {
    }

    public static String toJson(StatementStatistics s) {
        return new JsonLine()
                .field("schema", StatementStatistics.SCHEMA)
                .field("record", "statistics")
                .field("period", s.period().name().toLowerCase(Locale.ROOT))
                .field("timestamp", timestamp(s.end()))
                .field("start", timestamp(s.start()))
                .field("end", timestamp(s.end()))
                .field("fingerprint", s.fingerprint().id())
                .field("statementType", s.statementType().name())
                .field("sql", s.sql())
                .field("count", s.count())
                .field("errors", s.errors())
                .field("rows", s.rows())
                .field("batchedStatements", s.batchedStatements())
                .millis("totalMillis", s.totalMillis())
                .millis("p50Millis", s.p50Millis())
                .millis("p95Millis", s.p95Millis())
                .millis("p99Millis", s.p99Millis())
                .millis("maxMillis", s.maxMillis())
                .field("histogram", s.histogram())
                .build();
    }

    /** ISO-8601 UTC with millisecond precision, as log platforms expect. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** A one-line human-readable form, for consoles and log messages. */
    public static String toText(StatementStatistics s) {
        return String.format(Locale.ROOT, "%s %s %s x%d p50=%.3fms p95=%.3fms p99=%.3fms max=%.3fms rows=%d%s  %s",
                s.period().name().toLowerCase(Locale.ROOT), s.fingerprint().id(), s.statementType(), s.count(),
                s.p50Millis(), s.p95Millis(), s.p99Millis(), s.maxMillis(), s.rows(),
                s.errors() > 0 ? " errors=" + s.errors() : "", s.sql());
    }
}
