package io.queryhound.internal.stats;

import io.queryhound.Exporter;
import io.queryhound.ScopeStatistics;
import io.queryhound.StatementStatistics;
import io.queryhound.StatementStatistics.Period;
import io.queryhound.internal.config.Diagnostics;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Writes per-statement statistics, and per-scope-name statistics ({@link ScopeStatisticsTable}):
 * every {@code statsIntervalSeconds} what was recorded since the last report, and at
 * {@link #close()} a summary of everything since start. Called from the
 * engine's reporting thread (and at close), so formatting and I/O never happen on a thread that is
 * executing a query.
 */
public final class StatisticsReporter implements AutoCloseable {

    private final StatisticsTable table;
    private final ScopeStatisticsTable scopes;
    private final Exporter exporter;
    private final Clock clock;
    private final int maxSqlLength;
    private final Instant started;
    private Instant intervalStart;
    private boolean closed;

    public StatisticsReporter(StatisticsTable table, Exporter exporter, Clock clock, int maxSqlLength) {
        this(table, new ScopeStatisticsTable(), exporter, clock, maxSqlLength);
    }

    public StatisticsReporter(StatisticsTable table, ScopeStatisticsTable scopes, Exporter exporter, Clock clock,
                              int maxSqlLength) {
        this.table = table;
        this.scopes = scopes;
        this.exporter = exporter;
        this.clock = clock;
        this.maxSqlLength = maxSqlLength;
        this.started = clock.instant();
        this.intervalStart = started;
    }

    /** Writes one record per statement executed since the last report, slowest total first. */
    public synchronized void reportInterval() {
        if (closed) {
            return;
        }
        Instant end = clock.instant();
        List<StatementStatistics> records = new ArrayList<>();
        for (StatementStats stats : table.entries()) {
            StatementStats.Interval interval = stats.takeInterval();
            if (interval.count() > 0 || interval.errors() > 0 || interval.rows() > 0) {
                records.add(toRecord(Period.INTERVAL, intervalStart, end, stats, interval));
            }
            stats.recycle(interval);
        }
        export(records, scopes.takeInterval(intervalStart, end));
        intervalStart = end;
    }

    /** Writes the last interval and the summary since start; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            reportInterval();
            Instant end = clock.instant();
            List<StatementStatistics> records = new ArrayList<>();
            for (StatementStats stats : table.entries()) {
                StatementStats.Interval totals = stats.totals();
                if (totals.count() > 0 || totals.errors() > 0 || totals.rows() > 0) {
                    records.add(toRecord(Period.SUMMARY, started, end, stats, totals));
                }
            }
            export(records, scopes.summary(started, end));
        } catch (Throwable e) {
            Diagnostics.internalError("statistics summary", e);
        } finally {
            closed = true;
        }
    }

    private void export(List<StatementStatistics> records, List<ScopeStatistics> scopeRecords) {
        records.sort(Comparator.comparingDouble(StatementStatistics::totalMillis).reversed());
        for (StatementStatistics record : records) {
            try {
                exporter.statistics(record);
            } catch (Throwable e) {
                Diagnostics.internalError("exporter " + exporter, e);
            }
        }
        scopeRecords.sort(Comparator.comparingDouble(ScopeStatistics::totalMillis).reversed());
        for (ScopeStatistics record : scopeRecords) {
            try {
                exporter.scopeStatistics(record);
            } catch (Throwable e) {
                Diagnostics.internalError("exporter " + exporter, e);
            }
        }
        try {
            exporter.flush();
        } catch (Throwable e) {
            Diagnostics.internalError("exporter " + exporter, e);
        }
    }

    private StatementStatistics toRecord(Period period, Instant start, Instant end, StatementStats stats,
                                         StatementStats.Interval interval) {
        Histogram histogram = interval.histogram();
        boolean empty = histogram.getTotalCount() == 0;
        String template = stats.fingerprint.template();
        String sql = template.length() <= maxSqlLength ? template : template.substring(0, maxSqlLength) + "...";
        return new StatementStatistics(period, start, end, stats.fingerprint, sql, interval.count(),
                interval.errors(), interval.rows(), interval.batchedStatements(),
                interval.elapsedNanos() / 1_000_000.0,
                empty ? 0 : millis(histogram.getValueAtPercentile(50)),
                empty ? 0 : millis(histogram.getValueAtPercentile(95)),
                empty ? 0 : millis(histogram.getValueAtPercentile(99)),
                empty ? 0 : millis(histogram.getMaxValue()),
                encode(histogram));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    /** HdrHistogram's compressed encoding in base64, as its own log format writes it. */
    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }
}
