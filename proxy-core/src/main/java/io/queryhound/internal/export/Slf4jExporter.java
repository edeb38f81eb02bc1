package io.queryhound.internal.export;

import io.queryhound.Exporter;
import io.queryhound.StatementStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.Locale;

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
    public String toString() {
        return "slf4j";
    }
}
