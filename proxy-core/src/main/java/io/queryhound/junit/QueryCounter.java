package io.queryhound.junit;

import io.queryhound.StatementKind;

import java.util.Locale;

/**
 * What a query-count expectation counts. Every JDBC execution counts once: a statement run on its
 * own, or one {@code executeBatch} call however many rows it carries (a batch is one round trip,
 * which is what the count is for). A plain {@code Statement}'s batch of different statements
 * counts once per distinct statement in it, each under its own kind.
 */
public enum QueryCounter {
    /** Every execution. */
    TOTAL,
    SELECT,
    INSERT,
    UPDATE,
    DELETE,
    /** Stored procedure calls ({@code CALL}, <code>{call ...}</code>). */
    CALL,
    /** Everything else: MERGE and other upserts, DDL, {@code SET}, {@code BEGIN}, and statements that could not be read. */
    OTHER;

    /** The counter a statement of {@code kind} counts under, besides {@link #TOTAL}. */
    public static QueryCounter of(StatementKind kind) {
        switch (kind) {
            case SELECT:
                return SELECT;
            case INSERT:
                return INSERT;
            case UPDATE:
                return UPDATE;
            case DELETE:
                return DELETE;
            case CALL:
                return CALL;
            default:
                return OTHER;
        }
    }

    /** The name used in annotations and failure messages: {@code select}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
