package io.queryhound.internal.plan;

import io.queryhound.internal.export.JsonLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an execution plan says about the cost of one statement, in a form that is the same for every
 * database: how each table is read, the sorts and whether they spilled to disk, and the planner's total
 * cost. It holds no condition text and no value: a PostgreSQL plan prints bound values in its filters,
 * and nothing here may carry them into a log.
 *
 * <p>Numbers the plan does not give are {@code -1} (counts) or {@code NaN} (cost, time), and are written
 * as {@code null} in {@link #toJson()}.
 *
 * @param database          the database whose plan this is: {@code H2}, {@code PostgreSQL} or {@code MySQL}
 * @param analyzed          whether the statement was run to measure it ({@code EXPLAIN ANALYZE}), so that
 *                          {@link TableAccess#actualRows()} and {@link Sort#spill()} are measured
 * @param tables            the table reads, in plan order (outer before inner for nested loops)
 * @param sorts             the explicit sorts
 * @param temporaryTable    whether the plan builds an internal temporary table (MySQL
 *                          {@code using_temporary_table}), which may go to disk
 * @param tempBlocksWritten blocks written to temporary files by the whole statement (PostgreSQL with
 *                          {@code BUFFERS}: sorts, hashes and materializations that did not fit in
 *                          {@code work_mem}); {@code -1} when unknown
 * @param totalCost         the planner's estimated total cost, in the database's own units; {@code NaN}
 *                          when the database gives none (H2)
 * @param executionMillis   measured execution time of an analysed plan; {@code NaN} otherwise
 */
public record PlanSummary(String database, boolean analyzed, List<TableAccess> tables, List<Sort> sorts,
                          boolean temporaryTable, long tempBlocksWritten, double totalCost,
                          double executionMillis) {

    public PlanSummary {
        Objects.requireNonNull(database, "database");
        tables = List.copyOf(tables);
        sorts = List.copyOf(sorts);
    }

    /** How a table is read. */
    public enum Access {
        /** Every row of the table, in storage order (PostgreSQL Seq Scan, H2 tableScan, MySQL ALL). */
        FULL_SCAN("full scan"),
        /** Every entry of an index, with no condition on it: as many rows as a full scan, in index order. */
        FULL_INDEX_SCAN("full index scan"),
        /** The rows an index condition selects, then the table for the other columns. */
        INDEX_SCAN("index scan"),
        /** The rows an index condition selects, answered from the index alone. */
        INDEX_ONLY_SCAN("index-only scan"),
        /** At most one row per lookup through a unique key (MySQL const, eq_ref). */
        LOOKUP("lookup");

        private final String text;

        Access(String text) {
            this.text = text;
        }

        /** Whether this access reads every row of the table. */
        public boolean readsWholeTable() {
            return this == FULL_SCAN || this == FULL_INDEX_SCAN;
        }

        /** Lower-case words, as in the one-line text. */
        public String text() {
            return text;
        }
    }

    /** Whether a sort or temporary result went to disk. */
    public enum Spill {
        NO, YES,
        /** Not measured: the plan was not analysed, or the database does not say. */
        UNKNOWN
    }

    /**
     * One read of one table.
     *
     * @param schema        the table's schema when the plan names it, else {@code null}
     * @param table         the table's name as the plan prints it
     * @param alias         the name the statement gives it, when different from {@code table}; else {@code null}
     * @param access        how it is read
     * @param index         the index used, or {@code null}
     * @param estimatedRows rows the planner expects this read to produce per execution, {@code -1} if unknown
     * @param actualRows    rows measured by an analysed plan over all executions ({@code EXPLAIN ANALYZE};
     *                      for H2, the rows it read), {@code -1} if not analysed
     * @param tableRows     the table's size in rows as the database estimates it (catalogue statistics),
     *                      {@code -1} if unknown
     */
    public record TableAccess(String schema, String table, String alias, Access access, String index,
                              long estimatedRows, long actualRows, long tableRows) {

        public TableAccess {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(access, "access");
        }

        /** The same access with the table's size set. */
        public TableAccess withTableRows(long rows) {
            return new TableAccess(schema, table, alias, access, index, estimatedRows, actualRows, rows);
        }

        /**
         * The best known size of the table: its catalogue size, else the most rows this read is known
         * to have produced or read; {@code -1} when nothing is known.
         */
        public long knownRows() {
            return tableRows >= 0 ? tableRows : Math.max(estimatedRows, actualRows);
        }
    }

    /**
     * One sort.
     *
     * @param method how the database sorted ({@code quicksort}, {@code external merge}, {@code filesort}),
     *               or {@code null} when it does not say
     * @param spill  whether it went to disk
     */
    public record Sort(String method, Spill spill) {
        public Sort {
            Objects.requireNonNull(spill, "spill");
        }
    }

    /** The reads that go through every row of their table, largest first. */
    public List<TableAccess> wholeTableReads() {
        List<TableAccess> reads = new ArrayList<>();
        for (TableAccess access : tables) {
            if (access.access().readsWholeTable()) {
                reads.add(access);
            }
        }
        reads.sort((a, b) -> Long.compare(b.knownRows(), a.knownRows()));
        return reads;
    }

    /** The same plan with {@code tables} replaced (after the table sizes have been looked up). */
    public PlanSummary withTables(List<TableAccess> newTables) {
        return new PlanSummary(database, analyzed, newTables, sorts, temporaryTable, tempBlocksWritten,
                totalCost, executionMillis);
    }

    /**
     * One line for a finding's message, such as
     * {@code full scan of orders (20000 rows; est. 20), sort on disk (external merge), cost 441.00}.
     */
    public String toText() {
        StringBuilder text = new StringBuilder(128);
        for (TableAccess t : tables) {
            separate(text);
            text.append(t.access().text()).append(" of ").append(qualified(t));
            if (t.index() != null) {
                text.append(" using ").append(t.index());
            }
            List<String> numbers = new ArrayList<>(3);
            if (t.tableRows() >= 0 && t.access().readsWholeTable()) {
                numbers.add(t.tableRows() + " rows");
            }
            if (t.estimatedRows() >= 0) {
                numbers.add("est. " + t.estimatedRows());
            }
            if (t.actualRows() >= 0) {
                numbers.add("actual " + t.actualRows());
            }
            if (!numbers.isEmpty()) {
                text.append(" (").append(String.join("; ", numbers)).append(')');
            }
        }
        for (Sort sort : sorts) {
            separate(text);
            text.append("sort");
            switch (sort.spill()) {
                case YES -> text.append(" on disk");
                case NO -> text.append(" in memory");
                default -> { }
            }
            if (sort.method() != null) {
                text.append(" (").append(sort.method()).append(')');
            }
        }
        if (temporaryTable) {
            separate(text);
            text.append("temporary table");
        }
        if (tempBlocksWritten > 0) {
            separate(text);
            text.append(tempBlocksWritten).append(" temporary blocks written");
        }
        if (!Double.isNaN(totalCost)) {
            separate(text);
            text.append("cost ").append(String.format(Locale.ROOT, "%.2f", totalCost));
        }
        if (analyzed && !Double.isNaN(executionMillis)) {
            separate(text);
            text.append(String.format(Locale.ROOT, "%.3f", executionMillis)).append(" ms measured");
        }
        if (text.length() == 0) {
            text.append("no table read");
        }
        return text.toString();
    }

    /**
     * A JSON object on one line, in the style of the finding records (docs/findings.md): camel-case
     * names, upper-case enum constants, {@code null} for what is unknown, every field always present.
     */
    public String toJson() {
        List<String> tableJson = new ArrayList<>(tables.size());
        for (TableAccess t : tables) {
            JsonLine json = new JsonLine()
                    .field("schema", t.schema())
                    .field("table", t.table())
                    .field("alias", t.alias())
                    .field("access", t.access().name())
                    .field("index", t.index());
            count(json, "estimatedRows", t.estimatedRows());
            count(json, "actualRows", t.actualRows());
            count(json, "tableRows", t.tableRows());
            tableJson.add(json.build());
        }
        List<String> sortJson = new ArrayList<>(sorts.size());
        for (Sort sort : sorts) {
            sortJson.add(new JsonLine()
                    .field("method", sort.method())
                    .field("spill", sort.spill().name())
                    .build());
        }
        JsonLine json = new JsonLine()
                .field("database", database)
                .field("analyzed", analyzed)
                .raw("tables", JsonLine.array(tableJson))
                .raw("sorts", JsonLine.array(sortJson))
                .field("temporaryTable", temporaryTable);
        count(json, "tempBlocksWritten", tempBlocksWritten);
        json.raw("totalCost", decimal(totalCost, "%.2f"));
        json.raw("executionMillis", decimal(executionMillis, "%.3f"));
        return json.field("text", toText()).build();
    }

    private static void count(JsonLine json, String name, long value) {
        if (value >= 0) {
            json.field(name, value);
        } else {
            json.raw(name, "null");
        }
    }

    private static String decimal(double value, String format) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, format, value);
    }

    private static String qualified(TableAccess t) {
        String name = t.schema() == null ? t.table() : t.schema() + "." + t.table();
        return t.alias() == null ? name : name + " " + t.alias();
    }

    private static void separate(StringBuilder text) {
        if (text.length() > 0) {
            text.append(", ");
        }
    }
}
