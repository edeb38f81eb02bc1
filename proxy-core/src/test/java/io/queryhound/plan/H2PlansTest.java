package io.queryhound.plan;

import io.queryhound.SqlDialect;
import io.queryhound.internal.plan.Explainer;
import io.queryhound.internal.plan.Explanation;
import io.queryhound.internal.plan.IndexAdvice;
import io.queryhound.internal.plan.IndexAdvisor;
import io.queryhound.internal.plan.IndexCatalog;
import io.queryhound.internal.plan.PlanSummary;
import io.queryhound.testing.H2;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans and index advice against a real in-memory H2 (the version of the parent pom), with a table of
 * 20,000 orders and one of 1,000 customers, created once; each test drops the indexes it created.
 */
class H2PlansTest {

    private static final Explainer EXPLAIN = Explainer.forDialect(SqlDialect.H2, false, 5);
    private static final Explainer EXPLAIN_ANALYZE = Explainer.forDialect(SqlDialect.H2, true, 5);
    private static final IndexAdvisor ADVISOR = new IndexAdvisor();

    private static Connection connection;

    @BeforeAll
    static void createTables() throws SQLException {
        JdbcDataSource dataSource = H2.newDataSource();
        connection = dataSource.getConnection();
        execute("create table orders (id bigint primary key, customer_id int, status varchar(20),"
                + " placed_at timestamp, total int, email varchar(100))");
        execute("insert into orders select x, mod(x, 1000), case mod(x, 3) when 0 then 'NEW' when 1 then 'PAID'"
                + " else 'SHIPPED' end, timestamp '2024-01-01 00:00:00' + x * interval '1' minute, mod(x, 500),"
                + " 'user' || x || '@example.org' from system_range(1, 20000)");
        execute("create table customer (id int primary key, name varchar(50), region varchar(10))");
        execute("insert into customer select x, 'c' || x, 'R' || mod(x, 7) from system_range(1, 1000)");
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    /** Every test starts from the two tables and their primary keys alone. */
    @AfterEach
    void dropWhatTheTestCreated() throws SQLException {
        execute("drop view if exists big_orders");
        List<String> indexes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select index_name from information_schema.indexes"
                     + " where index_name like 'QH\\_%'")) {
            while (rows.next()) {
                indexes.add(rows.getString(1));
            }
        }
        for (String index : indexes) {
            execute("drop index " + index);
        }
        connection.setAutoCommit(true);
    }

    @Test
    void unindexedColumnIsReadInFullUntilTheSuggestedIndexExists() throws SQLException {
        String sql = "select id, total from orders where customer_id = ?";
        Object[] values = {42};

        PlanSummary before = plan(EXPLAIN, sql, values);
        assertThat(before.tables()).singleElement().satisfies(read -> {
            assertThat(read.table()).isEqualTo("ORDERS");
            assertThat(read.schema()).isEqualTo("PUBLIC");
            assertThat(read.access()).isEqualTo(PlanSummary.Access.FULL_SCAN);
            assertThat(read.tableRows()).isEqualTo(20_000);
        });
        List<IndexAdvice> advice = advise(sql, values, before);
        assertThat(advice).singleElement().satisfies(a -> {
            assertThat(a.verdict()).isEqualTo(IndexAdvice.Verdict.CREATE_INDEX);
            assertThat(a.createIndex()).isEqualTo("CREATE INDEX qh_orders_customer_id ON orders (customer_id)");
            assertThat(a.include()).isEmpty(); // INCLUDE is PostgreSQL's
        });

        execute(advice.get(0).createIndex());

        PlanSummary after = plan(EXPLAIN, sql, values);
        assertThat(after.tables()).singleElement().satisfies(read -> {
            assertThat(read.access()).isEqualTo(PlanSummary.Access.INDEX_SCAN);
            assertThat(read.index()).isEqualTo("QH_ORDERS_CUSTOMER_ID");
        });
        assertThat(advise(sql, values, after)).isEmpty();
    }

    @Test
    void compositeIndexTakesEqualityThenRangeThenOrderByAndIsUsed() throws SQLException {
        String sql = "select id, total from orders where placed_at > ? and customer_id = ? order by total";
        Object[] values = {java.sql.Timestamp.valueOf("2024-01-10 00:00:00"), 7};

        PlanSummary before = plan(EXPLAIN, sql, values);
        assertThat(before.wholeTableReads()).hasSize(1);
        assertThat(before.sorts()).singleElement()
                .satisfies(sort -> assertThat(sort.spill()).isEqualTo(PlanSummary.Spill.UNKNOWN));
        IndexAdvice advice = advise(sql, values, before).get(0);
        assertThat(advice.createIndex())
                .isEqualTo("CREATE INDEX qh_orders_customer_id_placed_at_total ON orders (customer_id, placed_at, total)");
        assertThat(advice.reason()).contains("by customer_id", "range of placed_at");

        execute(advice.createIndex());

        PlanSummary after = plan(EXPLAIN, sql, values);
        assertThat(after.tables()).singleElement().satisfies(read -> {
            assertThat(read.access()).isEqualTo(PlanSummary.Access.INDEX_SCAN);
            assertThat(read.index()).isEqualTo("QH_ORDERS_CUSTOMER_ID_PLACED_AT_TOTAL");
        });
        assertThat(advise(sql, values, after)).isEmpty();
    }

    @Test
    void prefixLikeIsARangeButALeadingWildcardIsNot() throws SQLException {
        String sql = "select id from orders where email like ?";

        Object[] prefix = {"user12%"};
        IndexAdvice usable = advise(sql, prefix, plan(EXPLAIN, sql, prefix)).get(0);
        assertThat(usable.createIndex()).isEqualTo("CREATE INDEX qh_orders_email ON orders (email)");

        Object[] suffix = {"%@example.org"};
        IndexAdvice useless = advise(sql, suffix, plan(EXPLAIN, sql, suffix)).get(0);
        assertThat(useless.verdict()).isEqualTo(IndexAdvice.Verdict.NO_INDEX_HELPS);
        assertThat(useless.reason()).contains("email LIKE", "starts with a wildcard").doesNotContain("example.org");

        String literal = "select id from orders where email like '%secret-suffix'";
        IndexAdvice literalAdvice = advise(literal, null, plan(EXPLAIN, literal, null)).get(0);
        assertThat(literalAdvice.verdict()).isEqualTo(IndexAdvice.Verdict.NO_INDEX_HELPS);
        assertThat(literalAdvice.reason()).doesNotContain("secret-suffix");
    }

    @Test
    void noIndexHelpsAFunctionOnTheColumnAnOrAcrossColumnsOrNoCondition() throws SQLException {
        String function = "select id from orders where lower(email) = ?";
        IndexAdvice onFunction = advise(function, new Object[] {"x"}, plan(EXPLAIN, function, new Object[] {"x"})).get(0);
        assertThat(onFunction.verdict()).isEqualTo(IndexAdvice.Verdict.NO_INDEX_HELPS);
        assertThat(onFunction.reason()).contains("function or expression is applied to email");

        String or = "select id from orders where customer_id = ? or total = ?";
        IndexAdvice onOr = advise(or, new Object[] {1, 2}, plan(EXPLAIN, or, new Object[] {1, 2})).get(0);
        assertThat(onOr.verdict()).isEqualTo(IndexAdvice.Verdict.NO_INDEX_HELPS);
        assertThat(onOr.reason()).contains("OR across different columns (customer_id, total)");

        String none = "select sum(total) from orders";
        IndexAdvice noCondition = advise(none, null, plan(EXPLAIN, none, null)).get(0);
        assertThat(noCondition.verdict()).isEqualTo(IndexAdvice.Verdict.NO_INDEX_HELPS);
        assertThat(noCondition.reason()).contains("no usable condition on orders");
    }

    @Test
    void anOrOfEqualitiesOnOneColumnIsAnInList() throws SQLException {
        String sql = "select id from orders where (customer_id = ? or customer_id = ?) and status = ?";
        Object[] values = {1, 2, "NEW"};
        IndexAdvice advice = advise(sql, values, plan(EXPLAIN, sql, values)).get(0);
        assertThat(advice.createIndex()).isEqualTo("CREATE INDEX qh_orders_customer_id_status ON orders (customer_id, status)");
    }

    @Test
    void joinedTablesGetAdviceFromTheirOwnConditionsOnly() throws SQLException {
        String sql = "select o.id, c.name from orders o join customer c on c.id = o.customer_id"
                + " where c.region = ? and o.status = ? and o.total between ? and ?";
        Object[] values = {"R1", "NEW", 10, 20};
        PlanSummary plan = plan(EXPLAIN, sql, values);
        assertThat(plan.tables()).extracting(PlanSummary.TableAccess::table).containsExactlyInAnyOrder("ORDERS", "CUSTOMER");

        // customer (1,000 rows) is below the threshold: advice for orders only, from o.* conditions
        assertThat(advise(sql, values, plan)).singleElement().satisfies(a -> assertThat(a.createIndex())
                .isEqualTo("CREATE INDEX qh_orders_status_total ON orders (status, total)"));
    }

    @Test
    void analyzeMeasuresRowsReadAndLeavesTheConnectionAsItWas() throws SQLException {
        PlanSummary plan = plan(EXPLAIN_ANALYZE, "select id from orders where total = ?", new Object[] {3});
        assertThat(plan.analyzed()).isTrue();
        assertThat(plan.tables()).singleElement().satisfies(read ->
                assertThat(read.actualRows()).isBetween(20_000L, 20_001L)); // H2's scanCount counts the final step
        assertThat(connection.getAutoCommit()).isTrue();
    }

    @Test
    void writesAreExplainedNeverRun() throws SQLException {
        long totalBefore = sumOfTotals();
        String sql = "update orders set total = ? where customer_id = ?";
        Object[] values = {999_999, 5};

        PlanSummary plan = plan(EXPLAIN_ANALYZE, sql, values); // analyze is asked for, but never for a write
        assertThat(plan.analyzed()).isFalse();
        assertThat(plan.tables()).singleElement()
                .satisfies(read -> assertThat(read.access().readsWholeTable()).isTrue());
        assertThat(sumOfTotals()).isEqualTo(totalBefore);
        assertThat(advise(sql, values, plan)).singleElement().satisfies(a -> assertThat(a.createIndex())
                .isEqualTo("CREATE INDEX qh_orders_customer_id ON orders (customer_id)"));
    }

    @Test
    void smallTablesGetNoAdvice() throws SQLException {
        String sql = "select name from customer where region = ?";
        PlanSummary plan = plan(EXPLAIN, sql, new Object[] {"R1"});
        assertThat(plan.wholeTableReads()).singleElement()
                .satisfies(read -> assertThat(read.tableRows()).isEqualTo(1_000));
        assertThat(advise(sql, new Object[] {"R1"}, plan)).isEmpty();
        assertThat(new IndexAdvisor(500).advise(sql, SqlDialect.H2, new Object[] {"R1"}, plan, IndexCatalog.of(connection)))
                .singleElement().satisfies(a -> assertThat(a.createIndex())
                        .isEqualTo("CREATE INDEX qh_customer_region ON customer (region)"));
    }

    @Test
    void viewsAndDerivedTablesAreReadThroughTheirOwnPlans() throws SQLException {
        execute("create view big_orders as select id, customer_id, total from orders where total > 100");
        PlanSummary plan = plan(EXPLAIN, "select id from big_orders where customer_id = ?", new Object[] {1});
        assertThat(plan.tables()).singleElement().satisfies(read -> {
            assertThat(read.table()).isEqualTo("ORDERS");
            assertThat(read.access()).isEqualTo(PlanSummary.Access.FULL_SCAN);
        });
        // the statement names the view, not the table: no guess
        assertThat(advise("select id from big_orders where customer_id = ?", null, plan)).singleElement()
                .satisfies(a -> assertThat(a.verdict()).isEqualTo(IndexAdvice.Verdict.NOT_ADVISED));

        PlanSummary derived = plan(EXPLAIN, "select * from (select id, total from orders where status = ?) x where x.total > ?",
                new Object[] {"NEW", 5});
        assertThat(derived.tables()).extracting(PlanSummary.TableAccess::table).containsExactly("ORDERS");
    }

    @Test
    void whatTheExplainPathCannotHandleIsAReasonNotAnException() throws SQLException {
        Explanation syntax = EXPLAIN.explain(connection, "selec id from orders", null);
        assertThat(syntax.isPlanned()).isFalse();

        Explanation typo = EXPLAIN.explain(connection, "select id from ordres where id = ?", new Object[] {1});
        assertThat(typo.failure()).contains("SQLSTATE 42S02").contains("ORDRES");

        assertThat(EXPLAIN.explain(connection, "create index x on orders (total)", null).failure())
                .isEqualTo("not explained: DDL statements are not explained");
        assertThat(EXPLAIN.explain(connection, "select 1 from orders; drop table orders", null).failure())
                .isEqualTo("not explained: the text holds more than one statement");
        assertThat(count("select count(*) from orders")).isEqualTo(20_000);
    }

    @Test
    void aTimeoutIsAReasonAndTheConnectionStaysUsable() throws SQLException {
        Explainer impatient = Explainer.forDialect(SqlDialect.H2, true, 1);
        long start = System.nanoTime();
        // 400 million combinations: far more than one second of work, cancelled by the statement timeout
        Explanation explanation = impatient.explain(connection,
                "select count(*) from orders a, orders b where a.total + b.total = ?", new Object[] {-1});
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(explanation.failure()).startsWith("explain timed out or was cancelled");
        assertThat(millis).isLessThan(10_000);
        assertThat(connection.getAutoCommit()).isTrue();
        assertThat(count("select count(*) from customer")).isEqualTo(1_000);
    }

    // ---------------------------------------------------------------- helpers

    private PlanSummary plan(Explainer explainer, String sql, Object[] values) {
        Explanation explanation = explainer.explain(connection, sql, values);
        assertThat(explanation.failure()).as("explain of %s", sql).isNull();
        return explanation.plan();
    }

    private List<IndexAdvice> advise(String sql, Object[] values, PlanSummary plan) {
        return ADVISOR.advise(sql, SqlDialect.H2, values, plan, IndexCatalog.of(connection));
    }

    private static void execute(String sql) throws SQLException {
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

    private long sumOfTotals() throws SQLException {
        return count("select sum(total) from orders");
    }
}
