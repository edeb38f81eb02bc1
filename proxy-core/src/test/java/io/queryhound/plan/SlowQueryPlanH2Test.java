package io.queryhound.plan;

import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.QueryPlan;
import io.queryhound.internal.export.InMemoryExporter;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.H2;
import io.queryhound.testing.StatementSpy;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8 end to end against a real in-memory H2: a slow query on an unindexed column of a 20,000-row table
 * gives a {@code SLOW_QUERY} finding with its plan and a {@code CREATE INDEX}; once that index exists, the
 * same query's plan uses it and nothing is suggested. Queries are made "slow" by the engine's ticker, which
 * moves 200 ms on every reading, so no test sleeps.
 */
class SlowQueryPlanH2Test {

    /** Every reading of the clock is 200 ms after the last: each execution takes 200 ms >= slowQueryMillis. */
    static LongSupplier slowTicker() {
        AtomicLong now = new AtomicLong();
        return () -> now.addAndGet(200_000_000L);
    }

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private JdbcDataSource database;
    private final StatementSpy spy = new StatementSpy();
    private final List<QueryHoundEngine> engines = new ArrayList<>();

    @BeforeEach
    void createOrders() throws SQLException {
        database = H2.newDataSource();
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table orders (id bigint primary key, customer_id int, status varchar(20), total int)");
            s.execute("insert into orders select x, mod(x, 1000), case mod(x, 2) when 0 then 'NEW' else 'PAID' end,"
                    + " mod(x, 500) from system_range(1, 20000)");
        }
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(QueryHoundEngine::close);
    }

    private QueryHoundEngine engine(InMemoryExporter exporter, String... settings) {
        QueryHound.Builder builder = QueryHound.builder().exporter(exporter).ticker(slowTicker()).shutdownHook(false)
                .set("slowQueryMillis", "100");
        for (int i = 0; i < settings.length; i += 2) {
            builder.set(settings[i], settings[i + 1]);
        }
        QueryHoundEngine engine = builder.build();
        engines.add(engine);
        return engine;
    }

    /** Runs {@code sql} with {@code value} bound on the calling thread; returns the rows read. */
    static int query(DataSource dataSource, String sql, Object value) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return query(c, sql, value);
        }
    }

    /** Runs {@code sql} on {@code c} with {@code value} bound; returns the rows read. */
    static int query(Connection c, String sql, Object value) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, value);
            int rows = 0;
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows++;
                }
            }
            return rows;
        }
    }

    private static Finding slowQuery(InMemoryExporter exporter) {
        return slowQuery(exporter, "");
    }

    /** The one SLOW_QUERY finding whose SQL starts with {@code sqlStart}. */
    static Finding slowQuery(InMemoryExporter exporter, String sqlStart) {
        List<Finding> slow = exporter.findings().stream()
                .filter(f -> f.type() == FindingType.SLOW_QUERY && f.sql().startsWith(sqlStart)).toList();
        assertThat(slow).as("SLOW_QUERY findings of %s", exporter.findings()).hasSize(1);
        return slow.get(0);
    }

    @Test
    void slowQueryOnUnindexedColumnGetsFullScanPlanAndIndexThatIsThenUsed() throws SQLException {
        String sql = "select id, total from orders where customer_id = ?";
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource app = engine.wrap(spy.over(database), "orders");

        assertThat(query(app, sql, 4242 % 1000)).isEqualTo(20);
        engine.reportFindings();
        engine.close();

        Finding finding = slowQuery(exporter);
        QueryPlan plan = finding.plan();
        assertThat(plan.isExplained()).as("plan note: %s", plan.note()).isTrue();
        assertThat(plan.summary()).startsWith("full scan of PUBLIC.ORDERS (20000 rows");
        assertThat(plan.fullScans()).containsExactly(new QueryPlan.FullScan("PUBLIC.ORDERS", 20_000));
        assertThat(plan.createIndexStatements()).containsExactly("CREATE INDEX qh_orders_customer_id ON orders (customer_id)");
        String json = finding.toJson();
        assertThat(json).contains("\"plan\":{\"database\":\"H2\"", "\"access\":\"FULL_SCAN\"", "\"tableRows\":20000",
                "\"indexAdvice\":[{\"table\":\"orders\",\"verdict\":\"CREATE_INDEX\","
                        + "\"createIndex\":\"CREATE INDEX qh_orders_customer_id ON orders (customer_id)\"")
                .doesNotContain("planNote");
        assertThat(finding.toText()).contains("joins on. Plan: full scan of PUBLIC.ORDERS", "CREATE INDEX qh_orders_customer_id");
        // One EXPLAIN, on QueryHound's own thread, and nothing of it reported as the application's.
        assertThat(spy.explains()).singleElement().satisfies(e -> {
            assertThat(e.thread()).isEqualTo("queryhound-explain");
            assertThat(e.sql()).isEqualTo("EXPLAIN " + sql);
        });
        assertThat(exporter.statistics()).noneMatch(s -> s.sql().toUpperCase().contains("EXPLAIN")
                || s.sql().toUpperCase().contains("INFORMATION_SCHEMA"));

        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute(plan.createIndexStatements().get(0));
        }
        // A new engine: within explainIntervalSeconds one engine reuses the statement's last plan.
        InMemoryExporter after = new InMemoryExporter();
        QueryHoundEngine next = engine(after);
        DataSource again = next.wrap(spy.over(database), "orders");
        assertThat(query(again, sql, 42)).isEqualTo(20);
        next.close();

        QueryPlan indexed = slowQuery(after).plan();
        assertThat(indexed.summary()).startsWith("index scan of PUBLIC.ORDERS using QH_ORDERS_CUSTOMER_ID");
        assertThat(indexed.fullScans()).isEmpty();
        assertThat(indexed.indexAdvice()).isEmpty();
        assertThat(slowQuery(after).toJson()).doesNotContain("indexAdvice").contains("\"access\":\"INDEX_SCAN\"");
    }

    @Test
    void explainAnalyzeMeasuresTheSelectInARolledBackTransaction() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter, "explainAnalyze", "true");
        DataSource app = engine.wrap(spy.over(database), "orders");
        query(app, "select id from orders where total = ?", 7);
        engine.close();

        QueryPlan plan = slowQuery(exporter).plan();
        assertThat(plan.json()).contains("\"analyzed\":true", "\"actualRows\":20001"); // H2 counts the read that finds the end
        assertThat(spy.explains()).singleElement().extracting(StatementSpy.Prepared::sql)
                .isEqualTo("EXPLAIN ANALYZE select id from orders where total = ?");
    }

    @Test
    void explainFalseRunsNoExplainAndAddsNoPlanFields() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter, "explain", "false");
        DataSource app = engine.wrap(spy.over(database), "orders");
        query(app, "select id from orders where customer_id = ?", 7);
        engine.close();

        Finding finding = slowQuery(exporter);
        assertThat(finding.plan()).isNull();
        assertThat(finding.toJson()).doesNotContain("\"plan\"", "indexAdvice", "planNote");
        assertThat(spy.explains()).isEmpty();
        assertThat(engine.explainCount()).isZero();
    }

    @Test
    void failingExplainGivesTheFindingWithoutPlanAndOneNoteNeverAnApplicationError() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource app = engine.wrap(spy.over(database), "orders");
        // A session's temporary tables are seen by that session alone: the EXPLAIN, on a connection of its
        // own, cannot find them. The application's queries work and return their rows.
        int first;
        int second;
        try (Connection c = app.getConnection(); Statement s = c.createStatement()) {
            s.execute("create local temporary table picked (id int, note varchar(20))");
            s.execute("insert into picked select x, 'n' || x from system_range(1, 30)");
            first = query(c, "select id from picked where id > ?", 10);
            second = query(c, "select note from picked where id < ?", 5);
        }
        assertThat(first).isEqualTo(20);
        assertThat(second).isEqualTo(4);
        engine.close();

        List<Finding> slow = exporter.findings().stream()
                .filter(f -> f.type() == FindingType.SLOW_QUERY && f.sql().startsWith("select")).toList();
        assertThat(slow).hasSize(2).allSatisfy(f -> {
            assertThat(f.plan().isExplained()).isFalse();
            assertThat(f.plan().note()).startsWith("the database refused the explain (SQLSTATE 42S02)")
                    .contains("PICKED");
            assertThat(f.toJson()).contains("\"planNote\":\"the database refused the explain (SQLSTATE 42S02)")
                    .doesNotContain("\"plan\":");
        });
        // The two failures are of one kind: one line on stderr, not one per statement.
        assertThat(diagnostics.lines()).filteredOn(line -> line.contains("EXPLAIN of a slow statement failed"))
                .singleElement().asString().contains("SQLSTATE 42S02", "explain=false");
        // The INSERT was slow too (every execution is here) and is explained, not run: it fails the same way.
        assertThat(spy.explains()).hasSize(3).allMatch(e -> e.thread().equals("queryhound-explain"));
    }

    @Test
    void onDemandExplainReturnsThePlanOnTheCallersThreadWithoutReportingIt() {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource app = engine.wrap(spy.over(database), "orders");

        QueryPlan plan = engine.explain(app, "select id from orders where status = ? order by total", "NEW");
        assertThat(plan.isExplained()).isTrue();
        assertThat(plan.fullScans()).extracting(QueryPlan.FullScan::table).containsExactly("PUBLIC.ORDERS");
        assertThat(plan.createIndexStatements()).containsExactly("CREATE INDEX qh_orders_status_total ON orders (status, total)");
        assertThat(spy.explains()).singleElement().extracting(StatementSpy.Prepared::thread)
                .isEqualTo(Thread.currentThread().getName());

        QueryPlan ddl = engine.explain(app, "create table x (id int)");
        assertThat(ddl.isExplained()).isFalse();
        assertThat(ddl.note()).isEqualTo("not explained: DDL statements are not explained");
        engine.close();
        assertThat(exporter.statistics()).isEmpty(); // an EXPLAIN is not an application query
    }
}
