package io.queryhound.plan;

import io.queryhound.SqlDialect;
import io.queryhound.internal.plan.Explanation;
import io.queryhound.internal.plan.IndexAdvice;
import io.queryhound.internal.plan.IndexAdvisor;
import io.queryhound.internal.plan.IndexCatalog;
import io.queryhound.internal.plan.MySqlPlanJson;
import io.queryhound.internal.plan.PlanSummary;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL and MariaDB plans, with no server here: recorded {@code EXPLAIN FORMAT=JSON} outputs (in
 * src/test/resources/plans, written after MySQL 8's and MariaDB's documented formats) are read, and
 * the advisor works from them with a catalogue given in the test.
 */
class MySqlPlansTest {

    @Test
    void fullScanWithFilesort() throws IOException {
        PlanSummary plan = read("mysql-full-scan-filesort.json");
        assertThat(plan.database()).isEqualTo("MySQL");
        assertThat(plan.analyzed()).isFalse();
        assertThat(plan.tables()).singleElement().satisfies(read -> {
            assertThat(read.table()).isEqualTo("orders");
            assertThat(read.access()).isEqualTo(PlanSummary.Access.FULL_SCAN);
            assertThat(read.index()).isNull();
            assertThat(read.estimatedRows()).isEqualTo(19_936);
            assertThat(read.tableRows()).isEqualTo(19_936);
            assertThat(read.actualRows()).isEqualTo(-1);
        });
        assertThat(plan.sorts()).containsExactly(new PlanSummary.Sort("filesort", PlanSummary.Spill.UNKNOWN));
        assertThat(plan.temporaryTable()).isFalse();
        assertThat(plan.totalCost()).isEqualTo(2042.25);
        assertThat(plan.toText()).isEqualTo("full scan of orders (19936 rows; est. 19936), sort (filesort), cost 2042.25");
    }

    @Test
    void joinWithTemporaryTableNamesTablesByAlias() throws IOException {
        PlanSummary plan = read("mysql-join-group-temporary.json");
        assertThat(plan.tables()).extracting(PlanSummary.TableAccess::table, PlanSummary.TableAccess::access,
                        PlanSummary.TableAccess::index)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("o", PlanSummary.Access.FULL_SCAN, null),
                        org.assertj.core.groups.Tuple.tuple("c", PlanSummary.Access.LOOKUP, "PRIMARY"));
        assertThat(plan.temporaryTable()).isTrue();
        assertThat(plan.sorts()).isEmpty(); // "using_filesort": false

        String sql = "select c.region, sum(o.total) from orders o join customer c on c.id = o.customer_id"
                + " where o.status = 'NEW' group by c.region";
        List<IndexAdvice> advice = new IndexAdvisor().advise(sql, SqlDialect.MYSQL, null, plan, IndexCatalog.NONE);
        assertThat(advice).singleElement().satisfies(a -> {
            assertThat(a.table()).isEqualTo("orders");
            assertThat(a.createIndex()).isEqualTo("CREATE INDEX qh_orders_status ON orders (status)");
        });
    }

    @Test
    void coveringRangeScanAndAFullIndexScanInASubquery() throws IOException {
        PlanSummary plan = read("mysql-covering-range-subquery.json");
        assertThat(plan.tables()).extracting(PlanSummary.TableAccess::table, PlanSummary.TableAccess::access)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders", PlanSummary.Access.INDEX_ONLY_SCAN),
                        org.assertj.core.groups.Tuple.tuple("customer", PlanSummary.Access.FULL_INDEX_SCAN));
        assertThat(plan.tables().get(0).index()).isEqualTo("orders_customer_total");
        assertThat(plan.wholeTableReads()).extracting(PlanSummary.TableAccess::table).containsExactly("customer");
        assertThat(plan.totalCost()).isEqualTo(45.61);
    }

    @Test
    void derivedTablesAreNotTablesButTheirContentsAre() throws IOException {
        PlanSummary plan = read("mysql-derived-const.json");
        assertThat(plan.tables()).extracting(PlanSummary.TableAccess::table).containsExactly("big", "orders");
        assertThat(plan.temporaryTable()).isTrue();

        // "big" is the derived table's alias in the statement; "orders" is read inside the subquery
        String sql = "select id from (select id, total from orders where total > 100) big where big.id > 5";
        List<IndexAdvice> advice = new IndexAdvisor().advise(sql, SqlDialect.MYSQL, null, plan, IndexCatalog.NONE);
        assertThat(advice).extracting(IndexAdvice::verdict)
                .containsOnly(IndexAdvice.Verdict.NOT_ADVISED);
    }

    @Test
    void mariaDbPlansShareTheShape() throws IOException {
        PlanSummary plan = read("mariadb-full-scan-filesort.json");
        assertThat(plan.tables()).singleElement().satisfies(read -> {
            assertThat(read.access()).isEqualTo(PlanSummary.Access.FULL_SCAN);
            assertThat(read.tableRows()).isEqualTo(20_000);
        });
        assertThat(plan.sorts()).singleElement().extracting(PlanSummary.Sort::method).isEqualTo("filesort");
        assertThat(plan.totalCost()).isEqualTo(3.5201);
    }

    @Test
    void adviceKeepsTheStatementsQuotingAndSkipsWhatAnIndexAlreadyLeadsWith() throws IOException {
        PlanSummary plan = read("mysql-full-scan-filesort.json");
        String sql = "SELECT id, customer_id, placed_at, total FROM `orders` WHERE `customer_id` = ? ORDER BY placed_at DESC";

        IndexAdvice advice = new IndexAdvisor().advise(sql, SqlDialect.MYSQL, new Object[] {42}, plan, IndexCatalog.NONE).get(0);
        assertThat(advice.createIndex())
                .isEqualTo("CREATE INDEX qh_orders_customer_id_placed_at ON `orders` (`customer_id`, placed_at)");
        assertThat(advice.include()).isEmpty();

        IndexCatalog catalog = new FixedCatalog(Map.of("orders", List.of(
                new IndexCatalog.ExistingIndex("orders_customer_placed_status", List.of("customer_id", "placed_at", "status")))));
        IndexAdvice existing = new IndexAdvisor().advise(sql, SqlDialect.MYSQL, new Object[] {42}, plan, catalog).get(0);
        assertThat(existing.verdict()).isEqualTo(IndexAdvice.Verdict.INDEX_EXISTS);
        assertThat(existing.reason()).contains("orders_customer_placed_status");

        // an index that leads with another column does not serve the condition
        IndexCatalog other = new FixedCatalog(Map.of("orders", List.of(
                new IndexCatalog.ExistingIndex("orders_placed_customer", List.of("placed_at", "customer_id")))));
        assertThat(new IndexAdvisor().advise(sql, SqlDialect.MYSQL, new Object[] {42}, plan, other).get(0).verdict())
                .isEqualTo(IndexAdvice.Verdict.CREATE_INDEX);
    }

    @Test
    void mySqlGetsNoExpressionIndexForAFunction() throws IOException {
        PlanSummary plan = read("mysql-full-scan-filesort.json");
        IndexAdvice advice = new IndexAdvisor().advise("select id from orders where upper(status) = ?",
                SqlDialect.MYSQL, new Object[] {"NEW"}, plan, IndexCatalog.NONE).get(0);
        assertThat(advice.verdict()).isEqualTo(IndexAdvice.Verdict.NO_INDEX_HELPS);
        assertThat(advice.reason()).contains("applied to status", "compare the bare column");
    }

    @Test
    void otherFormatsAndBrokenJsonAreReasonsNotExceptions() throws IOException {
        Explanation version2 = MySqlPlanJson.read(resource("mysql-format-version-2.json"));
        assertThat(version2.failure()).contains("no \"query_block\"");

        assertThat(MySqlPlanJson.read("{\"query_block\": {\"table\": {\"table_name\": \"t\",}}}").failure())
                .startsWith("plan is not valid JSON: expected a member name");
        assertThat(MySqlPlanJson.read("{\"query_block\": {}, \"query_block\": {}}").failure())
                .contains("duplicate member");
        assertThat(MySqlPlanJson.read("{\"query_block\": {}} trailing").failure())
                .contains("unexpected 't' after the value");
        assertThat(MySqlPlanJson.read("{\"query_block\": {\"cost\": 01}}").failure()).contains("leading zero in a number");
        assertThat(MySqlPlanJson.read("{\"query_block\": {\"note\": \"tab\there\"}}").failure())
                .contains("control character");
        assertThat(MySqlPlanJson.read(null).failure()).isEqualTo("no plan text");
        assertThat(MySqlPlanJson.read("[]").failure()).contains("no \"query_block\"");

        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(MySqlPlanJson.read(deep).failure()).contains("nested deeper than 256 levels");
        String huge = "{\"query_block\": {\"x\": \"" + "a".repeat(5 * 1024 * 1024) + "\"}}";
        assertThat(MySqlPlanJson.read(huge).failure()).contains("exceeds the 4194304-character limit");

        // escapes are decoded, and a valid plan with an unknown access type keeps the tables it knows
        PlanSummary plan = MySqlPlanJson.read("{\"query_block\": {\"nested_loop\": ["
                + "{\"table\": {\"table_name\": \"caf\\u00e9\", \"access_type\": \"ALL\", \"rows_examined_per_scan\": 1e4}},"
                + "{\"table\": {\"table_name\": \"x\", \"access_type\": \"new_kind\"}}]}}").plan();
        assertThat(plan.tables()).singleElement().satisfies(read -> {
            assertThat(read.table()).isEqualTo("café");
            assertThat(read.tableRows()).isEqualTo(10_000);
        });
    }

    private static PlanSummary read(String name) throws IOException {
        Explanation explanation = MySqlPlanJson.read(resource(name));
        assertThat(explanation.failure()).isNull();
        return explanation.plan();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MySqlPlansTest.class.getResourceAsStream("/plans/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A catalogue given by the test: indexes per table name, columns unknown. */
    private record FixedCatalog(Map<String, List<IndexCatalog.ExistingIndex>> indexes) implements IndexCatalog {
        @Override
        public List<ExistingIndex> indexes(String schema, String table) {
            return indexes.getOrDefault(table, List.of());
        }

        @Override
        public Set<String> columns(String schema, String table) {
            return null;
        }
    }
}
