package io.queryhound.internal.export;

import io.queryhound.Exporter;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.FindingType;
import io.queryhound.QueryPlan;
import io.queryhound.ScopeStatistics;
import io.queryhound.StatementStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Hands every record to the SLF4J logger named {@code queryhound}, with the record's fields as
 * SLF4J key-value pairs (so a JSON encoder such as logstash-logback-encoder writes them as fields)
 * and a readable one-line message. Only loaded when {@code output=slf4j}: SLF4J is optional.
 */
public final class Slf4jExporter implements Exporter {

    public static final String LOGGER_NAME = "queryhound";

    private final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

    @Override
    public void statistics(StatementStatistics s) {
        if (!logger.isInfoEnabled()) {
            return;
        }
        LoggingEventBuilder event = logger.atInfo()
                .addKeyValue("schema", StatementStatistics.SCHEMA)
                .addKeyValue("record", "statistics")
                .addKeyValue("period", s.period().name().toLowerCase(Locale.ROOT))
                .addKeyValue("start", StatisticsJson.timestamp(s.start()))
                .addKeyValue("end", StatisticsJson.timestamp(s.end()))
                .addKeyValue("fingerprint", s.fingerprint().id())
                .addKeyValue("statementType", s.statementType().name())
                .addKeyValue("sql", s.sql())
                .addKeyValue("count", s.count())
                .addKeyValue("errors", s.errors())
                .addKeyValue("rows", s.rows())
                .addKeyValue("batchedStatements", s.batchedStatements())
                .addKeyValue("totalMillis", s.totalMillis())
                .addKeyValue("p50Millis", s.p50Millis())
                .addKeyValue("p95Millis", s.p95Millis())
                .addKeyValue("p99Millis", s.p99Millis())
                .addKeyValue("maxMillis", s.maxMillis())
                .addKeyValue("histogram", s.histogram());
        event.log(StatisticsJson.toText(s));
    }

    @Override
    public void scopeStatistics(ScopeStatistics s) {
        if (!logger.isInfoEnabled()) {
            return;
        }
        logger.atInfo()
                .addKeyValue("schema", ScopeStatistics.SCHEMA)
                .addKeyValue("record", "scopeStatistics")
                .addKeyValue("period", s.period().name().toLowerCase(Locale.ROOT))
                .addKeyValue("start", StatisticsJson.timestamp(s.start()))
                .addKeyValue("end", StatisticsJson.timestamp(s.end()))
                .addKeyValue("scope", s.scope())
                .addKeyValue("scopeKind", ScopeStatisticsJson.kind(s))
                .addKeyValue("count", s.count())
                .addKeyValue("statements", s.statements())
                .addKeyValue("p50Statements", s.p50Statements())
                .addKeyValue("p95Statements", s.p95Statements())
                .addKeyValue("maxStatements", s.maxStatements())
                .addKeyValue("sqlMillis", s.sqlMillis())
                .addKeyValue("totalMillis", s.totalMillis())
                .addKeyValue("p50Millis", s.p50Millis())
                .addKeyValue("p95Millis", s.p95Millis())
                .addKeyValue("p99Millis", s.p99Millis())
                .addKeyValue("maxMillis", s.maxMillis())
                .log(ScopeStatisticsJson.toText(s));
    }

    /**
     * At WARN for a {@code WARNING} finding and INFO for an {@code INFO} one, so that a logger set to
     * WARN keeps the findings that cost time and drops the opportunities. A suppressed or baselined finding is
     * at INFO whatever its severity: only new findings are warnings (docs/suppressions.md).
     */
    @Override
    public void finding(Finding f) {
        Level level = f.severity() == FindingType.Severity.WARNING && !f.accepted() ? Level.WARN : Level.INFO;
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        LoggingEventBuilder event = logger.atLevel(level)
                .addKeyValue("schema", Finding.SCHEMA)
                .addKeyValue("record", "finding")
                .addKeyValue("type", f.type().name())
                .addKeyValue("severity", f.severity().name().toLowerCase(Locale.ROOT))
                .addKeyValue("scope", f.scope())
                .addKeyValue("scopeKind", f.scopeKind().name().toLowerCase(Locale.ROOT))
                .addKeyValue("scopeId", f.scopeId())
                .addKeyValue("fingerprint", FindingJson.id(f.fingerprint()))
                .addKeyValue("statementType", FindingJson.kind(f.fingerprint()))
                .addKeyValue("sql", f.sql())
                .addKeyValue("count", f.count())
                .addKeyValue("totalMillis", f.totalMillis())
                .addKeyValue("maxMillis", f.maxMillis())
                .addKeyValue("threshold", f.threshold())
                .addKeyValue("callSite", FindingJson.text(f.callSite()));
        if (f.rows() >= 0) {
            event = event.addKeyValue("rows", f.rows());
        }
        if (f.type() == FindingType.SLOW_CONNECTION) { // what it is about, in place of a statement
            event = event.addKeyValue("dataSource", f.dataSource());
        }
        if (f.failed() >= 0) {
            event = event.addKeyValue("failed", f.failed());
        }
        if (f.suppression() != null) {
            event = event.addKeyValue("suppressed", true).addKeyValue("reason", f.suppression().reason())
                    .addKeyValue("suppressedBy", f.suppression().declaredAt());
        }
        if (f.baselined()) {
            event = event.addKeyValue("baselined", true);
        }
        Finding.Trigger trigger = f.trigger();
        if (trigger != null) {
            // A map, so that a JSON encoder writes the same nested object as the JSON-lines output.
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("fingerprint", FindingJson.id(trigger.fingerprint()));
            value.put("sql", trigger.sql());
            value.put("rows", trigger.rows());
            value.put("callSite", FindingJson.text(trigger.callSite()));
            event = event.addKeyValue("trigger", Collections.unmodifiableMap(value));
        }
        if (f.rewrite() != null) {
            event = event.addKeyValue("rewrite", f.rewrite());
        }
        QueryPlan plan = f.plan();
        if (plan != null) { // plans (issue 8): the summary line, the indexes proposed, or why there is no plan
            if (plan.isExplained()) {
                event = event.addKeyValue("plan", plan.summary());
                if (!plan.createIndexStatements().isEmpty()) {
                    event = event.addKeyValue("createIndex", plan.createIndexStatements());
                }
            } else {
                event = event.addKeyValue("planNote", plan.note());
            }
        }
        event.addKeyValue("suggestion", f.suggestion())
                .log(FindingJson.toText(f));
    }

    @Override
    public void findingSummary(FindingSummary s) {
        if (!logger.isInfoEnabled()) {
            return;
        }
        LoggingEventBuilder event = logger.atInfo()
                .addKeyValue("schema", Finding.SCHEMA)
                .addKeyValue("record", "findingSummary")
                .addKeyValue("type", s.type().name())
                .addKeyValue("severity", s.type().severity().name().toLowerCase(Locale.ROOT))
                .addKeyValue("fingerprint", FindingJson.id(s.fingerprint()))
                .addKeyValue("statementType", FindingJson.kind(s.fingerprint()))
                .addKeyValue("sql", s.sql())
                .addKeyValue("callSite", FindingJson.text(s.callSite()))
                .addKeyValue("start", s.start() == null ? null : StatisticsJson.timestamp(s.start()))
                .addKeyValue("end", s.end() == null ? null : StatisticsJson.timestamp(s.end()))
                .addKeyValue("occurrences", s.occurrences())
                .addKeyValue("totalOccurrences", s.totalOccurrences())
                .addKeyValue("count", s.count())
                .addKeyValue("totalMillis", s.totalMillis())
                .addKeyValue("maxMillis", s.maxMillis())
                .addKeyValue("firstSeen", s.firstSeen() == null ? null : StatisticsJson.timestamp(s.firstSeen()))
                .addKeyValue("lastScope", s.lastScope());
        if (s.type() == FindingType.SLOW_CONNECTION) {
            event = event.addKeyValue("dataSource", s.dataSource());
        }
        if (s.failed() >= 0) {
            event = event.addKeyValue("failed", s.failed());
        }
        event.log(FindingJson.toText(s));
    }

    @Override
    public String toString() {
        return "slf4j";
    }
}
