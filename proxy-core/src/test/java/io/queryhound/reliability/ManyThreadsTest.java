package io.queryhound.reliability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementStatistics;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.export.InMemoryExporter;
import io.queryhound.testing.H2;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Many threads through a real pool: 64 threads run {@value #QUERIES_PER_THREAD} queries each through
 * HikariCP and H2, opening and closing scopes at random (a loop of 5 lookups, a single query, or
 * no scope at all). Every query must be counted exactly once in the statistics; every loop scope
 * must hold its own N+1 and nothing else, every single-query scope nothing; a watchdog fails the
 * test on a deadlock (with the threads' stacks); and no pooled thread may be left with a scope.
 */
@Tag("reliability")
class ManyThreadsTest {

    private static final int THREADS = 64;
    /** 6,400,000 queries in all; {@code -Dreliability.queriesPerThread=1000} for a quick look. */
    private static final int QUERIES_PER_THREAD = Integer.getInteger("reliability.queriesPerThread", 100_000);
    private static final long WATCHDOG_MINUTES = 10;
    private static final String LOOKUP = "select v from item where id = ?";
    private static final String SINGLE = "select id, v from item where id = ?";
    private static final String OUTSIDE = "select v from item where id = ? and v >= 0";

    @Test
    void everyQueryCountedOnceEveryFindingInItsOwnScopeNoDeadlock() throws Exception {
        JdbcDataSource h2 = H2.withItems(1000);
        HikariConfig config = new HikariConfig();
        config.setDataSource(h2);
        config.setMaximumPoolSize(16);
        config.setPoolName("concurrent");
        InMemoryExporter exporter = new InMemoryExporter();
        long errorsBefore = Diagnostics.internalErrorCount();
        // Timing is not under test: waits for one of 16 connections among 64 threads are expected.
        QueryHoundEngine engine = QueryHound.builder().exporter(exporter).statsIntervalSeconds(3600)
                .shutdownHook(false).set("slowQueryMillis", "600000").set("slowConnectionMillis", "600000").build();
        Map<String, AtomicLong> executed = new ConcurrentHashMap<>();
        AtomicLong loopScopes = new AtomicLong();
        AtomicLong singleScopes = new AtomicLong();
        List<String> misattributed = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        try (HikariDataSource hikari = new HikariDataSource(config)) {
            DataSource dataSource = engine.wrap(hikari, "concurrent");
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                workers.add(pool.submit((Callable<Void>) () -> {
                    work(engine, dataSource, new SplittableRandom(seed), executed, loopScopes, singleScopes,
                            misattributed);
                    return null;
                }));
            }
            pool.shutdown();
            if (!pool.awaitTermination(WATCHDOG_MINUTES, TimeUnit.MINUTES)) {
                fail("no progress after %d minutes: deadlock?%n%s", WATCHDOG_MINUTES, threadDump());
            }
            for (Future<?> worker : workers) {
                worker.get(); // rethrows a worker's failure
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        exporter.clear();
        engine.reportStatistics();
        Map<String, Long> counted = exporter.statistics().stream().collect(Collectors.toMap(
                s -> s.fingerprint().template(), StatementStatistics::count, Long::sum));
        engine.close();

        long total = executed.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf(Locale.ROOT, "[reliability] concurrency: %d threads, %d queries in %.1f s through HikariCP"
                + " (16 connections), %d loop scopes and %d single-query scopes; counted %s; misattributed"
                + " findings %d%n", THREADS, total, seconds, loopScopes.get(), singleScopes.get(), counted,
                misattributed.size());
        assertThat(total).isEqualTo((long) THREADS * QUERIES_PER_THREAD);
        assertThat(misattributed).isEmpty();
        assertThat(executed).hasSize(3);
        for (Map.Entry<String, AtomicLong> statement : executed.entrySet()) {
            String template = SqlFingerprint.of(statement.getKey()).template();
            assertThat(counted.get(template)).as("executions of %s", template).isEqualTo(statement.getValue().get());
        }
        assertThat(Diagnostics.internalErrorCount()).isEqualTo(errorsBefore);
    }

    /** One thread's share: scopes at random until it ran its queries; then its thread must hold no scope. */
    private static void work(QueryHoundEngine engine, DataSource dataSource, SplittableRandom random,
                             Map<String, AtomicLong> executedByAll, AtomicLong loopScopes, AtomicLong singleScopes,
                             List<String> misattributed) throws SQLException {
        Map<String, long[]> executed = new java.util.HashMap<>();
        try {
            workOn(engine, dataSource, random, executed, loopScopes, singleScopes, misattributed);
        } finally {
            executed.forEach((sql, count) -> executedByAll.computeIfAbsent(sql, key -> new AtomicLong()).addAndGet(count[0]));
        }
    }

    private static void workOn(QueryHoundEngine engine, DataSource dataSource, SplittableRandom random,
                               Map<String, long[]> executed, AtomicLong loopScopes, AtomicLong singleScopes,
                               List<String> misattributed) throws SQLException {
        int done = 0;
        while (done < QUERIES_PER_THREAD) {
            int left = QUERIES_PER_THREAD - done;
            int choice = random.nextInt(10);
            try (Connection connection = dataSource.getConnection()) {
                if (choice < 4 && left >= 5) {
                    String name = "loop " + Thread.currentThread().getName() + " " + done;
                    Scope scope = engine.scope(name);
                    try (scope) {
                        int first = 1 + random.nextInt(990);
                        for (int i = 0; i < 5; i++) {
                            run(connection, LOOKUP, first + i, executed);
                        }
                    }
                    List<Finding> findings = scope.findings();
                    if (findings.size() != 1 || findings.get(0).type() != FindingType.N_PLUS_ONE
                            || findings.get(0).count() != 5 || !name.equals(findings.get(0).scope())) {
                        misattributed.add(name + ": " + findings);
                    }
                    loopScopes.incrementAndGet();
                    done += 5;
                } else if (choice < 8) {
                    String name = "single " + Thread.currentThread().getName() + " " + done;
                    Scope scope = engine.scope(name);
                    try (scope) {
                        run(connection, SINGLE, 1 + random.nextInt(1000), executed);
                    }
                    if (!scope.findings().isEmpty()) {
                        misattributed.add(name + ": " + scope.findings());
                    }
                    singleScopes.incrementAndGet();
                    done++;
                } else {
                    run(connection, OUTSIDE, 1 + random.nextInt(1000), executed);
                    done++;
                }
            }
            if (engine.currentScope() != null) {
                throw new AssertionError("a scope was left on " + Thread.currentThread().getName() + ": "
                        + engine.currentScope());
            }
        }
    }

    /** Counts into the thread's own map (added to the shared one when the thread is done), so that 64 threads do not contend on the test's counters. */
    private static void run(Connection connection, String sql, int value, Map<String, long[]> executed)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, value);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    result.getInt(1);
                }
            }
        }
        executed.computeIfAbsent(sql, key -> new long[1])[0]++;
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(info);
        }
        return dump.toString();
    }
}
