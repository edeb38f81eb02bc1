package io.queryhound.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads MySQL 8's {@code EXPLAIN FORMAT=JSON} output (format version 1) and MariaDB's, which shares its
 * shape: a {@code "query_block"} whose operations ({@code "ordering_operation"},
 * {@code "grouping_operation"}, {@code "nested_loop"}, {@code "duplicates_removal"}, subqueries and
 * unions) nest {@code "table"} objects with {@code "table_name"}, {@code "access_type"} ({@code ALL},
 * {@code index}, {@code range}, {@code ref}, {@code eq_ref}, {@code const} ...), {@code "key"},
 * {@code "rows_examined_per_scan"} (MariaDB: {@code "rows"}) and {@code "using_index"}, and flag
 * {@code "using_filesort"} and {@code "using_temporary_table"} (MariaDB: {@code "filesort"} and
 * {@code "temporary_table"} objects). The reader walks every object, so an operation it does not name
 * still has its tables found. Internal tables ({@code <derived2>}, {@code <union1,2>}) are not tables
 * of the schema and are left out. MySQL's JSON plan is an estimate: nothing in it is measured.
 */
public final class MySqlPlanJson {

    private final List<PlanSummary.TableAccess> tables = new ArrayList<>();
    private final List<PlanSummary.Sort> sorts = new ArrayList<>();
    private boolean temporaryTable;

    private MySqlPlanJson() {
    }

    /** The plan in {@code json}, or the reason it cannot be read. */
    public static Explanation read(String json) {
        try {
            return Explanation.of(parse(json));
        } catch (UnreadablePlanException e) {
            return Explanation.failed(e.getMessage());
        }
    }

    static PlanSummary parse(String json) {
        Map<String, Object> root = PlanJson.asObject(PlanJson.parse(json));
        Map<String, Object> block = root == null ? null : PlanJson.asObject(root.get("query_block"));
        if (block == null) {
            throw new UnreadablePlanException("MySQL plan has no \"query_block\" (EXPLAIN FORMAT=JSON, format version 1,"
                    + " is what QueryHound reads)");
        }
        MySqlPlanJson reader = new MySqlPlanJson();
        reader.walk(block);
        Map<String, Object> cost = PlanJson.asObject(block.get("cost_info"));
        double total = cost != null ? PlanJson.number(cost, "query_cost") : PlanJson.number(block, "cost");
        return new PlanSummary("MySQL", false, reader.tables, reader.sorts, reader.temporaryTable, -1, total, Double.NaN);
    }

    private void walk(Object value) {
        Map<String, Object> object = PlanJson.asObject(value);
        if (object != null) {
            Map<String, Object> table = PlanJson.asObject(object.get("table"));
            if (table != null) {
                table(table);
            }
            if (PlanJson.isTrue(object, "using_filesort") || PlanJson.asObject(object.get("filesort")) != null) {
                sorts.add(new PlanSummary.Sort("filesort", PlanSummary.Spill.UNKNOWN));
            }
            if (PlanJson.isTrue(object, "using_temporary_table") || object.containsKey("temporary_table")) {
                temporaryTable = true;
            }
            for (Object member : object.values()) {
                walk(member);
            }
            return;
        }
        List<Object> array = PlanJson.asArray(value);
        if (array != null) {
            for (Object item : array) {
                walk(item);
            }
        }
    }

    private void table(Map<String, Object> table) {
        String name = PlanJson.string(table, "table_name");
        if (name == null || name.startsWith("<")) {
            return;
        }
        String type = PlanJson.string(table, "access_type");
        String key = PlanJson.string(table, "key");
        boolean coveringIndex = PlanJson.isTrue(table, "using_index");
        PlanSummary.Access access;
        switch (type == null ? "" : type) {
            case "ALL" -> access = PlanSummary.Access.FULL_SCAN;
            case "index" -> access = PlanSummary.Access.FULL_INDEX_SCAN;
            case "system", "const", "eq_ref" -> access = PlanSummary.Access.LOOKUP;
            case "ref", "ref_or_null", "range", "index_merge", "fulltext", "unique_subquery", "index_subquery" ->
                    access = coveringIndex ? PlanSummary.Access.INDEX_ONLY_SCAN : PlanSummary.Access.INDEX_SCAN;
            default -> {
                return; // an access type this reader does not know: better absent than wrong
            }
        }
        long examined = PlanJson.count(table, "rows_examined_per_scan");
        if (examined < 0) {
            examined = PlanJson.count(table, "rows"); // MariaDB
        }
        long actual = PlanJson.count(table, "r_rows"); // MariaDB's ANALYZE FORMAT=JSON, when given one
        tables.add(new PlanSummary.TableAccess(null, name, null, access, key, examined, actual,
                access == PlanSummary.Access.FULL_SCAN ? examined : -1));
    }
}
