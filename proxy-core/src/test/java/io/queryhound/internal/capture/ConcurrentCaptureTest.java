package io.queryhound.internal.capture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.QueryHound;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementStatistics;
import io.queryhound.testing.H2;
import io.queryhound.testing.RecordingEngine;
import io.queryhound.testing.SqlFunctions;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * 10,000 queries of 5 shapes from 8 threads through a wrapped HikariCP pool over H2: every
 * execution is recorded exactly once under its fingerprint, and the percentiles agree with the
 * times the test measured itself.
 */
class ConcurrentCaptureTest {

    private static final int THREADS = 8;
    private static final int QUERIES_PER_THREAD = 1250;
    private static final String[] SHAPES = {
            "select name from customer where id = ?",
            "select count(*) from customer where name like ?",
            "update customer set name = ? where id = ?",
            "select c.id, c.name from customer c where c.id between ? and ?",
            "select pause_micros(?)",
    };

    private JdbcDataSource h2;

    @BeforeEach
    void schema() throws SQLException {
        h2 = H2.newDataSource();
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table customer (id int primary key, name varchar(100))");
            s.execute("insert into customer select x, 'customer ' || x from system_range(1, 500)");
            SqlFunctions.register(s);
        }
    }

    private HikariDataSource pool(DataSource target) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(target);
        config.setMaximumPoolSize(THREADS);
        config.setMinimumIdle(THREADS);
        return new HikariDataSource(config);
    }

    @Test
    void tenThousandQueriesFromEightThreadsAreEachRecordedOnceWithTheirLatency() throws Exception {
        Map<Integer, List<Long>> measured = new ConcurrentHashMap<>();
        long[] rowsRead = new long[SHAPES.length];
        try (RecordingEngine hound = new RecordingEngine(); HikariDataSource pool = pool(h2)) {
            DataSource ds = hound.wrap(pool);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(threads.submit(() -> runShapes(ds, thread, measured)));
            }
            for (Future<long[]> future : futures) {
                long[] rows = future.get(5, TimeUnit.MINUTES);
                for (int i = 0; i < rows.length; i++) {
                    rowsRead[i] += rows[i];
                }
            }
            threads.shutdown();

            Map<String, StatementStatistics> records = hound.interval();
            long total = records.values().stream().mapToLong(StatementStatistics::count).sum();
            assertThat(total).as("executions recorded").isEqualTo(THREADS * QUERIES_PER_THREAD);
            assertThat(records).hasSize(SHAPES.length);
            for (int shape = 0; shape < SHAPES.length; shape++) {
                StatementStatistics stats = records.get(SqlFingerprint.of(SHAPES[shape], SqlDialect.H2).template());
                List<Long> own = new ArrayList<>(measured.get(shape));
                Collections.sort(own);
                assertThat(stats.count()).as("count of %s", SHAPES[shape]).isEqualTo(own.size());
                assertThat(stats.rows()).as("rows of %s", SHAPES[shape]).isEqualTo(rowsRead[shape]);
                assertThat(stats.errors()).isZero();
                // QueryHound times the driver call inside the window the test timed, so no recorded
                // percentile can exceed the test's own (beyond the histogram's 1 % bucket precision).
                assertAtMost(stats.p50Millis(), percentileMillis(own, 50), SHAPES[shape] + " p50");
                assertAtMost(stats.p95Millis(), percentileMillis(own, 95), SHAPES[shape] + " p95");
                assertAtMost(stats.p99Millis(), percentileMillis(own, 99), SHAPES[shape] + " p99");
                assertAtMost(stats.maxMillis(), percentileMillis(own, 100), SHAPES[shape] + " max");
            }
            // Where the query itself dominates the call (a pause of 0.2 to 2 ms), the median agrees closely.
            StatementStatistics paused = records.get(SqlFingerprint.of(SHAPES[4], SqlDialect.H2).template());
            List<Long> own = new ArrayList<>(measured.get(4));
            Collections.sort(own);
            assertThat(paused.p50Millis()).isCloseTo(percentileMillis(own, 50), within(percentileMillis(own, 50) * 0.25));
            assertThat(paused.totalMillis()).isGreaterThan(own.size() * 0.2); // every call paused >= 0.2 ms
        }
    }

    private static void assertAtMost(double recordedMillis, double measuredMillis, String what) {
        assertThat(recordedMillis).as(what).isLessThanOrEqualTo(measuredMillis * 1.01 + 0.001);
    }

    /** The nearest-rank percentile of sorted nanosecond samples, in milliseconds. */
    private static double percentileMillis(List<Long> sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1_000_000.0;
    }

    private static long[] runShapes(DataSource ds, int thread, Map<Integer, List<Long>> measured) throws SQLException {
        long[] rows = new long[SHAPES.length];
        List<List<Long>> mine = new ArrayList<>();
        for (int shape = 0; shape < SHAPES.length; shape++) {
            mine.add(new ArrayList<>());
        }
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < QUERIES_PER_THREAD; i++) {
                int shape = (i + thread) % SHAPES.length;
                try (PreparedStatement ps = c.prepareStatement(SHAPES[shape])) {
                    int id = 1 + (i * 7 + thread) % 500;
                    switch (shape) {
                        case 0 -> ps.setInt(1, id);
                        case 1 -> ps.setString(1, "customer " + (id % 10) + "%");
                        case 2 -> {
                            ps.setString(1, "renamed " + i);
                            ps.setInt(2, id);
                        }
                        case 3 -> {
                            ps.setInt(1, id);
                            ps.setInt(2, id + (i % 20));
                        }
                        default -> ps.setInt(1, 200 + (i * 37) % 1800);
                    }
                    long start = System.nanoTime();
                    if (shape == 2) {
                        ps.executeUpdate();
                        mine.get(shape).add(System.nanoTime() - start);
                    } else {
                        try (ResultSet rs = ps.executeQuery()) {
                            mine.get(shape).add(System.nanoTime() - start);
                            while (rs.next()) {
                                rows[shape]++;
                            }
                        }
                    }
                }
            }
        }
        for (int shape = 0; shape < SHAPES.length; shape++) {
            measured.computeIfAbsent(shape, k -> Collections.synchronizedList(new ArrayList<>())).addAll(mine.get(shape));
        }
        return rows;
    }

    @Test
    void percentilesEqualKnownDurationsWhenTheClockIsTheTests() throws Exception {
        // Each thread's clock moves only inside the query, by the amount the query asks for, so the
        // durations are known exactly and the percentiles can be compared to 1 % precision.
        String sql = "select advance_micros(?)";
        int perThread = 1000;
        try (RecordingEngine hound = new RecordingEngine(QueryHound.builder().ticker(SqlFunctions::virtualNanos));
             HikariDataSource pool = pool(h2)) {
            DataSource ds = hound.wrap(pool);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(threads.submit(() -> {
                    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                        for (int i = 1; i <= perThread; i++) {
                            ps.setInt(1, i * 10); // 10 us .. 10 ms, uniformly
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
            threads.shutdown();
            StatementStatistics stats = hound.interval().get(SqlFingerprint.of(sql, SqlDialect.H2).template());
            assertThat(stats.count()).isEqualTo(THREADS * perThread);
            assertThat(stats.p50Millis()).isCloseTo(5.0, within(0.05));
            assertThat(stats.p95Millis()).isCloseTo(9.5, within(0.095));
            assertThat(stats.p99Millis()).isCloseTo(9.9, within(0.099));
            assertThat(stats.maxMillis()).isCloseTo(10.0, within(0.1));
            // The exact total: 8 threads x (10 + 20 + ... + 10,000) us.
            assertThat(stats.totalMillis()).isCloseTo(THREADS * 10 * (perThread * (perThread + 1) / 2.0) / 1000.0,
                    within(0.001));
        }
    }
}
