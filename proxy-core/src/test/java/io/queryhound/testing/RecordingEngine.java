package io.queryhound.testing;

import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.StatementStatistics;
import io.queryhound.internal.export.InMemoryExporter;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * A QueryHound engine that keeps its statistics in memory, with no background reporting during a
 * test (the interval is an hour) and no shutdown hook.
 */
public final class RecordingEngine implements AutoCloseable {

    public final InMemoryExporter exporter = new InMemoryExporter();
    public final QueryHoundEngine engine;

    public RecordingEngine() {
        this(System::nanoTime);
    }

    public RecordingEngine(LongSupplier ticker) {
        this(QueryHound.builder().ticker(ticker));
    }

    public RecordingEngine(QueryHound.Builder builder) {
        engine = builder.exporter(exporter).statsIntervalSeconds(3600).shutdownHook(false).build();
    }

    public DataSource wrap(DataSource dataSource) {
        return engine.wrap(dataSource);
    }

    /** Writes the interval now and returns its records keyed by template. */
    public Map<String, StatementStatistics> interval() {
        exporter.clear();
        engine.reportStatistics();
        return byTemplate(exporter.statistics());
    }

    /** Closes the engine and returns the summary records keyed by template. */
    public Map<String, StatementStatistics> summary() {
        engine.close();
        return byTemplate(exporter.statistics().stream()
                .filter(s -> s.period() == StatementStatistics.Period.SUMMARY)
                .collect(Collectors.toList()));
    }

    private static Map<String, StatementStatistics> byTemplate(List<StatementStatistics> records) {
        Map<String, StatementStatistics> map = new LinkedHashMap<>();
        for (StatementStatistics record : records) {
            map.put(record.fingerprint().template(), record);
        }
        return map;
    }

    @Override
    public void close() {
        engine.close();
    }
}
