package io.queryhound.plan;

import io.queryhound.SqlDialect;
import io.queryhound.internal.plan.IndexAdvice;
import io.queryhound.internal.plan.IndexAdvisor;
import io.queryhound.internal.plan.IndexCatalog;
import io.queryhound.internal.plan.PlanSummary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advisor's reading of statements, against plans given as values (a full scan of a 50,000-row
 * table): the shapes of SQL it must get right, and those where it must give no advice rather than
 * wrong advice. The end-to-end cases against real databases are in {@link H2PlansTest} and
 * {@link PostgresPlansTest}.
 */
class IndexAdvisorTest {

    private static final IndexAdvisor ADVISOR = new IndexAdvisor();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            select * from orders where customer_id = ?                                   | orders (customer_id)
            select * from orders o where o.customer_id = ? and o.status = ?              | orders (customer_id, status)
            select * from orders where orders.status = ? and total > ?                   | orders (status, total)
            select * from public.orders where status = ?                                 | public.orders (status)
            select * from orders where total between ? and ? and status in (?, ?)        | orders (status, total)
            select * from orders where deleted_at is null and customer_id = ?            | orders (deleted_at, customer_id)
            select * from orders where ? = customer_id                                   | orders (customer_id)
            select * from orders where placed_at < now() - interval '1 day'              | orders (placed_at)
            select * from orders where status = ? order by placed_at desc, id desc       | orders (status, placed_at, id)
            select * from orders where status = ? order by placed_at, id desc            | orders (status, placed_at, id DESC)
            select * from orders order by placed_at desc limit 20                        | orders (placed_at)
            select * from orders where total > ? and total < ? and placed_at > ?         | orders (total)
            select * from orders where status <> ? and customer_id = ?                   | orders (customer_id)
            update orders set total = ? where customer_id = ?                            | orders (customer_id)
            delete from orders where placed_at < ?                                       | orders (placed_at)
            select * from "Orders" where "CustomerId" = ?                                | "Orders" ("CustomerId")
            select o.id from orders as o left join customer as c on c.id = o.customer_id and c.region = ? where o.status = ? | orders (status)
            select * from orders where customer_id = ? and id in (select order_id from order_line where sku = ?) | orders (customer_id)
            """)
    void proposesTheIndexForTheConditionsOnTheScannedTable(String sql, String expectedIndexOn) {
        String table = expectedIndexOn.substring(0, expectedIndexOn.indexOf(' '));
        IndexAdvice advice = adviceFor(sql, table.replace("public.", "").replace("\"", ""), IndexCatalog.NONE);
        assertThat(advice.verdict()).as(advice.reason()).isEqualTo(IndexAdvice.Verdict.CREATE_INDEX);
        assertThat(advice.createIndex()).endsWith(" ON " + expectedIndexOn);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            select * from orders where email like '%@example.org'          | NO_INDEX_HELPS | starts with a wildcard
            select * from orders where email ilike ?                       | NO_INDEX_HELPS | case-insensitively
            select * from orders where lower(email) = ?                    | NO_INDEX_HELPS | applied to email
            select * from orders where total + 1 > ?                       | NO_INDEX_HELPS | applied to total
            select * from orders where customer_id = ? or status = ?       | NO_INDEX_HELPS | OR across different columns (customer_id, status)
            select * from orders where status <> ?                         | NO_INDEX_HELPS | negation on status
            select * from orders where not (status = ?)                    | NO_INDEX_HELPS | negation on status
            select * from orders                                           | NO_INDEX_HELPS | no usable condition on orders
            select * from orders order by placed_at                        | NO_INDEX_HELPS | no usable condition on orders
            select o.id from orders o join customer c on c.id = o.customer_id where c.region = ? | NO_INDEX_HELPS | other than the join on customer_id
            select * from orders where id in (select order_id from orders where total > ?) | NOT_ADVISED | inside a subquery
            select * from orders where status = ? union select * from orders where total > ? | NOT_ADVISED | a UNION
            with recent as (select * from orders where status = ?) select * from recent | NOT_ADVISED | a WITH clause
            select * from orders a join orders b on a.id = b.parent_id where b.status = ? | NOT_ADVISED | more than once
            select * from order_view where status = ?                      | NOT_ADVISED | does not name the table
            select * from (orders o join customer c on c.id = o.customer_id) where o.status = ? | NOT_ADVISED | parenthesised
            insert into archive select * from orders where status = ?      | NOT_ADVISED | an INSERT statement
            """)
    void saysWhyNoIndexHelpsOrThatItGivesNoAdvice(String sql, IndexAdvice.Verdict verdict, String reason) {
        IndexAdvice advice = adviceFor(sql, "orders", IndexCatalog.NONE);
        assertThat(advice.verdict()).as(advice.reason()).isEqualTo(verdict);
        assertThat(advice.createIndex()).isNull();
        assertThat(advice.reason()).contains(reason);
    }

    @Test
    void unqualifiedColumnsOfAJoinAreAttributedThroughTheCatalogue() {
        String sql = "select name, total from orders o join customer c on c.id = o.customer_id where status = ? and region = ?";
        IndexCatalog catalog = new Columns(Map.of(
                "orders", Set.of("id", "customer_id", "status", "total"),
                "customer", Set.of("id", "name", "region")));
        assertThat(adviceFor(sql, "orders", catalog).createIndex()).endsWith(" ON orders (status)");

        // without the catalogue, "status" could belong to either table: no guess
        assertThat(adviceFor(sql, "orders", IndexCatalog.NONE).verdict()).isEqualTo(IndexAdvice.Verdict.NO_INDEX_HELPS);
    }

    @Test
    void includeOnPostgresOnlyWhenEveryUsedColumnIsKnownAndFew() {
        assertThat(postgres("select id, total from orders where customer_id = ?").createIndex())
                .isEqualTo("CREATE INDEX CONCURRENTLY qh_orders_customer_id ON orders (customer_id) INCLUDE (id, total)");
        assertThat(postgres("select count(*) from orders where customer_id = ?").include()).isEmpty();
        assertThat(postgres("select id, total, status, email from orders where customer_id = ?").include()).isEmpty();
        assertThat(postgres("select id, total + 1 from orders where customer_id = ?").include()).isEmpty();
        assertThat(postgres("select * from orders where customer_id = ?").include()).isEmpty();
        assertThat(postgres("select max(total) from orders where customer_id = ? group by status").include())
                .containsExactly("total", "status");
        assertThat(postgres("update orders set total = ? where customer_id = ?").include()).isEmpty();
        assertThat(postgres("select id from orders where lower(email) = ? and status = ?").createIndex())
                .isEqualTo("CREATE INDEX CONCURRENTLY qh_orders_status_lower_email ON orders (status, (lower(email)))");
    }

    @Test
    void namesAreDeterministicSafeAndShortEnough() {
        String wide = "select * from customer_order_history_archive where first_customer_reference_number = ?"
                + " and second_customer_reference_number = ? and third_customer_reference_number = ?";
        String name = nameIn(adviceFor(wide, "customer_order_history_archive", IndexCatalog.NONE).createIndex());
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("qh_[a-z0-9_]+_[0-9a-f]{8}");
        assertThat(nameIn(adviceFor(wide, "customer_order_history_archive", IndexCatalog.NONE).createIndex())).isEqualTo(name);

        assertThat(nameIn(adviceFor("select * from \"Orders\" where \"Customer Id\" = ?", "Orders", IndexCatalog.NONE)
                .createIndex())).isEqualTo("qh_orders_customer_id");
    }

    @Test
    void onlyLargeTablesReadInFullAreConsidered() {
        PlanSummary indexed = new PlanSummary("H2", false, List.of(new PlanSummary.TableAccess(null, "orders", null,
                PlanSummary.Access.INDEX_SCAN, "orders_status", -1, -1, 50_000)), List.of(), false, -1, Double.NaN, Double.NaN);
        assertThat(ADVISOR.advise("select * from orders where status = ?", SqlDialect.H2, null, indexed, IndexCatalog.NONE))
                .isEmpty();
        assertThat(ADVISOR.advise("select * from orders where status = ?", SqlDialect.H2, null, fullScan("orders", 10_000),
                IndexCatalog.NONE)).isEmpty();
        assertThat(ADVISOR.advise("select * from orders where status = ?", SqlDialect.H2, null, fullScan("orders", 10_001),
                IndexCatalog.NONE)).hasSize(1);
        // the size unknown, the rows actually read decide
        PlanSummary measured = new PlanSummary("H2", true, List.of(new PlanSummary.TableAccess(null, "orders", null,
                PlanSummary.Access.FULL_SCAN, null, -1, 12_000, -1)), List.of(), false, -1, Double.NaN, Double.NaN);
        assertThat(ADVISOR.advise("select * from orders where status = ?", SqlDialect.H2, null, measured, IndexCatalog.NONE))
                .hasSize(1);
    }

    @Test
    void likePatternsAreFoundPastCommentsQuotesAndOtherPlaceholders() {
        String sql = "select * from orders /* like '%x' */ where note = 'it''s like ?' and status = ? and email like ?";
        assertThat(ADVISOR.advise(sql, SqlDialect.H2, new Object[] {"NEW", "anna%"}, fullScan("orders", 50_000),
                IndexCatalog.NONE).get(0).createIndex()).endsWith(" ON orders (note, status, email)");
        assertThat(ADVISOR.advise(sql, SqlDialect.H2, new Object[] {"NEW", "%anna"}, fullScan("orders", 50_000),
                IndexCatalog.NONE).get(0).createIndex()).endsWith(" ON orders (note, status)");
        assertThat(ADVISOR.advise("select * from orders where email like $1", SqlDialect.POSTGRESQL, new Object[] {"%a"},
                fullScan("orders", 50_000), IndexCatalog.NONE).get(0).verdict()).isEqualTo(IndexAdvice.Verdict.NO_INDEX_HELPS);
        assertThat(ADVISOR.advise("select * from orders where email like ?", SqlDialect.H2, null,
                fullScan("orders", 50_000), IndexCatalog.NONE).get(0).reason()).contains("is unknown");
    }

    // ---------------------------------------------------------------- helpers

    private static IndexAdvice adviceFor(String sql, String table, IndexCatalog catalog) {
        List<IndexAdvice> advice = ADVISOR.advise(sql, SqlDialect.GENERIC, null, fullScan(table, 50_000), catalog);
        assertThat(advice).as(sql).hasSize(1);
        return advice.get(0);
    }

    private static IndexAdvice postgres(String sql) {
        return ADVISOR.advise(sql, SqlDialect.POSTGRESQL, null, fullScan("orders", 50_000), IndexCatalog.NONE).get(0);
    }

    private static PlanSummary fullScan(String table, long rows) {
        return new PlanSummary("H2", false, List.of(new PlanSummary.TableAccess(null, table, null,
                PlanSummary.Access.FULL_SCAN, null, -1, -1, rows)), List.of(), false, -1, Double.NaN, Double.NaN);
    }

    private static String nameIn(String createIndex) {
        return createIndex.split(" ")[2];
    }

    /** A catalogue that knows columns only. */
    private record Columns(Map<String, Set<String>> columns) implements IndexCatalog {
        @Override
        public List<ExistingIndex> indexes(String schema, String table) {
            return List.of();
        }

        @Override
        public Set<String> columns(String schema, String table) {
            return columns.get(table);
        }
    }
}
