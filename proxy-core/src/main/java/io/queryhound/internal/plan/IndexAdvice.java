package io.queryhound.internal.plan;

import java.util.List;
import java.util.Objects;

/**
 * What {@link IndexAdvisor} says about one table that a statement reads in full.
 *
 * @param table       the table, as the statement names it
 * @param verdict     the kind of advice
 * @param createIndex for {@link Verdict#CREATE_INDEX}, the statement that creates the index; else {@code null}
 * @param columns     the proposed (or already existing) index's key columns, as written in the statement
 * @param include     for PostgreSQL, the {@code INCLUDE} columns that make the index answer alone
 * @param reason      one or two sentences: why this index, which index already serves it, or why no
 *                    index helps; never a bound value
 */
public record IndexAdvice(String table, Verdict verdict, String createIndex, List<String> columns,
                          List<String> include, String reason) {

    public IndexAdvice {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        columns = List.copyOf(columns);
        include = List.copyOf(include);
    }

    public enum Verdict {
        /** An index would let the database read only the rows it needs: {@link #createIndex()}. */
        CREATE_INDEX,
        /** An index with the proposed leading columns exists; the planner chose not to use it. */
        INDEX_EXISTS,
        /** No index can serve the statement's conditions on this table ({@link #reason()} says why). */
        NO_INDEX_HELPS,
        /** The statement is beyond what QueryHound reads safely (a UNION, a subquery); no advice. */
        NOT_ADVISED
    }

    /** One line, such as {@code orders: CREATE INDEX qh_orders_customer_id ON orders (customer_id)}. */
    public String toText() {
        return switch (verdict) {
            case CREATE_INDEX -> table + ": " + createIndex + " \u2014 " + reason;
            case INDEX_EXISTS -> table + ": no new index \u2014 " + reason;
            case NO_INDEX_HELPS -> table + ": no index helps \u2014 " + reason;
            case NOT_ADVISED -> table + ": no advice \u2014 " + reason;
        };
    }
}
