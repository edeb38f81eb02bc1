package io.queryhound;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the database's own EXPLAIN said about one statement, as a {@link FindingType#SLOW_QUERY} finding
 * carries it ({@link Finding#plan()}) and as {@link QueryHoundEngine#explain} returns it: a one-line
 * summary of how each table is read, the tables read in full, and index advice. It never holds a bound
 * value or a condition of the plan (PostgreSQL prints bound values inside its filters). See docs/plans.md.
 *
 * <p>Either the statement was explained ({@link #isExplained()}: {@link #summary()} and {@link #json()}
 * are set) or {@link #note()} says why there is no plan.
 *
 * @param summary     how the plan reads each table, its sorts and cost in one line, such as
 *                    {@code full scan of orders (20000 rows; est. 20), cost 441.00}; null without a plan
 * @param json        the same as one JSON object (docs/plans.md lists its fields); null without a plan
 * @param fullScans   the tables the plan reads in full that hold more than {@code fullScanMinRows} rows
 * @param indexAdvice for each of them: the index to create, or why none is proposed
 * @param note        why there is no plan (explain failed, not explainable, not ready in time), or null
 */
public record QueryPlan(String summary, String json, List<FullScan> fullScans, List<IndexAdvice> indexAdvice,
                        String note) {

    public QueryPlan {
        fullScans = fullScans == null ? List.of() : List.copyOf(fullScans);
        indexAdvice = indexAdvice == null ? List.of() : List.copyOf(indexAdvice);
        if ((json == null) == (note == null)) {
            throw new IllegalArgumentException("exactly one of json and note");
        }
    }

    /** No plan, for {@code reason}. */
    public static QueryPlan none(String reason) {
        return new QueryPlan(null, null, List.of(), List.of(), Objects.requireNonNull(reason, "reason"));
    }

    /** Whether the statement was explained. */
    public boolean isExplained() {
        return json != null;
    }

    /** The {@code CREATE INDEX} statements proposed, in the order of {@link #indexAdvice()}. */
    public List<String> createIndexStatements() {
        List<String> statements = new ArrayList<>();
        for (IndexAdvice advice : indexAdvice) {
            if (advice.createIndex() != null) {
                statements.add(advice.createIndex());
            }
        }
        return statements;
    }

    /** One line for a finding's text form. */
    public String toText() {
        if (!isExplained()) {
            return "No plan: " + note;
        }
        StringBuilder text = new StringBuilder("Plan: ").append(summary);
        for (IndexAdvice advice : indexAdvice) {
            text.append("; ").append(advice.text());
        }
        return text.toString();
    }

    /**
     * One table the plan reads in full.
     *
     * @param table the table as the plan names it (with its schema when the plan gives one)
     * @param rows  the table's size as the database estimates it, or -1 when unknown
     */
    public record FullScan(String table, long rows) {
    }

    /**
     * Advice for one table read in full.
     *
     * @param table       the table as the statement names it
     * @param verdict     {@code CREATE_INDEX}, {@code INDEX_EXISTS}, {@code NO_INDEX_HELPS} or {@code NOT_ADVISED}
     * @param createIndex for {@code CREATE_INDEX}, the statement that creates the index; otherwise null
     * @param reason      why this index, which index already exists, or why no index helps
     * @param text        all of it in one line
     */
    public record IndexAdvice(String table, String verdict, String createIndex, String reason, String text) {
    }
}
