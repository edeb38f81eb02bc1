package io.queryhound.internal.plan;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Proposes the index that would spare a statement a full read of a large table, the way a database
 * engineer does by hand: equality columns first, then one range column, then the ORDER BY columns;
 * on PostgreSQL, {@code INCLUDE} the few other columns the query uses so that the index answers alone.
 * It gives no suggestion when an index with those leading columns already exists, and says so plainly
 * when no index can help: a LIKE pattern that starts with a wildcard, a function applied to the column
 * (on PostgreSQL, {@code lower}/{@code upper} get an expression index), an OR across different columns,
 * or no condition on the table at all.
 *
 * <p>Only tables that the plan reads in full and that hold more than {@code fullScanMinRows} rows are
 * considered. Conditions come from the statement's template ({@link PredicateReader}); what it cannot
 * read safely (a UNION, a WITH clause, a table read in a subquery) gets {@link IndexAdvice.Verdict#NOT_ADVISED}
 * rather than a guess.
 */
public final class IndexAdvisor {

    /** Tables of at most this many rows are read in full cheaply enough to need no advice. */
    public static final long DEFAULT_FULL_SCAN_MIN_ROWS = 10_000;
    /** At most this many INCLUDE columns: more makes a wide index that costs more than it saves. */
    static final int MAX_INCLUDE_COLUMNS = 3;
    /** PostgreSQL truncates identifiers at 63 bytes; MySQL allows 64. */
    private static final int MAX_NAME_LENGTH = 63;
    private static final Set<String> EXPRESSION_INDEX_FUNCTIONS = Set.of("lower", "upper");

    private final long fullScanMinRows;

    public IndexAdvisor(long fullScanMinRows) {
        if (fullScanMinRows < 0) {
            throw new IllegalArgumentException("fullScanMinRows must not be negative, was " + fullScanMinRows);
        }
        this.fullScanMinRows = fullScanMinRows;
    }

    public IndexAdvisor() {
        this(DEFAULT_FULL_SCAN_MIN_ROWS);
    }

    /**
     * Advice for each large table that {@code plan} reads in full; empty when there is none.
     *
     * @param sql        the statement as executed (its template is read; LIKE patterns are read from it
     *                   and from {@code parameters})
     * @param parameters the bound values, or {@code null}; only a LIKE pattern's first character is used
     * @param catalog    the database's existing indexes and columns
     */
    public List<IndexAdvice> advise(String sql, SqlDialect dialect, Object[] parameters, PlanSummary plan,
                                    IndexCatalog catalog) {
        List<IndexAdvice> advice = new ArrayList<>();
        if (sql == null || plan == null) {
            return advice;
        }
        IndexCatalog indexes = catalog == null ? IndexCatalog.NONE : catalog;
        SqlFingerprint fingerprint = SqlFingerprint.of(sql, dialect);
        QueryShape shape = null;
        Set<String> seen = new HashSet<>();
        for (PlanSummary.TableAccess read : plan.wholeTableReads()) {
            if (read.knownRows() <= fullScanMinRows
                    || !seen.add(read.schema() + "." + read.table() + " " + read.alias())) {
                continue;
            }
            if (shape == null) {
                shape = PredicateReader.read(fingerprint.template());
            }
            try {
                advice.add(adviseTable(new Context(sql, dialect, parameters, fingerprint.kind(), shape, read, indexes)));
            } catch (RuntimeException e) {
                advice.add(notAdvised(read.table(), "QueryHound could not read the statement (" + e.getClass().getSimpleName() + ")."));
            }
        }
        return advice;
    }

    /** Everything one table's advice depends on. */
    private record Context(String sql, SqlDialect dialect, Object[] parameters, StatementKind kind, QueryShape shape,
                           PlanSummary.TableAccess read, IndexCatalog catalog) {
    }

    private IndexAdvice adviseTable(Context c) {
        QueryShape shape = c.shape();
        String tableName = c.read().table();
        if (shape.unsupported() != null) {
            return notAdvised(tableName, "QueryHound does not read conditions of " + shape.unsupported() + ".");
        }
        String tableKey = QueryShape.key(tableName);
        List<QueryShape.TableRef> refs = new ArrayList<>();
        for (QueryShape.TableRef ref : shape.tables()) {
            if (QueryShape.key(ref.simpleName()).equals(tableKey)) {
                refs.add(ref);
            }
        }
        if (refs.isEmpty()) {
            // MySQL names a table read by the statement's alias for it ("table_name": "o")
            for (QueryShape.TableRef ref : shape.tables()) {
                if (ref.alias() != null && QueryShape.key(ref.alias()).equals(tableKey)) {
                    refs.add(ref);
                }
            }
        }
        if (refs.size() > 1 && c.read().alias() != null) {
            refs.removeIf(ref -> ref.alias() == null || !QueryShape.key(ref.alias()).equals(QueryShape.key(c.read().alias())));
        }
        if (shape.subqueryTables().contains(tableKey) || refs.size() == 1
                && shape.subqueryTables().contains(QueryShape.key(refs.get(0).simpleName()))) {
            return notAdvised(tableName, "the table is read inside a subquery, whose conditions QueryHound does not read.");
        }
        if (refs.isEmpty()) {
            return notAdvised(tableName, "the statement does not name the table directly (a view?).");
        }
        if (refs.size() > 1) {
            return notAdvised(tableName, "the statement reads the table more than once.");
        }
        QueryShape.TableRef ref = refs.get(0);
        Attribution owner = new Attribution(shape, ref, c.read(), c.catalog());

        List<String> equality = new ArrayList<>();
        List<String> range = new ArrayList<>();
        List<String> joins = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (QueryShape.Condition condition : shape.conditions()) {
            if (condition.kind() == QueryShape.ConditionKind.JOIN) {
                if (owner.owns(condition.column())) {
                    joins.add(condition.column().name());
                } else if (owner.owns(condition.other())) {
                    joins.add(condition.other().name());
                }
                continue;
            }
            if (!owner.owns(condition.column())) {
                continue;
            }
            String column = condition.column().name();
            switch (condition.kind()) {
                case EQUALITY -> addOnce(equality, column);
                case RANGE -> addOnce(range, column);
                case LIKE -> {
                    String pattern = LikePatterns.pattern(c.sql(), c.dialect(), c.parameters(), condition.likeOrdinal());
                    if (pattern == null) {
                        problems.add("the pattern of " + column + " LIKE is not a plain literal or bound value,"
                                + " so whether it starts with a wildcard is unknown");
                    } else if (pattern.isEmpty() || pattern.charAt(0) == '%' || pattern.charAt(0) == '_') {
                        problems.add(column + " LIKE has a pattern that starts with a wildcard, which no index can"
                                + " serve (a trigram or full-text index can)");
                    } else {
                        // A fixed prefix is a range; PostgreSQL's default operator class serves it only
                        // under the C collation, text_pattern_ops under any.
                        addOnce(range, c.dialect() == SqlDialect.POSTGRESQL ? column + " text_pattern_ops" : column);
                    }
                }
                default -> {
                }
            }
        }
        for (QueryShape.Obstacle obstacle : shape.obstacles()) {
            boolean ours = false;
            for (QueryShape.Column column : obstacle.columns()) {
                ours |= owner.owns(column);
            }
            if (!ours) {
                continue;
            }
            String columns = names(obstacle.columns());
            switch (obstacle.kind()) {
                case FUNCTION -> {
                    if (obstacle.function() != null && obstacle.columns().size() == 1
                            && c.dialect() == SqlDialect.POSTGRESQL
                            && EXPRESSION_INDEX_FUNCTIONS.contains(obstacle.function())) {
                        addOnce(equality, "(" + obstacle.function() + "(" + obstacle.columns().get(0).name() + "))");
                    } else {
                        problems.add("a function or expression is applied to " + columns
                                + ", so an index on the column cannot serve the condition"
                                + (c.dialect() == SqlDialect.POSTGRESQL
                                ? " (compare the bare column, or index that very expression)"
                                : " (compare the bare column instead)"));
                    }
                }
                case OR_ACROSS_COLUMNS -> problems.add("an OR across different columns (" + columns
                        + ") cannot use one index (rewrite it as a UNION of indexed queries)");
                case CASE_INSENSITIVE_LIKE -> problems.add(columns + " ILIKE matches case-insensitively, which a"
                        + " plain index cannot serve");
                case NEGATION -> problems.add("a negation on " + columns + " (<>, NOT, IS NOT NULL) selects most rows;"
                        + " an index does not help it");
            }
        }

        List<String> order = new ArrayList<>();
        boolean orderOnThisTable = !shape.orderBy().isEmpty();
        for (QueryShape.Column column : shape.orderBy()) {
            orderOnThisTable &= owner.owns(column);
        }
        if (orderOnThisTable) {
            boolean mixed = shape.descending().contains(Boolean.TRUE) && shape.descending().contains(Boolean.FALSE);
            boolean first = shape.descending().get(0);
            for (int i = 0; i < shape.orderBy().size(); i++) {
                String column = shape.orderBy().get(i).name();
                addOnce(order, mixed && shape.descending().get(i) != first ? column + " DESC" : column);
            }
        }

        List<String> key = new ArrayList<>(equality);
        if (!range.isEmpty()) {
            key.add(range.get(0));
        }
        if (!key.isEmpty() || shape.limited()) {
            // without a condition, an index in ORDER BY order helps only when a LIMIT stops the read early
            for (String column : order) {
                if (!containsColumn(key, column)) {
                    key.add(column);
                }
            }
        }
        if (key.isEmpty()) {
            return noIndexHelps(tableName, ref, problems, joins);
        }

        List<String> include = include(c, shape, owner, key);
        List<String> keyNames = new ArrayList<>(key.size());
        for (String column : key) {
            keyNames.add(bareColumn(column));
        }
        IndexCatalog.ExistingIndex existing = equivalent(c.catalog().indexes(c.read().schema(), ref.simpleName()),
                keyNames, equality.size());
        String why = reason(equality, range, order, key, include);
        if (!problems.isEmpty()) {
            why += " It does not serve every condition: " + String.join("; ", problems) + ".";
        }
        if (existing != null) {
            return new IndexAdvice(ref.name(), IndexAdvice.Verdict.INDEX_EXISTS, null, existing.columns(), List.of(),
                    "index " + existing.name() + " (" + String.join(", ", existing.columns()) + ") already leads with "
                            + String.join(", ", keyNames) + "; the planner still reads the whole table, so the condition"
                            + " probably matches too many rows, or the statistics are stale (run ANALYZE).");
        }
        String name = indexName(ref.simpleName(), keyNames);
        StringBuilder create = new StringBuilder("CREATE INDEX ");
        if (c.dialect() == SqlDialect.POSTGRESQL) {
            create.append("CONCURRENTLY "); // builds without blocking writes on a live table
        }
        create.append(name).append(" ON ").append(ref.name()).append(" (").append(String.join(", ", key)).append(')');
        if (!include.isEmpty()) {
            create.append(" INCLUDE (").append(String.join(", ", include)).append(')');
        }
        return new IndexAdvice(ref.name(), IndexAdvice.Verdict.CREATE_INDEX, create.toString(), key, include, why);
    }

    /** PostgreSQL only: the other columns a SELECT uses, when few, so the index answers it alone. */
    private static List<String> include(Context c, QueryShape shape, Attribution owner, List<String> key) {
        if (c.dialect() != SqlDialect.POSTGRESQL || c.kind() != StatementKind.SELECT || !shape.allColumnsKnown()) {
            return List.of();
        }
        Set<String> include = new LinkedHashSet<>();
        for (QueryShape.Column column : shape.usedColumns()) {
            Boolean ours = owner.ownership(column);
            if (ours == null) {
                return List.of(); // a column of unknown table: the index might not cover the query
            }
            if (ours && !containsColumn(key, column.name()) && !containsName(include, column.name())) {
                include.add(column.name());
            }
        }
        for (String column : key) {
            if (column.startsWith("(")) {
                return List.of(); // an expression key: the plain column may still be needed
            }
        }
        return include.size() <= MAX_INCLUDE_COLUMNS ? new ArrayList<>(include) : List.of();
    }

    private static IndexAdvice noIndexHelps(String tableName, QueryShape.TableRef ref, List<String> problems,
                                            List<String> joins) {
        String reason;
        if (!problems.isEmpty()) {
            reason = String.join("; ", problems) + ".";
        } else if (!joins.isEmpty()) {
            reason = "the statement has no condition on " + ref.name() + " other than the join on "
                    + String.join(", ", joins) + ", so it reads all of it to join (an index on the join column"
                    + " helps only a nested-loop join from a small other side).";
        } else {
            reason = "the statement has no usable condition on " + ref.name() + ", so it reads all of it;"
                    + " only a condition (or a LIMIT with an ORDER BY) lets an index help.";
        }
        return new IndexAdvice(ref.name(), IndexAdvice.Verdict.NO_INDEX_HELPS, null, List.of(), List.of(), reason);
    }

    private static IndexAdvice notAdvised(String table, String reason) {
        return new IndexAdvice(table, IndexAdvice.Verdict.NOT_ADVISED, null, List.of(), List.of(), reason);
    }

    private static String reason(List<String> equality, List<String> range, List<String> order, List<String> key,
                                 List<String> include) {
        StringBuilder why = new StringBuilder("Lets the database find the rows");
        List<String> parts = new ArrayList<>();
        if (!equality.isEmpty()) {
            parts.add("by " + String.join(", ", bare(equality)));
        }
        if (!range.isEmpty()) {
            parts.add("within a range of " + bareColumn(range.get(0)));
        }
        if (!parts.isEmpty()) {
            why.append(' ').append(String.join(" and ", parts));
        }
        why.append(" instead of reading the whole table");
        boolean ordered = false;
        for (String column : order) {
            ordered |= containsColumn(key, column);
        }
        if (ordered) {
            why.append(range.isEmpty() ? ", already in ORDER BY order" : ", with the ORDER BY columns at hand");
        }
        if (!include.isEmpty()) {
            why.append("; INCLUDE lets it answer from the index alone");
        }
        return why.append('.').toString();
    }

    /**
     * The first index whose leading columns are the proposal's: the equality columns in any order, then
     * the others in order. An index that leads with them serves the same conditions.
     */
    static IndexCatalog.ExistingIndex equivalent(List<IndexCatalog.ExistingIndex> indexes, List<String> key,
                                                 int equalityColumns) {
        for (IndexCatalog.ExistingIndex index : indexes) {
            List<String> columns = index.columns();
            if (columns.size() < key.size()) {
                continue;
            }
            Set<String> leading = new HashSet<>();
            Set<String> wanted = new HashSet<>();
            for (int i = 0; i < equalityColumns; i++) {
                leading.add(comparable(columns.get(i)));
                wanted.add(comparable(key.get(i)));
            }
            boolean same = leading.equals(wanted);
            for (int i = equalityColumns; same && i < key.size(); i++) {
                same = comparable(columns.get(i)).equals(comparable(key.get(i)));
            }
            if (same) {
                return index;
            }
        }
        return null;
    }

    /**
     * A column or index expression reduced for comparison: case, quotes, casts to text types and
     * punctuation removed, so that PostgreSQL's {@code lower((email)::text)} matches {@code (lower(email))}.
     */
    static String comparable(String column) {
        String text = column.toLowerCase(Locale.ROOT)
                .replace("::text", "").replace("::character varying", "").replace("::varchar", "");
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_' || c > 127) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code qh_<table>_<columns>}: lower-case letters, digits and underscores only (so it never needs
     * quoting), cut with a hash suffix when longer than any database accepts, and the same for the same
     * proposal in every JVM.
     */
    static String indexName(String table, List<String> columns) {
        StringBuilder name = new StringBuilder("qh_").append(sanitize(table));
        for (String column : columns) {
            name.append('_').append(sanitize(column));
        }
        String full = name.toString();
        if (full.length() <= MAX_NAME_LENGTH) {
            return full;
        }
        String hash = String.format(Locale.ROOT, "%08x", full.hashCode());
        return full.substring(0, MAX_NAME_LENGTH - 9) + "_" + hash;
    }

    private static String sanitize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
        }
        while (out.length() > 0 && out.charAt(out.length() - 1) == '_') {
            out.setLength(out.length() - 1);
        }
        return out.length() == 0 ? "x" : out.toString();
    }

    /** The column name of a key part: without an operator class or direction; an expression stays whole. */
    private static String bareColumn(String keyPart) {
        if (keyPart.startsWith("(")) {
            return keyPart;
        }
        if (keyPart.startsWith("\"") || keyPart.startsWith("`")) {
            int close = keyPart.indexOf(keyPart.charAt(0), 1);
            return close < 0 ? keyPart : keyPart.substring(0, close + 1);
        }
        int space = keyPart.indexOf(' ');
        return space < 0 ? keyPart : keyPart.substring(0, space);
    }

    private static List<String> bare(List<String> keyParts) {
        List<String> names = new ArrayList<>(keyParts.size());
        for (String part : keyParts) {
            names.add(bareColumn(part));
        }
        return names;
    }

    private static boolean containsColumn(List<String> key, String column) {
        String wanted = QueryShape.key(bareColumn(column));
        for (String part : key) {
            if (QueryShape.key(bareColumn(part)).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsName(Set<String> names, String name) {
        for (String existing : names) {
            if (QueryShape.key(existing).equals(QueryShape.key(name))) {
                return true;
            }
        }
        return false;
    }

    private static void addOnce(List<String> columns, String column) {
        if (!containsColumn(columns, column)) {
            columns.add(column);
        }
    }

    private static String names(List<QueryShape.Column> columns) {
        List<String> names = new ArrayList<>(columns.size());
        for (QueryShape.Column column : columns) {
            if (!names.contains(column.name())) {
                names.add(column.name());
            }
        }
        return String.join(", ", names);
    }

    /** Decides which table of the statement a column belongs to. */
    private static final class Attribution {
        private final QueryShape shape;
        private final QueryShape.TableRef ref;
        private final Set<String> ownColumns;
        private final PlanSummary.TableAccess read;
        private final IndexCatalog catalog;

        Attribution(QueryShape shape, QueryShape.TableRef ref, PlanSummary.TableAccess read, IndexCatalog catalog) {
            this.shape = shape;
            this.ref = ref;
            this.read = read;
            this.catalog = catalog;
            this.ownColumns = shape.tables().size() > 1 ? keys(catalog.columns(read.schema(), ref.simpleName())) : null;
        }

        boolean owns(QueryShape.Column column) {
            return Boolean.TRUE.equals(ownership(column));
        }

        /**
         * Whether the column is this table's; {@code null} when that cannot be told (an unqualified
         * column of a join whose tables' columns are unknown).
         */
        Boolean ownership(QueryShape.Column column) {
            if (column == null) {
                return false;
            }
            if (column.qualifier() != null) {
                return ref.answersTo(column.qualifier());
            }
            if (shape.tables().size() == 1) {
                return true;
            }
            if (ownColumns == null || !ownColumns.contains(QueryShape.key(column.name()))) {
                return ownColumns == null ? null : false;
            }
            for (QueryShape.TableRef other : shape.tables()) {
                if (other == ref) {
                    continue;
                }
                Set<String> otherColumns = keys(catalog.columns(read.schema(), other.simpleName()));
                if (otherColumns == null || otherColumns.contains(QueryShape.key(column.name()))) {
                    return null; // ambiguous, or unknown
                }
            }
            return true;
        }

        private static Set<String> keys(Set<String> names) {
            if (names == null) {
                return null;
            }
            Set<String> keys = new HashSet<>();
            for (String name : names) {
                keys.add(QueryShape.key(name));
            }
            return keys;
        }
    }
}
