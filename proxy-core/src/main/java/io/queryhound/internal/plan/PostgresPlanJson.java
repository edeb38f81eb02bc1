package io.queryhound.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads PostgreSQL's {@code EXPLAIN (FORMAT JSON)} output: an array holding one object whose
 * {@code "Plan"} is a tree of nodes ({@code "Node Type"}, {@code "Relation Name"}, {@code "Index Name"},
 * {@code "Plan Rows"}, {@code "Total Cost"}, children under {@code "Plans"}), with {@code "Actual Rows"},
 * {@code "Actual Loops"}, {@code "Sort Method"}, {@code "Sort Space Type"} and {@code "Execution Time"}
 * when analysed and the block counters when {@code BUFFERS} was given. Only the node types that read a
 * table become {@link PlanSummary.TableAccess table reads}; filters and conditions (which print bound
 * values) are not kept.
 */
public final class PostgresPlanJson {

    private final boolean analyzed;
    private final List<PlanSummary.TableAccess> tables = new ArrayList<>();
    private final List<PlanSummary.Sort> sorts = new ArrayList<>();

    private PostgresPlanJson(boolean analyzed) {
        this.analyzed = analyzed;
    }

    /** The plan in {@code json}, or the reason it cannot be read; analysed when it has measured rows. */
    public static Explanation read(String json) {
        try {
            return Explanation.of(parse(json, json != null && json.contains("\"Actual Loops\"")));
        } catch (UnreadablePlanException e) {
            return Explanation.failed(e.getMessage());
        }
    }

    static PlanSummary parse(String json, boolean analyzed) {
        List<Object> root = PlanJson.asArray(PlanJson.parse(json));
        Map<String, Object> top = root == null || root.isEmpty() ? null : PlanJson.asObject(root.get(0));
        Map<String, Object> plan = top == null ? null : PlanJson.asObject(top.get("Plan"));
        if (plan == null) {
            throw new UnreadablePlanException("PostgreSQL plan is not an array holding an object with a \"Plan\"");
        }
        PostgresPlanJson reader = new PostgresPlanJson(analyzed);
        reader.node(plan);
        return new PlanSummary("PostgreSQL", analyzed, reader.tables, reader.sorts, false,
                PlanJson.count(plan, "Temp Written Blocks"), PlanJson.number(plan, "Total Cost"),
                analyzed ? PlanJson.number(top, "Execution Time") : Double.NaN);
    }

    private void node(Map<String, Object> node) {
        String type = PlanJson.string(node, "Node Type");
        if (type == null) {
            throw new UnreadablePlanException("PostgreSQL plan node without a \"Node Type\"");
        }
        boolean hasCondition = node.containsKey("Index Cond");
        switch (type) {
            case "Seq Scan" -> table(node, PlanSummary.Access.FULL_SCAN, null);
            case "Index Scan" -> table(node, hasCondition ? PlanSummary.Access.INDEX_SCAN
                    : PlanSummary.Access.FULL_INDEX_SCAN, PlanJson.string(node, "Index Name"));
            case "Index Only Scan" -> table(node, hasCondition ? PlanSummary.Access.INDEX_ONLY_SCAN
                    : PlanSummary.Access.FULL_INDEX_SCAN, PlanJson.string(node, "Index Name"));
            case "Bitmap Heap Scan" -> {
                List<String> indexes = new ArrayList<>();
                bitmapIndexes(node, indexes);
                table(node, PlanSummary.Access.INDEX_SCAN, indexes.isEmpty() ? null : String.join(", ", indexes));
                return; // its children are the bitmap index scans just named
            }
            case "Tid Scan" -> table(node, PlanSummary.Access.LOOKUP, null);
            case "Tid Range Scan" -> table(node, PlanSummary.Access.INDEX_SCAN, null);
            case "Sort" -> sorts.add(new PlanSummary.Sort(PlanJson.string(node, "Sort Method"), sortSpill(node)));
            case "Incremental Sort" -> sorts.add(new PlanSummary.Sort("incremental", incrementalSortSpill(node)));
            default -> {
            }
        }
        List<Object> children = PlanJson.asArray(node.get("Plans"));
        if (children != null) {
            for (Object child : children) {
                Map<String, Object> childNode = PlanJson.asObject(child);
                if (childNode == null) {
                    throw new UnreadablePlanException("PostgreSQL plan has a child that is not a node");
                }
                node(childNode);
            }
        }
    }

    private void table(Map<String, Object> node, PlanSummary.Access access, String index) {
        String relation = PlanJson.string(node, "Relation Name");
        if (relation == null) {
            return;
        }
        String alias = PlanJson.string(node, "Alias");
        long actual = -1;
        if (analyzed) {
            long rows = PlanJson.count(node, "Actual Rows");
            long loops = PlanJson.count(node, "Actual Loops");
            actual = rows < 0 || loops < 0 ? -1 : rows * loops;
        }
        tables.add(new PlanSummary.TableAccess(PlanJson.string(node, "Schema"), relation,
                relation.equals(alias) ? null : alias, access, index, PlanJson.count(node, "Plan Rows"), actual, -1));
    }

    private static void bitmapIndexes(Map<String, Object> node, List<String> names) {
        List<Object> children = PlanJson.asArray(node.get("Plans"));
        if (children == null) {
            return;
        }
        for (Object child : children) {
            Map<String, Object> childNode = PlanJson.asObject(child);
            if (childNode != null) {
                String name = PlanJson.string(childNode, "Index Name");
                if (name != null && !names.contains(name)) {
                    names.add(name);
                }
                bitmapIndexes(childNode, names); // under a BitmapAnd / BitmapOr
            }
        }
    }

    private PlanSummary.Spill sortSpill(Map<String, Object> node) {
        if (!analyzed || !node.containsKey("Sort Method")) {
            return PlanSummary.Spill.UNKNOWN;
        }
        String method = PlanJson.string(node, "Sort Method");
        boolean disk = "Disk".equals(PlanJson.string(node, "Sort Space Type"))
                || method != null && method.startsWith("external");
        return disk ? PlanSummary.Spill.YES : PlanSummary.Spill.NO;
    }

    /** Incremental sorts report per group kind; a group kind that used disk says "Sort Space Disk". */
    private PlanSummary.Spill incrementalSortSpill(Map<String, Object> node) {
        if (!analyzed) {
            return PlanSummary.Spill.UNKNOWN;
        }
        boolean reported = false;
        for (String groups : new String[] {"Full-sort Groups", "Pre-sorted Groups"}) {
            Map<String, Object> group = PlanJson.asObject(node.get(groups));
            if (group != null) {
                reported = true;
                if (group.containsKey("Sort Space Disk")) {
                    return PlanSummary.Spill.YES;
                }
            }
        }
        return reported ? PlanSummary.Spill.NO : PlanSummary.Spill.UNKNOWN;
    }
}
