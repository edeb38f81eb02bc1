package io.queryhound.plan;

import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.internal.export.InMemoryExporter;
import io.queryhound.testing.H2;
import io.queryhound.testing.StatementSpy;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 slow executions of 5 statements from 4 application threads: every EXPLAIN runs on QueryHound's
 * own thread, exactly once per statement within {@code explainIntervalSeconds}, and every finding still
 * carries its statement's plan. "Slow" comes from the engine's ticker (200 ms per reading), so the
 * executions are real H2 queries that take no real time.
 */
class ExplainUnderLoadTest {

    private static final int THREADS = 4;
    private static final int EXECUTIONS = 1_000;
    private static final String[] STATEMENTS = {
        "select id from orders where customer_id = ?",
        "select id from orders where status = ?",
        "select total from orders where customer_id = ? and status = ?",
        "select count(*) from orders where total > ?",
        "select id from orders where total = ? order by id",
    };

    @Test
    void explainsNeverOnApplicationThreadsAndOncePerFingerprintWithinTheInterval() throws Exception {
        JdbcDataSource database = H2.newDataSource();
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table orders (id bigint primary key, customer_id int, status varchar(20), total int)");
            s.execute("insert into orders select x, mod(x, 1000), case mod(x, 2) when 0 then 'NEW' else 'PAID' end,"
                    + " mod(x, 500) from system_range(1, 20000)");
        }
        StatementSpy spy = new StatementSpy();
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = QueryHound.builder().exporter(exporter).shutdownHook(false)
                .ticker(SlowQueryPlanH2Test.slowTicker()).set("slowQueryMillis", "100").build();
        DataSource app = engine.wrap(spy.over(database), "orders");

        AtomicInteger next = new AtomicInteger();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS,
                r -> new Thread(r, "app-" + threadNumber.incrementAndGet()));
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            done.add(threads.submit(() -> {
                int ran = 0;
                try (Connection c = app.getConnection()) {
                    for (int i = next.getAndIncrement(); i < EXECUTIONS; i = next.getAndIncrement()) {
                        run(c, STATEMENTS[i % STATEMENTS.length], i);
                        ran++;
                    }
                }
                return ran;
            }));
        }
        int ran = 0;
        for (Future<Integer> f : done) {
            ran += f.get();
        }
        threads.shutdown();
        assertThat(ran).isEqualTo(EXECUTIONS);
        engine.reportFindings();
        engine.close();

        List<StatementSpy.Prepared> explains = spy.explains();
        Map<String, Long> perStatement = explains.stream()
                .collect(Collectors.groupingBy(StatementSpy.Prepared::sql, Collectors.counting()));
        System.out.println("EXPLAINs under " + EXECUTIONS + " slow executions of " + STATEMENTS.length
                + " statements on " + THREADS + " threads: " + perStatement);
        assertThat(perStatement).hasSize(STATEMENTS.length).allSatisfy((sql, count) -> assertThat(count).as(sql).isEqualTo(1));
        assertThat(engine.explainCount()).isEqualTo(STATEMENTS.length);
        // Not one statement of the EXPLAIN path (EXPLAIN, table sizes, index metadata) ran on an application thread.
        assertThat(spy.prepared()).filteredOn(p -> !p.thread().startsWith("app-"))
                .isNotEmpty().allMatch(p -> p.thread().equals("queryhound-explain"));
        assertThat(spy.prepared()).filteredOn(p -> p.thread().startsWith("app-")).noneMatch(StatementSpy.Prepared::isExplain);

        List<Finding> slow = exporter.findings().stream().filter(f -> f.type() == FindingType.SLOW_QUERY).toList();
        assertThat(slow).hasSize(STATEMENTS.length).allSatisfy(f -> assertThat(f.plan().isExplained())
                .as("%s: %s", f.sql(), f.plan().note()).isTrue());
    }

    private static void run(Connection c, String sql, int i) throws SQLException {
        try (var p = c.prepareStatement(sql)) {
            p.setInt(1, i % 1000);
            if (sql.contains("status = ?") && sql.indexOf('?') != sql.lastIndexOf('?')) {
                p.setString(2, "NEW");
            } else if (sql.startsWith("select id from orders where status")) {
                p.setString(1, i % 2 == 0 ? "NEW" : "PAID");
            }
            try (var r = p.executeQuery()) {
                while (r.next()) {
                    r.getLong(1);
                }
            }
        }
    }
}
