package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import io.queryhound.internal.sql.SqlLexer.TokenKind;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names the column each value of a statement is compared with or assigned to, so that samples of
 * sensitive values (a password, a token) can be masked before they are logged; and lists the
 * literal values of a plain statement, so that they can be sampled at all.
 *
 * <p>A value position is a {@code ?}, {@code $n} or {@code :name} placeholder, a string, a number
 * (a sign where an expression starts belongs to it) or {@code true}/{@code false}; adjacent strings
 * ({@code 'a' 'b'}) are one value. Integers that the template keeps as written are not values:
 * {@code ORDER BY 1} positions and type modifiers such as {@code varchar(255)}. {@code NULL} is
 * never a value here.
 *
 * <p>One forward pass over the lexer's tokens with a bounded amount of state per open bracket;
 * nothing recurses, so any input, however long or deeply nested, takes linear time and cannot
 * overflow the stack.
 */
public final class ParameterColumns {

    static final int MAX_POSITIONS = 1000;
    static final int MAX_LITERALS = 64;

    private static final String[] EMPTY = new String[0];

    private ParameterColumns() {
    }

    /**
     * For every value position of {@code sql} in order: the column it is compared with or assigned
     * to, lower-cased and without qualifier or quotes; null where that is unknown. At most 1000
     * positions; never throws.
     */
    public static String[] of(String sql, SqlDialect dialect) {
        return scan(sql, dialect, false, MAX_POSITIONS);
    }

    /**
     * The column of each bind placeholder only, in order: entry {@code i} belongs to JDBC parameter
     * {@code i + 1} of a {@code PreparedStatement} whose SQL mixes literals and placeholders. Never throws.
     */
    public static String[] ofPlaceholders(String sql, SqlDialect dialect) {
        return filtered(sql, dialect, true);
    }

    /** The column of each literal only, in order: entry {@code i} belongs to {@code literals(sql)[i]}. Never throws. */
    public static String[] ofLiterals(String sql, SqlDialect dialect) {
        return filtered(sql, dialect, false);
    }

    private static String[] filtered(String sql, SqlDialect dialect, boolean wantPlaceholders) {
        if (sql == null || sql.isEmpty()) {
            return EMPTY;
        }
        try {
            Scanner scanner = new Scanner(sql, dialect == null ? SqlDialect.GENERIC : dialect, false, MAX_POSITIONS);
            String[] all = scanner.run();
            String[] placeholders = new String[all.length];
            int n = 0;
            for (int i = 0; i < all.length; i++) {
                if (scanner.placeholder[i] == wantPlaceholders) {
                    placeholders[n++] = all[i];
                }
            }
            return Arrays.copyOf(placeholders, n);
        } catch (RuntimeException unexpected) {
            return EMPTY;
        }
    }

    /**
     * The literal values of {@code sql} in order: strings without their quotes (doubled quotes
     * undone), numbers and booleans as written. Placeholders are skipped. At most 64 items; never
     * throws.
     */
    public static String[] literals(String sql, SqlDialect dialect) {
        return scan(sql, dialect, true, MAX_LITERALS);
    }

    private static String[] scan(String sql, SqlDialect dialect, boolean literals, int cap) {
        if (sql == null || sql.isEmpty()) {
            return EMPTY;
        }
        try {
            return new Scanner(sql, dialect == null ? SqlDialect.GENERIC : dialect, literals, cap).run();
        } catch (RuntimeException unexpected) {
            // Part of a result could be misaligned with the statement's values: better none at all.
            return EMPTY;
        }
    }

    /**
     * The keyword spelled by {@code sql[start, end)} in any case, or null. The scratch buffer
     * spares an allocation per word; words longer than any keyword are not even copied.
     */
    static Keyword keyword(String sql, int start, int end, StringBuilder scratch) {
        if (end - start > 16) {
            return null;
        }
        scratch.setLength(0);
        for (int i = start; i < end; i++) {
            char c = sql.charAt(i);
            scratch.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return Keyword.lookup(scratch, 0, scratch.length());
    }

    /**
     * Whether a word that reads as this keyword may still be a column: type names and a few
     * others are common column names ({@code time}, {@code key}, {@code comment}) and are never
     * the syntax the column rules react to.
     */
    static boolean namesColumn(Keyword keyword) {
        if (keyword == null) {
            return true;
        }
        return keyword.hasTypeModifiers() || keyword == Keyword.KEY || keyword == Keyword.COMMENT;
    }

    private static final class Scanner {

        /**
         * Brackets nested deeper than this are counted but not described: it bounds the memory a
         * pathological statement can take, and values that deep simply get no column.
         */
        private static final int MAX_FRAMES = 256;

        private static final long NONE = -1L;

        private static final byte PLAIN = 0;
        private static final byte TYPE_MODIFIERS = 1;
        private static final byte COLUMNS = 2;
        private static final byte ROW = 3;

        private static final byte NAME_UNSEEN = 0;
        private static final byte NAME_LIVE = 1;
        private static final byte NAME_DONE = 2;

        private static final int NO_INSERT = 0;
        private static final int AFTER_INSERT = 1;
        private static final int EXPECT_TABLE = 2;
        private static final int IN_TABLE = 3;

        private static final int PLACEHOLDER_VALUE = 0;
        private static final int STRING_VALUE = 1;
        private static final int OTHER_LITERAL = 2;

        private static final int REVERSE_IDLE = 0;
        private static final int REVERSE_AFTER_VALUE = 1;
        private static final int REVERSE_AFTER_OPERATOR = 2;
        private static final int REVERSE_IN_COLUMN = 3;
        private static final int REVERSE_AFTER_DOT = 4;

        private final String sql;
        private final SqlLexer lexer;
        private final boolean literals;
        private final int cap;
        private final StringBuilder scratch = new StringBuilder(16);

        private String[] out = new String[8];
        /** Whether each position of {@link #out} is a bind placeholder rather than a literal. */
        private boolean[] placeholder = new boolean[8];
        private int count;
        private boolean full;
        /** The text of the last literal while adjacent strings are still being joined to it. */
        private StringBuilder joined;

        // Name references are token ranges packed as start << 32 | end, materialised only when a
        // value needs one; NONE when there is none.
        private Map<Long, String> names;

        private int depth;
        // One entry per open bracket up to MAX_FRAMES, grown on demand: most statements nest little.
        private byte[] frameKind = new byte[8];
        /** The column a value directly inside inherits: from "col in (", "col = f(" or the enclosing bracket. */
        private long[] frameColumn = new long[8];
        /** The column the closed bracket stands for: the first name inside, as in lower(email). */
        private long[] frameName = new long[8];
        private byte[] frameNameState = new byte[8];
        private boolean[] frameFirstToken = new boolean[8];
        private int[] frameItem = new int[8];

        // The previous token.
        private TokenKind prevKind;
        private Keyword prevKeyword;
        private boolean prevOperand;
        private boolean prevName;
        private boolean prevString;
        private boolean predicate;

        /** The column reference the previous token completed, valid while {@link #completes}. */
        private long name = NONE;
        private boolean completes;
        private boolean castCompleted;
        /** The column for the next token, set by a comparison: only that token may use it. */
        private long pending = NONE;
        /** A name right after a comparison may be a function or a type: its "(" or literal inherits. */
        private long call = NONE;
        private long between = NONE;
        private int betweenDepth = -1;

        private int positionalDepth = -1;
        private boolean positionalItemStart;

        private int insertState = NO_INSERT;
        private long[] insertColumns = new long[4];
        private int insertColumnCount;
        private int columnsDepth = -1;
        private long columnsItemName = NONE;
        private boolean expectValues;
        private int rowsDepth = -1;
        private boolean rowsHaveColumns;

        private int reverseState = REVERSE_IDLE;
        private int reverseIndex;

        Scanner(String sql, SqlDialect dialect, boolean literals, int cap) {
            this.sql = sql;
            this.lexer = new SqlLexer(sql, dialect);
            this.literals = literals;
            this.cap = cap;
        }

        String[] run() {
            for (TokenKind kind = lexer.next(); kind != TokenKind.END && !full; kind = lexer.next()) {
                if (joined != null && kind != TokenKind.STRING) {
                    endJoin();
                }
                token(kind);
            }
            if (joined != null) {
                endJoin();
            }
            return Arrays.copyOf(out, count);
        }

        private void endJoin() {
            out[count - 1] = joined.toString();
            joined = null;
        }

        private void token(TokenKind kind) {
            int start = lexer.tokenStart();
            int end = lexer.tokenEnd();
            boolean closes = kind == TokenKind.CLOSE_PAREN || kind == TokenKind.CLOSE_BRACKET
                    || kind == TokenKind.CLOSE_BRACE;
            int at = closes ? depth - 1 : depth;
            // After a dot every word is a name: t.key, t.values, t.true.
            Keyword keyword = kind == TokenKind.WORD && prevKind != TokenKind.DOT ? keyword(sql, start, end, scratch) : null;
            boolean isName = kind == TokenKind.QUOTED_IDENTIFIER
                    || (kind == TokenKind.WORD && (prevKind == TokenKind.DOT || namesColumn(keyword)));

            // Rows go on while the tokens at their level are "(", "," and the ")" that ends a row.
            if (rowsDepth >= 0 && (at < rowsDepth || (at == rowsDepth && kind != TokenKind.OPEN_PAREN
                    && kind != TokenKind.COMMA && kind != TokenKind.CLOSE_PAREN))) {
                rowsDepth = -1;
            }
            boolean valuesMayFollow = expectValues;
            expectValues = false;
            // Each handler that continues an INSERT head sets the state again.
            int insert = insertState;
            insertState = NO_INSERT;
            if (!closes) {
                frameToken(kind, keyword, isName);
            }
            if (!literals) {
                reverse(kind, isName, start, end);
            }
            long pendingHere = pending;
            pending = NONE;
            long callHere = call;
            call = NONE;
            boolean completedBefore = completes;
            completes = false;
            boolean wasPredicate = predicate;
            predicate = false;
            boolean wasPositionalItemStart = positionalItemStart;
            positionalItemStart = false;
            boolean wasString = prevString;
            prevString = false;

            switch (kind) {
                case WORD:
                case QUOTED_IDENTIFIER:
                    if (isName && valuesMayFollow && mysqlValueWord(start, end)) {
                        startRows(true);
                        finish(kind, keyword, false, false);
                    } else if (isName) {
                        name(kind, keyword, start, end, pendingHere, callHere, insert);
                    } else {
                        syntax(kind, keyword, start, end, pendingHere, completedBefore, wasPredicate, valuesMayFollow);
                    }
                    break;
                case STRING:
                    if (wasString) {
                        if (literals && count > 0) {
                            // One builder for the whole run: joining string by string would be quadratic.
                            if (joined == null) {
                                joined = new StringBuilder(out[count - 1]);
                            }
                            joined.append(unquote(start, end));
                        }
                    } else {
                        long column = pendingHere != NONE ? pendingHere
                                : callHere != NONE && prevName ? callHere : inheritedColumn();
                        value(STRING_VALUE, column, start, end, '\0');
                    }
                    finish(kind, null, true, false);
                    prevString = true;
                    break;
                case NUMBER: {
                    // ORDER BY 1 and varchar(255) are syntax that the template keeps, not values.
                    boolean position = lexer.isInteger() && wasPositionalItemStart && depth == positionalDepth;
                    boolean modifier = lexer.isInteger() && depth > 0 && depth <= MAX_FRAMES
                            && frameKind[depth - 1] == TYPE_MODIFIERS;
                    if (!position && !modifier) {
                        value(OTHER_LITERAL, pendingHere != NONE ? pendingHere : inheritedColumn(), start, end, '\0');
                    }
                    finish(kind, null, true, false);
                    break;
                }
                case PLACEHOLDER:
                    value(PLACEHOLDER_VALUE, pendingHere != NONE ? pendingHere : inheritedColumn(), start, end, '\0');
                    finish(kind, null, true, false);
                    break;
                case NAMED_PARAMETER:
                    // After an operand it is an array slice bound (a[1:n]), as the template writer reads it.
                    if (!prevOperand) {
                        value(PLACEHOLDER_VALUE, pendingHere != NONE ? pendingHere : inheritedColumn(), start, end, '\0');
                    }
                    finish(kind, null, true, false);
                    break;
                case OPERATOR:
                    operator(start, end, pendingHere, completedBefore);
                    break;
                case OPEN_PAREN:
                case OPEN_BRACKET:
                case OPEN_BRACE:
                    open(kind, pendingHere, callHere, completedBefore, insert);
                    break;
                case CLOSE_PAREN:
                case CLOSE_BRACKET:
                case CLOSE_BRACE:
                    close(kind);
                    break;
                case COMMA:
                    comma();
                    break;
                case DOT:
                    call = callHere; // col = schema.function(...)
                    if (insert == IN_TABLE) {
                        insertState = IN_TABLE; // schema.table
                    }
                    finish(kind, null, false, false);
                    break;
                case CAST:
                    castCompleted = completedBefore;
                    finish(kind, null, false, false);
                    break;
                case SEMICOLON:
                    between = NONE;
                    positionalDepth = -1;
                    columnsDepth = -1;
                    rowsDepth = -1;
                    finish(kind, null, false, false);
                    break;
                default:
                    finish(kind, null, false, false);
                    break;
            }
        }

        private void name(TokenKind kind, Keyword keyword, int start, int end, long pendingHere, long callHere,
                int insert) {
            if (prevKind == TokenKind.CAST) {
                // A type (x::text): the column is still the one before the cast.
                completes = castCompleted;
            } else {
                name = ref(start, end);
                completes = true;
                if (pendingHere != NONE) {
                    call = pendingHere;
                } else if (callHere != NONE && prevKind == TokenKind.DOT) {
                    call = callHere; // schema.function(
                }
            }
            if (depth == columnsDepth) {
                columnsItemName = prevKind == TokenKind.DOT || columnsItemName == NONE ? ref(start, end) : columnsItemName;
            }
            if (insert == EXPECT_TABLE || (insert == IN_TABLE && prevKind == TokenKind.DOT)) {
                insertState = IN_TABLE;
            } else if (insert == AFTER_INSERT) {
                insertState = AFTER_INSERT; // insert ignore into, insert low_priority into
            }
            finish(kind, keyword, true, true);
        }

        private void syntax(TokenKind kind, Keyword keyword, int start, int end, long pendingHere,
                boolean completedBefore, boolean wasPredicate, boolean valuesMayFollow) {
            if (keyword == null) {
                finish(kind, null, false, false);
                return;
            }
            switch (keyword) {
                case TRUE:
                case FALSE:
                    // After IS [NOT] they are syntax, where a parameter is not allowed.
                    if (!wasPredicate) {
                        value(OTHER_LITERAL, pendingHere != NONE ? pendingHere : inheritedColumn(), start, end, '\0');
                    }
                    finish(kind, keyword, true, false);
                    return;
                case IS:
                    finish(kind, keyword, false, false);
                    predicate = true;
                    return;
                case NOT:
                    finish(kind, keyword, false, false);
                    predicate = wasPredicate;
                    // col NOT IN / NOT LIKE / NOT BETWEEN still compare col.
                    completes = completedBefore;
                    return;
                case IN:
                case LIKE:
                case ILIKE:
                    if (completedBefore) {
                        pending = name;
                    }
                    break;
                case BETWEEN:
                    if (completedBefore) {
                        pending = name;
                        between = name;
                        betweenDepth = depth;
                    }
                    break;
                case AND:
                    if (between != NONE && betweenDepth == depth) {
                        pending = between;
                        between = NONE;
                    }
                    break;
                case ANY:
                case SOME:
                case ALL:
                    pending = pendingHere; // col = any (?)
                    break;
                case BY:
                    if (prevKeyword == Keyword.ORDER || prevKeyword == Keyword.GROUP) {
                        positionalDepth = depth;
                        finish(kind, keyword, false, false);
                        positionalItemStart = true;
                        return;
                    }
                    break;
                case LIMIT: case OFFSET: case FETCH: case FOR: case UNION: case INTERSECT: case EXCEPT:
                case HAVING: case WINDOW: case RETURNING:
                    if (depth == positionalDepth) {
                        positionalDepth = -1;
                    }
                    break;
                case INSERT:
                    insertState = AFTER_INSERT;
                    insertColumnCount = 0;
                    break;
                case INTO:
                    if (depth == positionalDepth) {
                        positionalDepth = -1;
                    }
                    insertState = EXPECT_TABLE;
                    insertColumnCount = 0;
                    break;
                case VALUES:
                    startRows(valuesMayFollow);
                    break;
                default:
                    break;
            }
            finish(kind, keyword, !keyword.startsExpression(), false);
        }

        /** MySQL also accepts INSERT ... VALUE (...). */
        private boolean mysqlValueWord(int start, int end) {
            return end - start == 5 && sql.regionMatches(true, start, "value", 0, 5);
        }

        private void startRows(boolean withColumns) {
            rowsDepth = depth;
            rowsHaveColumns = withColumns;
        }

        private void operator(int start, int end, long pendingHere, boolean completedBefore) {
            char c = sql.charAt(start);
            boolean single = end - start == 1;
            if (single && (c == '-' || c == '+') && !prevOperand && lexer.consumeNumber()) {
                // -1 where an expression starts is one value, as in the template.
                value(OTHER_LITERAL, pendingHere != NONE ? pendingHere : inheritedColumn(), lexer.tokenStart(),
                        lexer.tokenEnd(), c);
                finish(TokenKind.NUMBER, null, true, false);
                return;
            }
            if (completedBefore && isComparison(start, end)) {
                pending = name;
            }
            // A '*' where an operand is expected is one: select *, count(*).
            finish(TokenKind.OPERATOR, null, single && c == '*' && !prevOperand, false);
        }

        private boolean isComparison(int start, int end) {
            switch (end - start) {
                case 1:
                    char c = sql.charAt(start);
                    return c == '=' || c == '<' || c == '>' || c == '~';
                case 2:
                    return sql.startsWith("<>", start) || sql.startsWith("!=", start) || sql.startsWith("<=", start)
                            || sql.startsWith(">=", start) || sql.startsWith("==", start) || sql.startsWith(":=", start)
                            || sql.startsWith("~~", start) || sql.startsWith("~*", start) || sql.startsWith("!~", start);
                case 3:
                    return sql.startsWith("<=>", start) || sql.startsWith("!~~", start) || sql.startsWith("~~*", start)
                            || sql.startsWith("!~*", start);
                case 4:
                    return sql.startsWith("!~~*", start);
                default:
                    return false;
            }
        }

        private void open(TokenKind kind, long pendingHere, long callHere, boolean completedBefore, int insert) {
            long inherited = pendingHere != NONE ? pendingHere
                    : callHere != NONE && prevName ? callHere : inheritedColumn();
            byte frame = PLAIN;
            if (kind == TokenKind.OPEN_PAREN) {
                if (insert == AFTER_INSERT || insert == IN_TABLE) {
                    frame = COLUMNS;
                    columnsDepth = depth + 1;
                    columnsItemName = NONE;
                    insertColumnCount = 0;
                } else if (rowsDepth == depth) {
                    frame = ROW;
                } else if (prevKind == TokenKind.WORD && prevKeyword != null && prevKeyword.hasTypeModifiers()) {
                    frame = TYPE_MODIFIERS;
                }
            }
            // a[i] stands for a, as far as a comparison after it goes.
            long standsFor = kind == TokenKind.OPEN_BRACKET && completedBefore ? name : NONE;
            push(frame, inherited, standsFor);
            finish(kind, null, false, false);
        }

        private void push(byte kind, long inherited, long standsFor) {
            depth++;
            if (depth > MAX_FRAMES) {
                return;
            }
            int i = depth - 1;
            if (i == frameKind.length) {
                int size = Math.min(MAX_FRAMES, i * 2);
                frameKind = Arrays.copyOf(frameKind, size);
                frameColumn = Arrays.copyOf(frameColumn, size);
                frameName = Arrays.copyOf(frameName, size);
                frameNameState = Arrays.copyOf(frameNameState, size);
                frameFirstToken = Arrays.copyOf(frameFirstToken, size);
                frameItem = Arrays.copyOf(frameItem, size);
            }
            frameKind[i] = kind;
            frameColumn[i] = inherited;
            frameName[i] = standsFor;
            frameNameState[i] = standsFor == NONE ? NAME_UNSEEN : NAME_DONE;
            frameFirstToken[i] = true;
            frameItem[i] = 0;
        }

        private void close(TokenKind kind) {
            if (depth == 0) {
                finish(kind, null, true, false); // unbalanced: nothing to close
                return;
            }
            long standsFor = NONE;
            if (depth <= MAX_FRAMES) {
                int i = depth - 1;
                standsFor = frameName[i];
                if (frameKind[i] == COLUMNS) {
                    addInsertColumn(columnsItemName);
                    columnsDepth = -1;
                    expectValues = true;
                }
            }
            depth--;
            if (betweenDepth > depth) {
                between = NONE;
                betweenDepth = -1;
            }
            if (positionalDepth > depth) {
                positionalDepth = -1;
            }
            if (columnsDepth > depth) {
                columnsDepth = -1;
            }
            finish(kind, null, true, false);
            if (standsFor != NONE) {
                name = standsFor;
                completes = true;
            }
        }

        private void comma() {
            if (depth > 0 && depth <= MAX_FRAMES) {
                int i = depth - 1;
                // A tuple (a, b) = ... stands for no single column; naming the first would mislead.
                frameName[i] = NONE;
                frameNameState[i] = NAME_DONE;
                if (frameKind[i] == ROW) {
                    frameItem[i]++;
                } else if (frameKind[i] == COLUMNS) {
                    addInsertColumn(columnsItemName);
                    columnsItemName = NONE;
                }
            }
            finish(TokenKind.COMMA, null, false, false);
            positionalItemStart = depth == positionalDepth;
        }

        private void addInsertColumn(long column) {
            if (insertColumnCount == MAX_POSITIONS) {
                return;
            }
            if (insertColumnCount == insertColumns.length) {
                insertColumns = Arrays.copyOf(insertColumns, insertColumnCount * 2);
            }
            insertColumns[insertColumnCount++] = column;
        }

        /**
         * Tracks the first name directly inside the innermost bracket, which the closed bracket
         * then stands for; and drops the column a bracket inherited when it turns out to be a subquery.
         */
        private void frameToken(TokenKind kind, Keyword keyword, boolean isName) {
            if (depth == 0 || depth > MAX_FRAMES) {
                return;
            }
            int i = depth - 1;
            if (frameFirstToken[i]) {
                frameFirstToken[i] = false;
                if (keyword != null && keyword.startsSubquery()) {
                    frameColumn[i] = NONE;
                }
            }
            switch (frameNameState[i]) {
                case NAME_UNSEEN:
                    if (isName && prevKind != TokenKind.CAST) {
                        frameName[i] = ref(lexer.tokenStart(), lexer.tokenEnd());
                        frameNameState[i] = NAME_LIVE;
                    }
                    break;
                case NAME_LIVE:
                    if (isName && prevKind == TokenKind.DOT) {
                        frameName[i] = ref(lexer.tokenStart(), lexer.tokenEnd());
                    } else if (kind != TokenKind.DOT) {
                        if (kind == TokenKind.OPEN_PAREN && prevName) {
                            frameName[i] = NONE; // count(*): a function, not a column
                        }
                        frameNameState[i] = NAME_DONE;
                    }
                    break;
                default:
                    break;
            }
        }

        /** The {@code ? = column} form: the column comes after the value, so it is filled in afterwards. */
        private void reverse(TokenKind kind, boolean isName, int start, int end) {
            switch (reverseState) {
                case REVERSE_AFTER_VALUE:
                    reverseState = kind == TokenKind.OPERATOR && isComparison(start, end)
                            ? REVERSE_AFTER_OPERATOR : REVERSE_IDLE;
                    break;
                case REVERSE_AFTER_OPERATOR:
                case REVERSE_AFTER_DOT:
                    if (isName) {
                        out[reverseIndex] = text(ref(start, end));
                        reverseState = REVERSE_IN_COLUMN;
                    } else {
                        reverseState = REVERSE_IDLE;
                    }
                    break;
                case REVERSE_IN_COLUMN:
                    if (kind == TokenKind.DOT) {
                        reverseState = REVERSE_AFTER_DOT;
                    } else {
                        if (kind == TokenKind.OPEN_PAREN) {
                            out[reverseIndex] = null; // ? = f(x): a function, not a column
                        }
                        reverseState = REVERSE_IDLE;
                    }
                    break;
                default:
                    break;
            }
        }

        /** The column a value at the current depth gets when no comparison names one. */
        private long inheritedColumn() {
            if (depth == 0 || depth > MAX_FRAMES) {
                return NONE;
            }
            int i = depth - 1;
            if (frameKind[i] == ROW) {
                int item = frameItem[i];
                return rowsHaveColumns && item < insertColumnCount ? insertColumns[item] : NONE;
            }
            return frameColumn[i];
        }

        private void value(int type, long column, int start, int end, char sign) {
            if (literals && type == PLACEHOLDER_VALUE) {
                return;
            }
            if (count == cap) {
                full = true;
                return;
            }
            String item;
            if (literals) {
                item = type == STRING_VALUE ? unquote(start, end)
                        : sign == '\0' ? sql.substring(start, end) : sign + sql.substring(start, end);
            } else {
                item = column == NONE ? null : text(column);
                if (item == null) {
                    reverseState = REVERSE_AFTER_VALUE;
                    reverseIndex = count;
                }
            }
            if (count == out.length) {
                out = Arrays.copyOf(out, Math.min(cap, count * 2));
                placeholder = Arrays.copyOf(placeholder, out.length);
            }
            placeholder[count] = type == PLACEHOLDER_VALUE;
            out[count++] = item;
        }

        /** The text of a string token without its prefix (E, N, X, B, U&amp;, _charset) and quotes. */
        private String unquote(int start, int end) {
            if (sql.charAt(start) == '$') {
                int tagEnd = sql.indexOf('$', start + 1);
                if (tagEnd < 0 || tagEnd >= end) {
                    return sql.substring(start, end);
                }
                int tagLength = tagEnd + 1 - start;
                boolean closed = end - tagLength > tagEnd && sql.regionMatches(end - tagLength, sql, start, tagLength);
                int bodyEnd = closed ? end - tagLength : end;
                return sql.substring(tagEnd + 1, bodyEnd);
            }
            int quoteAt = start;
            while (quoteAt < end && sql.charAt(quoteAt) != '\'' && sql.charAt(quoteAt) != '"') {
                quoteAt++;
            }
            if (quoteAt == end) {
                return sql.substring(start, end);
            }
            return undouble(quoteAt, end);
        }

        /** The text between the quote at {@code quoteAt} and its closing quote (or the end), doubled quotes undone. */
        private String undouble(int quoteAt, int end) {
            char quote = sql.charAt(quoteAt);
            int bodyStart = quoteAt + 1;
            int bodyEnd = end - 1 >= bodyStart && sql.charAt(end - 1) == quote ? end - 1 : end;
            StringBuilder body = new StringBuilder(bodyEnd - bodyStart);
            for (int i = bodyStart; i < bodyEnd; i++) {
                char c = sql.charAt(i);
                body.append(c);
                if (c == quote && i + 1 < bodyEnd && sql.charAt(i + 1) == quote) {
                    i++;
                }
            }
            return body.toString();
        }

        /** A name reference as a column name: lower-case, unquoted. Each token is materialised once. */
        private String text(long reference) {
            if (names == null) {
                names = new HashMap<>();
            }
            return names.computeIfAbsent(reference, this::materialize);
        }

        private String materialize(long reference) {
            int start = (int) (reference >>> 32);
            int end = (int) reference;
            char first = sql.charAt(start);
            String text;
            if (first == '"' || first == '`') {
                text = undouble(start, end);
            } else if ((first == 'u' || first == 'U') && end - start >= 3 && sql.charAt(start + 1) == '&'
                    && sql.charAt(start + 2) == '"') {
                text = undouble(start + 2, end);
            } else {
                int from = start;
                while (from < end && sql.charAt(from) == '@') {
                    from++; // MySQL variables: @password
                }
                text = sql.substring(from, end);
            }
            return text.toLowerCase(Locale.ROOT);
        }

        private static long ref(int start, int end) {
            return ((long) start << 32) | (end & 0xffffffffL);
        }

        private void finish(TokenKind kind, Keyword keyword, boolean operand, boolean isName) {
            prevKind = kind;
            prevKeyword = keyword;
            prevOperand = operand;
            prevName = isName;
        }
    }
}
