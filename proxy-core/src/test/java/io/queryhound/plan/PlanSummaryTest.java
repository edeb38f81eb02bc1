package io.queryhound.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queryhound.internal.plan.Explanation;
import io.queryhound.internal.plan.PlanSummary;
import io.queryhound.internal.plan.PostgresPlanJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text and JSON forms of a plan summary, and PostgreSQL plan shapes the live tests do not produce. */
class PlanSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonHasEveryFieldWithNullForWhatIsUnknown() throws Exception {
        PlanSummary plan = new PlanSummary("PostgreSQL", true, List.of(
                new PlanSummary.TableAccess(null, "orders", "o", PlanSummary.Access.FULL_SCAN, null, 20, 20, 20_000),
                new PlanSummary.TableAccess("public", "customer", null, PlanSummary.Access.INDEX_SCAN, "customer_pkey", 1, -1, -1)),
                List.of(new PlanSummary.Sort("external merge", PlanSummary.Spill.YES)), false, 310, 441.0, 2.0714);

        JsonNode json = JSON.readTree(plan.toJson());
        assertThat(json.get("database").asText()).isEqualTo("PostgreSQL");
        assertThat(json.get("analyzed").asBoolean()).isTrue();
        assertThat(json.get("totalCost").decimalValue()).isEqualByComparingTo("441.00");
        assertThat(json.get("executionMillis").decimalValue()).isEqualByComparingTo("2.071");
        assertThat(json.get("tempBlocksWritten").asLong()).isEqualTo(310);
        JsonNode orders = json.get("tables").get(0);
        assertThat(orders.get("access").asText()).isEqualTo("FULL_SCAN");
        assertThat(orders.get("alias").asText()).isEqualTo("o");
        assertThat(orders.get("index").isNull()).isTrue();
        assertThat(orders.get("tableRows").asLong()).isEqualTo(20_000);
        JsonNode customer = json.get("tables").get(1);
        assertThat(customer.get("actualRows").isNull()).isTrue();
        assertThat(customer.get("tableRows").isNull()).isTrue();
        assertThat(json.get("sorts").get(0).get("spill").asText()).isEqualTo("YES");
        assertThat(json.get("text").asText()).isEqualTo(plan.toText());
        assertThat(plan.toText()).isEqualTo("full scan of orders o (20000 rows; est. 20; actual 20),"
                + " index scan of public.customer using customer_pkey (est. 1), sort on disk (external merge),"
                + " 310 temporary blocks written, cost 441.00, 2.071 ms measured");
    }

    @Test
    void unknownCostAndTimeAreNull() throws Exception {
        PlanSummary plan = new PlanSummary("H2", false, List.of(), List.of(), false, -1, Double.NaN, Double.NaN);
        JsonNode json = JSON.readTree(plan.toJson());
        assertThat(json.get("totalCost").isNull()).isTrue();
        assertThat(json.get("executionMillis").isNull()).isTrue();
        assertThat(json.get("tempBlocksWritten").isNull()).isTrue();
        assertThat(plan.toText()).isEqualTo("no table read");
    }

    @Test
    void largestWholeTableReadsComeFirst() {
        PlanSummary plan = new PlanSummary("H2", false, List.of(
                new PlanSummary.TableAccess(null, "small", null, PlanSummary.Access.FULL_SCAN, null, -1, -1, 10),
                new PlanSummary.TableAccess(null, "lookup", null, PlanSummary.Access.LOOKUP, "pk", 1, -1, 9_000_000),
                new PlanSummary.TableAccess(null, "big", null, PlanSummary.Access.FULL_INDEX_SCAN, "idx", -1, -1, 50_000)),
                List.of(), false, -1, Double.NaN, Double.NaN);
        assertThat(plan.wholeTableReads()).extracting(PlanSummary.TableAccess::table).containsExactly("big", "small");
    }

    @Test
    void anExplanationIsAPlanOrAReason() {
        assertThat(Explanation.failed(" ").failure()).isEqualTo("unknown failure");
        assertThatThrownBy(() -> new Explanation(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void postgresBitmapIncrementalSortAndNeverExecutedNodes() {
        String json = """
                [{"Plan": {"Node Type": "Incremental Sort", "Total Cost": 99.5, "Plan Rows": 10,
                  "Actual Rows": 10, "Actual Loops": 1,
                  "Full-sort Groups": {"Group Count": 1, "Sort Methods Used": ["external merge"], "Sort Space Disk": {"Average Sort Space Used": 30}},
                  "Plans": [
                    {"Node Type": "Nested Loop", "Plan Rows": 10, "Actual Rows": 10, "Actual Loops": 1, "Plans": [
                      {"Node Type": "Bitmap Heap Scan", "Relation Name": "orders", "Alias": "o", "Plan Rows": 10,
                       "Actual Rows": 10, "Actual Loops": 1, "Plans": [
                        {"Node Type": "BitmapOr", "Plans": [
                          {"Node Type": "Bitmap Index Scan", "Index Name": "orders_a", "Index Cond": "(a = 1)"},
                          {"Node Type": "Bitmap Index Scan", "Index Name": "orders_b", "Index Cond": "(b = 2)"}]}]},
                      {"Node Type": "Index Scan", "Relation Name": "customer", "Alias": "customer", "Index Name": "customer_pkey",
                       "Index Cond": "(id = o.customer_id)", "Plan Rows": 1, "Actual Rows": 1, "Actual Loops": 10},
                      {"Node Type": "Seq Scan", "Relation Name": "audit", "Alias": "audit", "Plan Rows": 5,
                       "Actual Rows": 0, "Actual Loops": 0}]}]},
                 "Execution Time": 1.5}]
                """;
        Explanation explanation = PostgresPlanJson.read(json);
        assertThat(explanation.failure()).isNull();
        PlanSummary plan = explanation.plan();
        assertThat(plan.analyzed()).isTrue();
        assertThat(plan.tables()).extracting(PlanSummary.TableAccess::table, PlanSummary.TableAccess::alias,
                        PlanSummary.TableAccess::access, PlanSummary.TableAccess::index, PlanSummary.TableAccess::actualRows)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("orders", "o", PlanSummary.Access.INDEX_SCAN, "orders_a, orders_b", 10L),
                        org.assertj.core.groups.Tuple.tuple("customer", null, PlanSummary.Access.INDEX_SCAN, "customer_pkey", 10L),
                        org.assertj.core.groups.Tuple.tuple("audit", null, PlanSummary.Access.FULL_SCAN, null, 0L));
        assertThat(plan.sorts()).containsExactly(new PlanSummary.Sort("incremental", PlanSummary.Spill.YES));
        assertThat(plan.tempBlocksWritten()).isEqualTo(-1);
        assertThat(plan.executionMillis()).isEqualTo(1.5);

        assertThat(PostgresPlanJson.read("[{\"Plan\": {\"Plans\": []}}]").failure())
                .isEqualTo("PostgreSQL plan node without a \"Node Type\"");
        assertThat(PostgresPlanJson.read("{\"Plan\": {}}").failure()).contains("not an array holding an object");
    }
}
