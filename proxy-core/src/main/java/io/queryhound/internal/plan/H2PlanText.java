package io.queryhound.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads H2 2.x's plan, which is the statement rewritten with a comment after each table saying how it
 * is read:
 *
 * <pre>
 * FROM "PUBLIC"."ORDERS" "O"
 *     /* PUBLIC.ORDERS.tableScan *&#47;          every row
 *     /* scanCount: 20001 *&#47;                  rows read (EXPLAIN ANALYZE only)
 * INNER JOIN "PUBLIC"."CUSTOMER" "C"
 *     /* PUBLIC.PRIMARY_KEY_5: ID = O.CUSTOMER_ID *&#47;   an index with a condition
 * ORDER BY 2
 * /* index sorted *&#47;                          the ORDER BY needs no sort
 * </pre>
 *
 * An index comment without a condition ({@code /* PUBLIC.ORDERS_STATUS *&#47;}) walks the whole index.
 * A view, a derived table or a {@code WITH} query is followed by a comment holding its own plan, in the
 * same form with nested comments, which is read the same way. H2 gives no row estimates and no costs.
 */
public final class H2PlanText {

    private final List<PlanSummary.TableAccess> tables = new ArrayList<>();
    private final List<PlanSummary.Sort> sorts = new ArrayList<>();
    private int depth;

    private H2PlanText() {
    }

    /** The plan in {@code planText}, or the reason it cannot be read. */
    public static Explanation read(String planText, boolean analyzed) {
        try {
            return Explanation.of(parse(planText, analyzed));
        } catch (UnreadablePlanException e) {
            return Explanation.failed(e.getMessage());
        }
    }

    static PlanSummary parse(String planText, boolean analyzed) {
        if (planText == null || planText.isBlank()) {
            throw new UnreadablePlanException("H2 returned an empty plan");
        }
        if (planText.length() > PlanJson.MAX_LENGTH) {
            throw new UnreadablePlanException("plan longer than " + PlanJson.MAX_LENGTH + " characters");
        }
        H2PlanText reader = new H2PlanText();
        reader.statement(planText);
        return new PlanSummary("H2", analyzed, reader.tables, reader.sorts, false, -1, Double.NaN, Double.NaN);
    }

    /** Reads one statement's text (the whole plan, or the plan of a view or subquery inside a comment). */
    private void statement(String text) {
        if (++depth > 32) {
            throw new UnreadablePlanException("H2 plan nested deeper than 32 queries");
        }
        List<Token> tokens = Token.split(text);
        int parentheses = 0;
        int orderBy = -1;
        boolean indexSorted = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.is("(")) {
                parentheses++;
            } else if (token.is(")")) {
                parentheses--;
            } else if (token.type == Token.Type.COMMENT && parentheses == 0
                    && token.text.strip().equalsIgnoreCase("index sorted")) {
                indexSorted = true;
            } else if (parentheses == 0 && token.isWord("ORDER") && i + 1 < tokens.size()
                    && tokens.get(i + 1).isWord("BY")) {
                orderBy = i;
            } else if (token.isWord("FROM") || token.isWord("JOIN") || token.isWord("INTO")
                    || token.isWord("USING") || (token.isWord("UPDATE") && i == 0)) {
                i = tableReference(tokens, i + 1) - 1;
            }
        }
        if (orderBy >= 0 && !indexSorted) {
            sorts.add(new PlanSummary.Sort(null, PlanSummary.Spill.UNKNOWN));
        }
        depth--;
    }

    /**
     * Reads the table reference starting at {@code start} and the comments that follow it; returns the
     * index of the first token after them.
     */
    private int tableReference(List<Token> tokens, int start) {
        int i = start;
        List<String> name = new ArrayList<>(3);
        if (i < tokens.size() && tokens.get(i).is("(")) {
            i = closing(tokens, i) + 1; // a derived table: its plan is in the comment after the alias
        } else {
            while (i < tokens.size() && tokens.get(i).isName()) {
                name.add(tokens.get(i).text);
                i++;
                if (i + 1 < tokens.size() && tokens.get(i).is(".") && tokens.get(i + 1).isName()) {
                    i++;
                } else {
                    break;
                }
            }
        }
        String alias = null;
        if (i < tokens.size() && tokens.get(i).isName() && !tokens.get(i).isKeyword()) {
            alias = tokens.get(i).text;
            i++;
        }
        if (i >= tokens.size() || tokens.get(i).type != Token.Type.COMMENT) {
            return i; // no plan comment: an INSERT target, a CTE definition, a join's USING list
        }
        String access = tokens.get(i).text.strip();
        i++;
        if (startsQuery(access)) {
            statement(access); // a view, derived table or WITH query: its own plan
        } else if (!name.isEmpty()) {
            PlanSummary.TableAccess table = access(name, alias, access);
            long scanCount = -1;
            while (i < tokens.size() && tokens.get(i).type == Token.Type.COMMENT) {
                String comment = tokens.get(i).text.strip();
                if (comment.startsWith("scanCount:")) {
                    scanCount = parseCount(comment.substring("scanCount:".length()).strip());
                }
                i++;
            }
            if (table != null) {
                tables.add(scanCount < 0 ? table : new PlanSummary.TableAccess(table.schema(), table.table(),
                        table.alias(), table.access(), table.index(), -1, scanCount, -1));
            }
        }
        return i;
    }

    /** The access an index comment describes, or {@code null} for one this reader does not know. */
    private static PlanSummary.TableAccess access(List<String> name, String alias, String comment) {
        String table = name.get(name.size() - 1);
        String schema = name.size() > 1 ? name.get(name.size() - 2) : null;
        String shownAlias = alias == null || alias.equals(table) ? null : alias;
        if (comment.endsWith(".tableScan")) {
            return new PlanSummary.TableAccess(schema, table, shownAlias, PlanSummary.Access.FULL_SCAN, null, -1, -1, -1);
        }
        int colon = comment.indexOf(": ");
        String index = colon < 0 ? comment : comment.substring(0, colon);
        if (index.isEmpty() || index.indexOf(' ') >= 0 && !index.startsWith("\"")) {
            return null; // not an index name: a comment form this reader does not know
        }
        int dot = index.indexOf('.');
        if (dot > 0 && !index.startsWith("\"")) {
            index = index.substring(dot + 1);
        }
        index = unquote(index);
        PlanSummary.Access access = colon < 0 ? PlanSummary.Access.FULL_INDEX_SCAN : PlanSummary.Access.INDEX_SCAN;
        return new PlanSummary.TableAccess(schema, table, shownAlias, access, index, -1, -1, -1);
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name;
    }

    private static boolean startsQuery(String text) {
        String start = text.length() > 8 ? text.substring(0, 8).toUpperCase(Locale.ROOT) : text.toUpperCase(Locale.ROOT);
        return start.startsWith("SELECT") || start.startsWith("WITH") || start.startsWith("(")
                || start.startsWith("VALUES") || start.startsWith("TABLE ");
    }

    private static long parseCount(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int closing(List<Token> tokens, int open) {
        int nesting = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).is("(")) {
                nesting++;
            } else if (tokens.get(i).is(")") && --nesting == 0) {
                return i;
            }
        }
        throw new UnreadablePlanException("H2 plan has an unclosed parenthesis");
    }

    /** A lexical unit of H2's plan text; comments keep their body (with nested comments) as text. */
    private static final class Token {

        enum Type { WORD, QUOTED, STRING, COMMENT, SYMBOL }

        private static final List<String> KEYWORDS = List.of("WHERE", "INNER", "LEFT", "RIGHT", "FULL", "CROSS",
                "NATURAL", "JOIN", "ON", "USING", "GROUP", "ORDER", "HAVING", "QUALIFY", "WINDOW", "UNION",
                "EXCEPT", "INTERSECT", "MINUS", "FETCH", "LIMIT", "OFFSET", "FOR", "SET", "WHEN", "VALUES",
                "SELECT", "FROM");

        final Type type;
        final String text;

        private Token(Type type, String text) {
            this.type = type;
            this.text = text;
        }

        boolean is(String symbol) {
            return type == Type.SYMBOL && text.equals(symbol);
        }

        boolean isWord(String word) {
            return type == Type.WORD && text.equalsIgnoreCase(word);
        }

        boolean isName() {
            return type == Type.WORD || type == Type.QUOTED;
        }

        boolean isKeyword() {
            return type == Type.WORD && KEYWORDS.contains(text.toUpperCase(Locale.ROOT));
        }

        static List<Token> split(String text) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                    int end = commentEnd(text, i);
                    tokens.add(new Token(Type.COMMENT, text.substring(i + 2, end - 2)));
                    i = end;
                } else if (c == '"' || c == '\'') {
                    int end = quoteEnd(text, i, c);
                    String body = text.substring(i + 1, end - 1).replace(String.valueOf(c) + c, String.valueOf(c));
                    tokens.add(new Token(c == '"' ? Type.QUOTED : Type.STRING, body));
                    i = end;
                } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                    int start = i;
                    while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                            || text.charAt(i) == '$')) {
                        i++;
                    }
                    tokens.add(new Token(Type.WORD, text.substring(start, i)));
                } else {
                    tokens.add(new Token(Type.SYMBOL, String.valueOf(c)));
                    i++;
                }
            }
            return tokens;
        }

        /** The index after the comment opening at {@code start}; H2 nests comments in plans. */
        private static int commentEnd(String text, int start) {
            int nesting = 0;
            int i = start;
            while (i + 1 < text.length()) {
                if (text.charAt(i) == '/' && text.charAt(i + 1) == '*') {
                    nesting++;
                    i += 2;
                } else if (text.charAt(i) == '*' && text.charAt(i + 1) == '/') {
                    i += 2;
                    if (--nesting == 0) {
                        return i;
                    }
                } else if (text.charAt(i) == '\'' && nesting > 0) {
                    i = quoteEnd(text, i, '\''); // a literal inside a condition may hold "*/"
                } else {
                    i++;
                }
            }
            throw new UnreadablePlanException("H2 plan has an unterminated comment");
        }

        private static int quoteEnd(String text, int start, char quote) {
            int i = start + 1;
            while (i < text.length()) {
                if (text.charAt(i) == quote) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i++;
            }
            throw new UnreadablePlanException("H2 plan has an unterminated quote");
        }
    }
}
