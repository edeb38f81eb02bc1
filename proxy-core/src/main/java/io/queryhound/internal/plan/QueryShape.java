package io.queryhound.internal.plan;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@link PredicateReader} understood of a statement: the tables its outer query reads, the
 * conditions on their columns, the ORDER BY and the columns it uses. Names are kept as the statement
 * template writes them (unquoted names lower-case, quoted names with their quotes), so that a
 * suggested index uses them exactly as the application's SQL does.
 *
 * @param unsupported      why the statement is beyond the reader ({@code "a UNION"}), or {@code null}
 * @param tables           the outer query's tables (FROM and JOIN items; the target of UPDATE/DELETE)
 * @param subqueryTables   names of tables read inside subqueries, as {@link #key keys}
 * @param conditions       the usable conditions of WHERE and ON clauses, in statement order
 * @param obstacles        conditions no plain index can serve
 * @param orderBy          the ORDER BY columns, empty when there is none or it is not plain columns
 * @param descending       for each ORDER BY column, whether it is sorted descending
 * @param limited          whether the statement has LIMIT, FETCH FIRST or TOP
 * @param usedColumns      every column the outer query uses (select list, conditions, ORDER BY, GROUP BY)
 * @param allColumnsKnown  whether {@code usedColumns} is complete (no {@code *}, no expression it could
 *                         not read)
 */
record QueryShape(String unsupported, List<TableRef> tables, Set<String> subqueryTables, List<Condition> conditions,
                  List<Obstacle> obstacles, List<Column> orderBy, List<Boolean> descending, boolean limited,
                  List<Column> usedColumns, boolean allColumnsKnown) {

    static QueryShape unsupported(String why) {
        return new QueryShape(why, List.of(), Set.of(), List.of(), List.of(), List.of(), List.of(), false, List.of(), false);
    }

    /** A table of the outer query: {@code name} possibly schema-qualified ({@code public.orders}). */
    record TableRef(String name, String alias) {

        /** The last part of the name, without quotes. */
        String simpleName() {
            return last(name);
        }

        /** Whether {@code qualifier} (a column's {@code t.} prefix) names this table. */
        boolean answersTo(String qualifier) {
            if (alias != null) {
                return key(alias).equals(key(qualifier));
            }
            return key(simpleName()).equals(key(qualifier)) || key(name).equals(key(qualifier));
        }
    }

    /** A column reference; {@code qualifier} is the {@code t} of {@code t.col}, or {@code null}. */
    record Column(String qualifier, String name) {
        @Override
        public String toString() {
            return qualifier == null ? name : qualifier + "." + name;
        }
    }

    enum ConditionKind {
        /** {@code =}, {@code IN (...)}, {@code IS NULL}, or an OR of equalities on one column. */
        EQUALITY,
        /** {@code <}, {@code <=}, {@code >}, {@code >=}, {@code BETWEEN}. */
        RANGE,
        /** {@code LIKE}: usable only when the pattern has a fixed prefix. */
        LIKE,
        /** {@code column = other.column}: a join, not a filter. */
        JOIN
    }

    /**
     * A condition on one column.
     *
     * @param likeOrdinal for {@link ConditionKind#LIKE}, the position of its {@code LIKE} among all the
     *                    statement's {@code LIKE}/{@code ILIKE} operators (0-based), to find its pattern
     * @param other       for {@link ConditionKind#JOIN}, the column on the other side
     */
    record Condition(Column column, ConditionKind kind, int likeOrdinal, Column other) {
    }

    enum ObstacleKind {
        /** A function or expression applied to the column ({@code lower(email) = ?}). */
        FUNCTION,
        /** An OR whose branches test different columns. */
        OR_ACROSS_COLUMNS,
        /** {@code ILIKE}: case-insensitive matching, which a plain index cannot serve. */
        CASE_INSENSITIVE_LIKE,
        /** A negation ({@code <>}, {@code NOT IN}, {@code NOT LIKE}, {@code IS NOT NULL}). */
        NEGATION
    }

    /**
     * A condition on {@code columns} that a plain index cannot serve.
     *
     * @param function for {@link ObstacleKind#FUNCTION}, the function's name when it is a plain call of
     *                 one column with an equality ({@code lower}), for an expression index; else {@code null}
     */
    record Obstacle(ObstacleKind kind, List<Column> columns, String function) {
    }

    /** A name compared the way the database compares it, loosely: quotes removed, case ignored. */
    static String key(String name) {
        String bare = name;
        if (bare.length() >= 2 && (bare.charAt(0) == '"' || bare.charAt(0) == '`')
                && bare.charAt(bare.length() - 1) == bare.charAt(0)) {
            bare = bare.substring(1, bare.length() - 1);
        }
        return bare.toLowerCase(Locale.ROOT);
    }

    /** The last dot-separated part of a possibly qualified name, quotes removed. */
    static String last(String qualified) {
        int dot = -1;
        char quote = 0;
        for (int i = 0; i < qualified.length(); i++) {
            char c = qualified.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '.') {
                dot = i;
            }
        }
        String part = qualified.substring(dot + 1);
        if (part.length() >= 2 && (part.charAt(0) == '"' || part.charAt(0) == '`')) {
            return part.substring(1, part.length() - 1);
        }
        return part;
    }
}
