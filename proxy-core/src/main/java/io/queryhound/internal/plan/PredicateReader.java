package io.queryhound.internal.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the conditions of a statement template ({@code SqlFingerprint.template()}: keywords and
 * unquoted names lower-case, single spaces, every value a {@code ?}) far enough to propose an index:
 * the outer query's tables and aliases, the column conditions of its WHERE and ON clauses, its ORDER BY
 * and the columns it uses. It is deliberately small and conservative: what it does not understand
 * (a UNION, a WITH clause, a parenthesised join, a condition of an unknown form) is left out or makes
 * the whole statement {@link QueryShape#unsupported() unsupported}, because no advice is better than
 * wrong advice. Subqueries are not read; the tables they name are recorded so that no advice is given
 * for them.
 *
 * <p>It has its own tokenizer on purpose: the template is already canonical, so reading it needs none
 * of the lexer's dialect rules, and the fingerprinting lexer stays free to change.
 */
final class PredicateReader {

    private static final Set<String> CLAUSES = Set.of("from", "where", "group", "having", "order", "limit",
            "offset", "fetch", "for", "window", "qualify", "union", "intersect", "except", "minus", "returning",
            "set", "using", "on", "join", "inner", "left", "right", "full", "cross", "natural", "outer", "straight_join",
            "lateral", "as", "and", "or", "not", "select", "values", "when", "then", "else", "end", "into", "lock");
    /** Words that may appear in a constant expression: typed literals, current time, booleans. */
    private static final Set<String> CONSTANT_WORDS = Set.of("interval", "null", "true", "false", "date",
            "timestamp", "time", "current_date", "current_time", "current_timestamp", "localtime",
            "localtimestamp", "day", "days", "hour", "minute", "second", "month", "year", "week", "with", "zone",
            "and", "unknown");

    private final List<TemplateToken> all;
    private final List<Integer> likePositions = new ArrayList<>();
    private final Set<String> subqueryTables = new LinkedHashSet<>();
    private final List<QueryShape.TableRef> tables = new ArrayList<>();
    private final List<QueryShape.Condition> conditions = new ArrayList<>();
    private final List<QueryShape.Obstacle> obstacles = new ArrayList<>();
    private final List<QueryShape.Column> orderBy = new ArrayList<>();
    private final List<Boolean> descending = new ArrayList<>();
    private final List<QueryShape.Column> used = new ArrayList<>();
    private boolean allColumnsKnown = true;
    private boolean limited;
    /** The statement's tokens with each subquery folded into one {@link TemplateToken.Type#SUBQUERY} token. */
    private List<TemplateToken> t;

    private PredicateReader(List<TemplateToken> tokens) {
        this.all = tokens;
    }

    static QueryShape read(String template) {
        if (template == null) {
            return QueryShape.unsupported("no statement");
        }
        List<TemplateToken> tokens = TemplateToken.split(template);
        while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).is(";")) {
            tokens.remove(tokens.size() - 1);
        }
        if (tokens.isEmpty()) {
            return QueryShape.unsupported("an empty statement");
        }
        try {
            return new PredicateReader(tokens).statement();
        } catch (Unsupported e) {
            return QueryShape.unsupported(e.getMessage());
        } catch (RuntimeException e) {
            // a shape this reader's author did not foresee: no advice, never an exception
            return QueryShape.unsupported("a statement of a form it does not know");
        }
    }

    private QueryShape statement() {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).isWord("like") || all.get(i).isWord("ilike")) {
                likePositions.add(i);
            }
        }
        t = foldSubqueries();
        String first = t.get(0).type == TemplateToken.Type.WORD ? t.get(0).text : "";
        switch (first) {
            case "select" -> select();
            case "update" -> update();
            case "delete" -> delete();
            case "with" -> throw new Unsupported("a WITH clause");
            default -> throw new Unsupported(first.isEmpty() ? "a statement in parentheses"
                    : ("aeiou".indexOf(first.charAt(0)) >= 0 ? "an " : "a ") + first.toUpperCase(Locale.ROOT) + " statement");
        }
        return new QueryShape(null, List.copyOf(tables), Set.copyOf(subqueryTables), List.copyOf(conditions),
                List.copyOf(obstacles), List.copyOf(orderBy), List.copyOf(descending), limited, List.copyOf(used),
                allColumnsKnown);
    }

    // ---------------------------------------------------------------- statements

    private void select() {
        int[] clause = clauses(1);
        int from = clause[0];
        if (from < 0) {
            throw new Unsupported("a SELECT without FROM");
        }
        selectList(1, from);
        int fromEnd = nextClause(clause, from);
        fromClause(from + 1, fromEnd);
        if (clause[1] >= 0) {
            conditions(clause[1] + 1, nextClause(clause, clause[1]));
        }
        if (clause[2] >= 0) {
            groupBy(clause[2] + 2, nextClause(clause, clause[2]));
        }
        if (clause[3] >= 0) {
            allColumnsKnown = false; // HAVING: not read
        }
        if (clause[4] >= 0) {
            orderBy(clause[4] + 2, nextClause(clause, clause[4]));
        }
        limited |= clause[5] >= 0;
    }

    /**
     * Positions of FROM, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT/FETCH/TOP, and any other clause keyword
     * at depth 0 from {@code start}; -1 for those absent. The last slot is the end of the statement.
     */
    private int[] clauses(int start) {
        int[] at = {-1, -1, -1, -1, -1, -1, -1, t.size()};
        int depth = 0;
        for (int i = start; i < t.size(); i++) {
            TemplateToken token = t.get(i);
            if (token.is("(")) {
                depth++;
            } else if (token.is(")")) {
                depth--;
            } else if (depth == 0 && token.type == TemplateToken.Type.WORD) {
                switch (token.text) {
                    case "from" -> at[0] = at[0] < 0 ? i : at[0];
                    case "where" -> at[1] = i;
                    case "group" -> at[2] = i;
                    case "having" -> at[3] = i;
                    case "order" -> at[4] = i;
                    case "limit", "fetch", "top" -> at[5] = at[5] < 0 ? i : at[5];
                    case "offset", "for", "window", "qualify", "lock" -> at[6] = at[6] < 0 ? i : at[6];
                    case "union", "intersect", "except", "minus" -> throw new Unsupported("a " + token.text.toUpperCase(Locale.ROOT));
                    default -> {
                    }
                }
            }
        }
        if (at[5] >= 0 && at[5] < at[0]) {
            at[5] = -2; // TOP before FROM: limited, but not a clause boundary inside the FROM
            limited = true;
        }
        return at;
    }

    /** The first clause position after {@code position}, or the end of the statement. */
    private static int nextClause(int[] clause, int position) {
        int next = clause[clause.length - 1];
        for (int i = 0; i < clause.length - 1; i++) {
            if (clause[i] > position && clause[i] < next) {
                next = clause[i];
            }
        }
        return next;
    }

    private void update() {
        int i = tableFactor(1, t.size());
        if (i >= t.size() || !t.get(i).isWord("set")) {
            throw new Unsupported("an UPDATE of several tables");
        }
        allColumnsKnown = false; // the row is read to be changed: an index cannot answer alone
        int where = indexOfWord("where", i);
        int end = indexOfAnyWord(where < 0 ? i : where, "returning", "order", "limit");
        if (where >= 0) {
            conditions(where + 1, end < 0 ? t.size() : end);
        }
    }

    private void delete() {
        if (t.size() < 3 || !t.get(1).isWord("from")) {
            throw new Unsupported("a DELETE of several tables");
        }
        int i = tableFactor(2, t.size());
        if (i < t.size() && !t.get(i).isWord("where")) {
            throw new Unsupported("a DELETE with " + t.get(i).text);
        }
        allColumnsKnown = false;
        if (i < t.size()) {
            int end = indexOfAnyWord(i, "returning", "order", "limit");
            conditions(i + 1, end < 0 ? t.size() : end);
        }
    }

    // ---------------------------------------------------------------- clauses

    private void selectList(int from, int to) {
        int start = from;
        if (start < to && (t.get(start).isWord("distinct") || t.get(start).isWord("all"))) {
            start++;
        }
        if (start < to && t.get(start).isWord("top")) {
            start += 2; // TOP ?
        }
        for (int[] item : split(start, to, ",")) {
            int a = item[0];
            int b = item[1];
            // drop "as alias" / trailing alias
            if (b - a >= 3 && t.get(b - 2).isWord("as")) {
                b -= 2;
            } else if (b - a >= 2 && t.get(b - 1).isName() && !t.get(b - 2).is(".") && !t.get(b - 2).is("(")
                    && !isOperator(t.get(b - 2))) {
                b -= 1;
            }
            if (b - a == 1 && t.get(a).is("*") || b - a == 3 && t.get(b - 1).is("*")) {
                allColumnsKnown = false;
                continue;
            }
            QueryShape.Column column = column(a, b);
            if (column != null) {
                used.add(column);
                continue;
            }
            if (t.get(a).type == TemplateToken.Type.WORD && a + 1 < b && t.get(a + 1).is("(") && closing(a + 1) == b - 1) {
                int argStart = a + 2;
                if (argStart < b - 1 && t.get(argStart).isWord("distinct")) {
                    argStart++;
                }
                if (argStart == b - 2 && t.get(argStart).is("*") || argStart == b - 1) {
                    continue; // count(*), now()
                }
                QueryShape.Column argument = column(argStart, b - 1);
                if (argument != null) {
                    used.add(argument);
                    continue;
                }
            }
            allColumnsKnown = false;
        }
    }

    private void fromClause(int from, int to) {
        int i = tableFactor(from, to);
        while (i < to) {
            TemplateToken token = t.get(i);
            if (token.is(",")) {
                i = tableFactor(i + 1, to);
            } else if (token.isWord("on")) {
                int end = i + 1;
                while (end < to && !isJoinStart(end)) {
                    if (t.get(end).is("(")) {
                        end = closing(end);
                    }
                    end++;
                }
                conditions(i + 1, end);
                i = end;
            } else if (token.isWord("using")) {
                if (i + 1 >= to || !t.get(i + 1).is("(")) {
                    throw new Unsupported("a join USING clause it cannot read");
                }
                i = closing(i + 1) + 1;
            } else if (isJoinStart(i)) {
                while (i < to && !t.get(i).isWord("join") && !t.get(i).isWord("straight_join")) {
                    i++;
                }
                i = tableFactor(i + 1, to);
            } else {
                throw new Unsupported("a FROM clause it cannot read");
            }
        }
    }

    private boolean isJoinStart(int i) {
        TemplateToken token = t.get(i);
        return token.is(",") || token.type == TemplateToken.Type.WORD && switch (token.text) {
            case "join", "inner", "left", "right", "full", "cross", "natural", "straight_join" -> true;
            default -> false;
        };
    }

    /** Reads one table (or derived table) of a FROM clause; returns the position after it and its alias. */
    private int tableFactor(int i, int to) {
        if (i >= to) {
            throw new Unsupported("a FROM clause it cannot read");
        }
        TemplateToken token = t.get(i);
        if (token.type == TemplateToken.Type.SUBQUERY) {
            i++; // a derived table: the tables inside are subquery tables
        } else if (token.is("(") || token.isWord("lateral") || token.isWord("only")) {
            throw new Unsupported("a parenthesised or lateral FROM item");
        } else if (token.isName()) {
            int start = i;
            i++;
            while (i + 1 < to && t.get(i).is(".") && t.get(i + 1).isName()) {
                i += 2;
            }
            if (i < to && t.get(i).is("(")) {
                return skipAlias(closing(i) + 1, to); // a table function
            }
            String name = text(start, i);
            int afterAlias = skipAlias(i, to);
            String alias = afterAlias > i ? t.get(afterAlias - 1).text : null;
            tables.add(new QueryShape.TableRef(name, alias));
            return afterAlias;
        } else {
            throw new Unsupported("a FROM clause it cannot read");
        }
        return skipAlias(i, to);
    }

    private int skipAlias(int i, int to) {
        if (i < to && t.get(i).isWord("as")) {
            i++;
        }
        if (i < to && t.get(i).isName() && !(t.get(i).type == TemplateToken.Type.WORD && CLAUSES.contains(t.get(i).text))) {
            i++;
        }
        return i;
    }

    private void groupBy(int from, int to) {
        for (int[] item : split(from, to, ",")) {
            QueryShape.Column column = column(item[0], item[1]);
            if (column == null) {
                allColumnsKnown = false;
            } else {
                used.add(column);
            }
        }
    }

    private void orderBy(int from, int to) {
        List<QueryShape.Column> columns = new ArrayList<>();
        List<Boolean> directions = new ArrayList<>();
        boolean readable = true;
        for (int[] item : split(from, to, ",")) {
            int a = item[0];
            int b = item[1];
            boolean desc = false;
            if (b - 2 >= a && t.get(b - 2).isWord("nulls")) {
                b -= 2;
            }
            if (b - 1 > a && (t.get(b - 1).isWord("asc") || t.get(b - 1).isWord("desc"))) {
                desc = t.get(b - 1).isWord("desc");
                b--;
            }
            QueryShape.Column column = column(a, b);
            if (column == null) {
                readable = false;
                allColumnsKnown = false;
            } else {
                columns.add(column);
                directions.add(desc);
                used.add(column);
            }
        }
        if (readable) {
            orderBy.addAll(columns);
            descending.addAll(directions);
        }
    }

    // ---------------------------------------------------------------- conditions

    /** Reads a condition: a conjunction whose parts are read one by one. */
    private void conditions(int from, int to) {
        for (int[] part : split(from, to, "and")) {
            condition(part[0], part[1]);
        }
    }

    private void condition(int a, int b) {
        if (a >= b) {
            return;
        }
        if (t.get(a).is("(") && closing(a) == b - 1) {
            conditions(a + 1, b - 1);
            return;
        }
        List<int[]> branches = split(a, b, "or");
        if (branches.size() > 1) {
            disjunction(branches);
            return;
        }
        if (t.get(a).isWord("not")) {
            obstacle(QueryShape.ObstacleKind.NEGATION, columnsIn(a + 1, b), null);
            return;
        }
        Predicate predicate = predicate(a, b);
        if (predicate != null) {
            predicate.record();
        }
    }

    /** An OR of equalities on one column is an IN list; anything else cannot use one index. */
    private void disjunction(List<int[]> branches) {
        QueryShape.Column common = null;
        boolean sameColumnEqualities = true;
        Set<QueryShape.Column> columns = new LinkedHashSet<>();
        for (int[] branch : branches) {
            int a = branch[0];
            int b = branch[1];
            while (a < b && t.get(a).is("(") && closing(a) == b - 1) {
                a++;
                b--;
            }
            Predicate predicate = split(a, b, "and").size() == 1 && split(a, b, "or").size() == 1 ? predicate(a, b) : null;
            if (predicate == null || predicate.kind != QueryShape.ConditionKind.EQUALITY
                    || common != null && !same(common, predicate.column)) {
                sameColumnEqualities = false;
            } else {
                common = predicate.column;
            }
            columns.addAll(columnsIn(a, b));
        }
        used.addAll(columns);
        if (sameColumnEqualities && common != null) {
            conditions.add(new QueryShape.Condition(common, QueryShape.ConditionKind.EQUALITY, -1, null));
        } else {
            obstacle(QueryShape.ObstacleKind.OR_ACROSS_COLUMNS, List.copyOf(columns), null);
        }
    }

    /** A comparison of a column with a value, another column, or a list; {@code null} when not one. */
    private Predicate predicate(int a, int b) {
        // value on the left, column on the right: compare the other way round
        int operator = operatorAfterOperand(a, b);
        if (operator < 0) {
            return null;
        }
        QueryShape.Column left = column(a, operator);
        if (left == null && isConstant(a, operator)) {
            int rightStart = operator + 1;
            QueryShape.Column right = column(rightStart, b);
            String op = t.get(operator).text;
            if (right != null && (op.equals("=") || op.equals("<") || op.equals(">") || op.equals("<=") || op.equals(">="))) {
                return new Predicate(right, op.equals("=") ? QueryShape.ConditionKind.EQUALITY : QueryShape.ConditionKind.RANGE, -1, null);
            }
            return null;
        }
        if (left == null) {
            functionObstacle(a, operator, b);
            return null;
        }
        int rightStart = operator + 1;
        TemplateToken op = t.get(operator);
        switch (op.text) {
            case "=" -> {
                QueryShape.Column right = column(rightStart, b);
                if (right != null) {
                    return new Predicate(left, QueryShape.ConditionKind.JOIN, -1, right);
                }
                return isConstant(rightStart, b) ? new Predicate(left, QueryShape.ConditionKind.EQUALITY, -1, null) : null;
            }
            case "<", ">", "<=", ">=" -> {
                return isConstant(rightStart, b) ? new Predicate(left, QueryShape.ConditionKind.RANGE, -1, null) : null;
            }
            case "<>", "!=" -> {
                obstacle(QueryShape.ObstacleKind.NEGATION, List.of(left), null);
                return null;
            }
            case "between" -> {
                return isConstant(rightStart, b) ? new Predicate(left, QueryShape.ConditionKind.RANGE, -1, null) : null;
            }
            case "in" -> {
                boolean list = rightStart < b && t.get(rightStart).is("(") && closing(rightStart) == b - 1
                        && isConstant(rightStart + 1, b - 1);
                return list ? new Predicate(left, QueryShape.ConditionKind.EQUALITY, -1, null) : null;
            }
            case "like" -> {
                return new Predicate(left, QueryShape.ConditionKind.LIKE, likePositions.indexOf(op.position), null);
            }
            case "ilike" -> {
                obstacle(QueryShape.ObstacleKind.CASE_INSENSITIVE_LIKE, List.of(left), null);
                return null;
            }
            case "is" -> {
                if (rightStart < b && t.get(rightStart).isWord("null") && rightStart + 1 == b) {
                    return new Predicate(left, QueryShape.ConditionKind.EQUALITY, -1, null);
                }
                obstacle(QueryShape.ObstacleKind.NEGATION, List.of(left), null);
                return null;
            }
            case "not" -> {
                obstacle(QueryShape.ObstacleKind.NEGATION, List.of(left), null);
                return null;
            }
            default -> {
                // an arithmetic operator after the column: an expression on it
                functionObstacle(a, operator, b);
                return null;
            }
        }
    }

    /** The position of the operator after the operand starting at {@code a}, or -1. */
    private int operatorAfterOperand(int a, int b) {
        int i = a;
        while (i < b) {
            TemplateToken token = t.get(i);
            if (token.is("(")) {
                i = closing(i) + 1;
                continue;
            }
            if (isComparison(token) && i > a) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean isComparison(TemplateToken token) {
        return token.type == TemplateToken.Type.SYMBOL && switch (token.text) {
            case "=", "<", ">", "<=", ">=", "<>", "!=" -> true;
            default -> false;
        } || token.type == TemplateToken.Type.WORD && switch (token.text) {
            case "like", "ilike", "in", "between", "is", "not" -> true;
            default -> false;
        };
    }

    private static boolean isOperator(TemplateToken token) {
        return token.type == TemplateToken.Type.SYMBOL && !token.is("(") && !token.is(")") && !token.is(",");
    }

    /** Records the obstacle of an expression on a column ({@code lower(email) = ?}, {@code total + 1 > ?}). */
    private void functionObstacle(int a, int operator, int b) {
        List<QueryShape.Column> columns = columnsIn(a, operator);
        if (columns.isEmpty()) {
            return; // a condition on no column of ours (? = ?, now() > ?)
        }
        String function = null;
        TemplateToken op = t.get(operator);
        boolean equality = op.is("=") || op.isWord("in");
        if (equality && t.get(a).type == TemplateToken.Type.WORD && a + 1 < operator && t.get(a + 1).is("(")
                && closing(a + 1) == operator - 1 && column(a + 2, operator - 1) != null
                && isConstant(operator + 1, b)) {
            function = t.get(a).text;
        }
        obstacle(QueryShape.ObstacleKind.FUNCTION, columns, function);
        used.addAll(columns);
    }

    private void obstacle(QueryShape.ObstacleKind kind, List<QueryShape.Column> columns, String function) {
        obstacles.add(new QueryShape.Obstacle(kind, List.copyOf(columns), function));
        used.addAll(columns);
    }

    /** A column reference filling exactly {@code [a, b)}: {@code col}, {@code t.col}, {@code s.t.col}. */
    private QueryShape.Column column(int a, int b) {
        if (b - a == 1 && t.get(a).isName() && !isReserved(t.get(a))) {
            return new QueryShape.Column(null, t.get(a).text);
        }
        if (b - a == 3 && t.get(a).isName() && t.get(a + 1).is(".") && t.get(a + 2).isName()) {
            return new QueryShape.Column(t.get(a).text, t.get(a + 2).text);
        }
        if (b - a == 5 && t.get(a).isName() && t.get(a + 1).is(".") && t.get(a + 2).isName() && t.get(a + 3).is(".")
                && t.get(a + 4).isName()) {
            return new QueryShape.Column(t.get(a + 2).text, t.get(a + 4).text);
        }
        return null;
    }

    private static boolean isReserved(TemplateToken token) {
        return token.type == TemplateToken.Type.WORD && (CLAUSES.contains(token.text) || CONSTANT_WORDS.contains(token.text));
    }

    /** The column references inside {@code [a, b)}, function names and keywords left out. */
    private List<QueryShape.Column> columnsIn(int a, int b) {
        List<QueryShape.Column> columns = new ArrayList<>();
        for (int i = a; i < b; i++) {
            TemplateToken token = t.get(i);
            if (!token.isName() || isReserved(token) || i + 1 < b && t.get(i + 1).is("(")
                    || i > a && t.get(i - 1).is("::")) {
                continue;
            }
            if (i + 2 < b && t.get(i + 1).is(".") && t.get(i + 2).isName()) {
                columns.add(new QueryShape.Column(token.text, t.get(i + 2).text));
                i += 2;
            } else {
                columns.add(new QueryShape.Column(null, token.text));
            }
        }
        return columns;
    }

    /**
     * Whether {@code [a, b)} is a value fixed for the execution: placeholders, numbers, typed literals,
     * the current time, casts and function calls of those. A name that could be a column makes it not.
     */
    private boolean isConstant(int a, int b) {
        if (a >= b) {
            return false;
        }
        for (int i = a; i < b; i++) {
            TemplateToken token = t.get(i);
            switch (token.type) {
                case PARAM, NUMBER, STRING -> {
                }
                case SUBQUERY -> {
                    return false;
                }
                case SYMBOL -> {
                    if (token.is("::") && i + 1 < b && t.get(i + 1).isName()) {
                        i++; // a cast's type name
                    }
                }
                case WORD -> {
                    boolean call = i + 1 < b && t.get(i + 1).is("(");
                    if (!call && !CONSTANT_WORDS.contains(token.text)) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean same(QueryShape.Column a, QueryShape.Column b) {
        return QueryShape.key(a.name()).equals(QueryShape.key(b.name()))
                && (a.qualifier() == null ? b.qualifier() == null
                : b.qualifier() != null && QueryShape.key(a.qualifier()).equals(QueryShape.key(b.qualifier())));
    }

    // ---------------------------------------------------------------- token helpers

    /**
     * {@code [from, to)} split at the depth-0 occurrences of {@code separator} (a symbol or a word); for
     * {@code and}, the one that belongs to a BETWEEN is not a separator.
     */
    private List<int[]> split(int from, int to, String separator) {
        List<int[]> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        boolean between = false;
        for (int i = from; i < to; i++) {
            TemplateToken token = t.get(i);
            if (token.is("(")) {
                depth++;
            } else if (token.is(")")) {
                depth--;
            } else if (depth == 0) {
                if (token.isWord("between")) {
                    between = true;
                } else if (token.text.equals(separator) && token.type != TemplateToken.Type.QUOTED) {
                    if (separator.equals("and") && between) {
                        between = false;
                        continue;
                    }
                    parts.add(new int[] {start, i});
                    start = i + 1;
                }
            }
        }
        parts.add(new int[] {start, to});
        return parts;
    }

    private int closing(int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            if (t.get(i).is("(")) {
                depth++;
            } else if (t.get(i).is(")") && --depth == 0) {
                return i;
            }
        }
        throw new Unsupported("a statement with unbalanced parentheses");
    }

    private int indexOfWord(String word, int from) {
        return indexOfAnyWord(from, word);
    }

    private int indexOfAnyWord(int from, String... words) {
        int depth = 0;
        for (int i = from; i < t.size(); i++) {
            TemplateToken token = t.get(i);
            if (token.is("(")) {
                depth++;
            } else if (token.is(")")) {
                depth--;
            } else if (depth == 0 && token.type == TemplateToken.Type.WORD) {
                for (String word : words) {
                    if (token.text.equals(word)) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    private String text(int a, int b) {
        StringBuilder out = new StringBuilder();
        for (int i = a; i < b; i++) {
            out.append(t.get(i).text);
        }
        return out.toString();
    }

    /**
     * The tokens with every {@code (select ...)} folded into one token, after recording the tables the
     * subquery names (the words after its FROM and JOIN keywords).
     */
    private List<TemplateToken> foldSubqueries() {
        List<TemplateToken> folded = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            TemplateToken token = all.get(i);
            if (token.is("(") && i + 1 < all.size() && (all.get(i + 1).isWord("select") || all.get(i + 1).isWord("with"))) {
                int depth = 0;
                int end = i;
                for (; end < all.size(); end++) {
                    if (all.get(end).is("(")) {
                        depth++;
                    } else if (all.get(end).is(")") && --depth == 0) {
                        break;
                    }
                    TemplateToken inner = all.get(end);
                    if ((inner.isWord("from") || inner.isWord("join")) && end + 1 < all.size() && all.get(end + 1).isName()) {
                        int last = end + 1;
                        while (last + 2 < all.size() && all.get(last + 1).is(".") && all.get(last + 2).isName()) {
                            last += 2;
                        }
                        subqueryTables.add(QueryShape.key(all.get(last).text));
                    }
                }
                if (end >= all.size()) {
                    throw new Unsupported("a statement with unbalanced parentheses");
                }
                folded.add(new TemplateToken(TemplateToken.Type.SUBQUERY, "(subquery)", i));
                i = end;
            } else {
                folded.add(token);
            }
        }
        return folded;
    }

    /** A column condition found by {@link #predicate}, recorded once the caller accepts it. */
    private final class Predicate {
        final QueryShape.Column column;
        final QueryShape.ConditionKind kind;
        final int likeOrdinal;
        final QueryShape.Column other;

        Predicate(QueryShape.Column column, QueryShape.ConditionKind kind, int likeOrdinal, QueryShape.Column other) {
            this.column = column;
            this.kind = kind;
            this.likeOrdinal = likeOrdinal;
            this.other = other;
        }

        void record() {
            conditions.add(new QueryShape.Condition(column, kind, likeOrdinal, other));
            used.add(column);
            if (other != null) {
                used.add(other);
            }
        }
    }

    /** Thrown inside the reader for a statement it does not read; never leaves it. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why, null, false, false);
        }
    }
}
