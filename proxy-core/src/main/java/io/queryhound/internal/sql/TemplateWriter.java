package io.queryhound.internal.sql;

import io.queryhound.StatementKind;
import io.queryhound.internal.sql.SqlLexer.TokenKind;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the canonical template from the lexer's tokens in a single pass: values become {@code ?},
 * words are lower-cased, spacing is canonical, and a list whose items all have the first item's
 * canonical text is cut back to that first item as soon as it closes. Nothing recurses, and a
 * character written is compared at most once per enclosing list, of which at most
 * {@link #MAX_OPEN_LISTS} are tracked, so the time is linear in the input.
 *
 * <p>The context rules, each decided from the previous token and a few remembered depths:
 * <ul>
 *   <li>NULL is a value ({@code ?}) where it stands alone as a whole item of a {@code VALUES} row or
 *       an {@code IN (...)}/{@code ARRAY[...]} list, or right after the {@code =} of a
 *       {@code SET} assignment ({@code UPDATE ... SET}, {@code ON CONFLICT DO UPDATE SET},
 *       MySQL's {@code ON DUPLICATE KEY UPDATE}): there it is a bound value, and Hibernate pads
 *       batch-fetch lists with it. Everywhere else ({@code IS NULL}, {@code SELECT null},
 *       {@code coalesce(a, null)}, {@code DEFAULT NULL}) it is syntax and stays {@code null}.
 *   <li>TRUE and FALSE are values, except after {@code IS [NOT]}, where a parameter is not allowed.
 *   <li>A sign is part of a number only where an expression starts: {@code a >= -1} is
 *       {@code a >= ?}, {@code a - 1} is {@code a - ?}.
 *   <li>Integers right after {@code ORDER BY}/{@code GROUP BY} or a comma of their list are column
 *       positions and stay; so do integers inside a type's parentheses ({@code varchar(255)}).
 *   <li>A trailing {@code ;} is dropped, so {@code select 1;} and {@code select 1} are one statement.
 * </ul>
 */
final class TemplateWriter {

    /**
     * Lists nested deeper than this are written out item by item. It bounds the memory a
     * pathological statement ({@code in (in (in (...}) can take, and the number of times one
     * character can be compared.
     */
    private static final int MAX_OPEN_LISTS = 64;

    private enum Relation { NONE, EXPECTED, IN_NAME }

    private enum RowState { IN_ROW, AFTER_ROW, AFTER_COMMA }

    /**
     * One {@code IN (...)}, {@code ARRAY[...]} or multi-row {@code VALUES} list being written; the
     * template offsets of its first item are kept so that later items can be compared with it.
     */
    private static final class OpenList {
        /** VALUES rows (items are parenthesised rows one level deeper) rather than IN/ARRAY items. */
        boolean rows;
        /** IN/ARRAY: the depth inside the bracket. Rows: the depth of the VALUES keyword. */
        int depth;
        /** Index of this list's entry in {@link #listLengths}, reserved when it opened. */
        int slot;
        int firstStart;
        int firstEnd;
        int itemStart;
        int count;
        boolean allSame;
        /** listLengths' size after the first item: entries beyond belong to the items that get cut. */
        int lengthsAfterFirst;
        /** IN only: a SELECT as the first token makes it a subquery, not a list. */
        boolean awaitingFirstToken;
        RowState rowState;
    }

    /** An ASCII character lower-cased, as a Latin-1 byte. */
    private static final byte[] LOWER_ASCII = new byte[0x80];

    static {
        for (int c = 0; c < 0x80; c++) {
            LOWER_ASCII[c] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
    }

    private static final OpenList[] NO_LISTS = new OpenList[0];
    private static final int[] NO_LENGTHS = new int[0];

    private final String sql;
    /**
     * The template so far: the first {@code length} characters of {@code latin1} while each of them
     * fits in a byte (nearly always; compact strings do the same), else of {@code utf16}, which
     * replaces it at the first character that does not. Bare arrays rather than a StringBuilder: the
     * hot loop (lower-casing a word) writes into them directly, with one capacity check per token
     * instead of one per character, and the id is hashed from them in place.
     */
    private byte[] latin1;
    private char[] utf16;
    private int length;
    private final StatementKindReader kindReader = new StatementKindReader();
    /** Grown on demand up to MAX_OPEN_LISTS: most statements open none or one. */
    private OpenList[] lists = NO_LISTS;
    private int openLists;
    /** Item counts of the lists in the order they open; -1 for a list that did not collapse. */
    private int[] listLengths = NO_LENGTHS;
    private int listLengthsSize;

    private int depth;

    // The previous token, as far as spacing and the context rules need it.
    private TokenKind prevKind;
    private Keyword prevKeyword;
    private boolean prevOperand;
    private boolean prevCallable;
    private boolean prevStringLiteral;
    private boolean prevPrefixOperator;
    private boolean prevAssignmentEquals;
    private boolean glueNext = true;
    private boolean endsWithCommaSpace;
    private boolean pendingSemicolon;

    // Clause context.
    private boolean isPredicate;
    private int assignmentDepth = -1;
    private int positionalDepth = -1;
    private boolean positionalItemStart;
    private int typeModifierDepth = -1;
    private Relation relation = Relation.NONE;

    /** Characters compared between list items; with the lexer's count, proves linear time in a test. */
    long work;

    TemplateWriter(String sql) {
        this.sql = sql;
        // Templates are rarely longer than their statement (literals shrink to ?, comments go).
        this.latin1 = new byte[sql.length() + 16];
    }

    /** Hot path: called for every token of every statement that is not in the cache. */
    void accept(SqlLexer lexer, TokenKind kind) {
        // The word's path first and every other token in other(): most tokens are words, and a small
        // word() is inlined here by the JIT (the whole switch was too large to be).
        if (openLists > 0) {
            closeRowListsEndedBy(kind);
        }
        if (pendingSemicolon && kind != TokenKind.SEMICOLON) {
            writeHeldSemicolon();
        }
        OpenList innermost = innermostList();
        boolean firstTokenOfList = innermost != null && innermost.awaitingFirstToken && depth == innermost.depth;
        if (firstTokenOfList) {
            innermost.awaitingFirstToken = false;
        }
        if (kind == TokenKind.WORD) {
            word(lexer.tokenStart(), lexer.tokenEnd(), firstTokenOfList);
        } else {
            other(lexer, kind);
        }
        if (!kindReader.done()) {
            boolean opens = kind == TokenKind.OPEN_PAREN || kind == TokenKind.OPEN_BRACKET || kind == TokenKind.OPEN_BRACE;
            kindReader.accept(kind, kind == TokenKind.WORD ? prevKeyword : null, opens ? depth - 1 : depth);
        }
    }

    /** A semicolon that turned out not to be the last token. */
    private void writeHeldSemicolon() {
        write(';');
        pendingSemicolon = false;
        glueNext = false;
        endsWithCommaSpace = false;
    }

    /** Every token but a word. */
    private void other(SqlLexer lexer, TokenKind kind) {
        int start = lexer.tokenStart();
        int end = lexer.tokenEnd();
        switch (kind) {
            case QUOTED_IDENTIFIER:
                updateRelation(kind, null);
                space(false);
                writeAsIs(start, end);
                finishToken(kind, null, true, relation != Relation.IN_NAME, false);
                break;
            case STRING:
                // Adjacent strings are one value ('a' 'b' concatenates); two ? would not be valid SQL.
                if (!prevStringLiteral) {
                    value(kind, true);
                }
                break;
            case NUMBER:
                number(start, end, lexer.isInteger());
                break;
            case PLACEHOLDER:
                value(kind, false);
                break;
            case NAMED_PARAMETER:
                if (prevOperand) {
                    space(true);
                    writeLowerCase(start, end);
                    finishToken(kind, null, true, false, false);
                } else {
                    value(kind, false);
                }
                break;
            case OPERATOR:
                operator(lexer, start, end);
                break;
            case OPEN_PAREN:
                openParen();
                break;
            case OPEN_BRACKET:
                openBracket();
                break;
            case OPEN_BRACE:
                space(false);
                write('{');
                depth++;
                finishToken(kind, null, false, false, true);
                break;
            case CLOSE_PAREN:
            case CLOSE_BRACKET:
            case CLOSE_BRACE:
                close(kind, sql.charAt(start));
                break;
            case COMMA:
                comma();
                break;
            case DOT:
            case CAST:
            case COLON:
                space(true);
                writeAsIs(start, end);
                finishToken(kind, null, false, false, true);
                break;
            case SEMICOLON:
                semicolon();
                break;
            default:
                space(false);
                writeAsIs(start, end);
                finishToken(kind, null, false, false, false);
                break;
        }
    }

    void finish() {
        closeRowListsEndedBy(TokenKind.END);
        // The dropped trailing semicolon (pendingSemicolon) is simply never written.
        if (endsWithCommaSpace) {
            length--;
        }
    }

    String template() {
        return utf16 != null ? new String(utf16, 0, length) : new String(latin1, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** The id of the whole template, hashed where it lies. */
    long id() {
        return utf16 != null ? Fingerprinter.id(utf16, length) : Fingerprinter.idOfLatin1(latin1, length);
    }

    StatementKind kind() {
        return kindReader.kind();
    }

    int[] collapsedListLengths() {
        int n = 0;
        for (int i = 0; i < listLengthsSize; i++) {
            if (listLengths[i] > 0) {
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        int[] result = new int[n];
        n = 0;
        for (int i = 0; i < listLengthsSize; i++) {
            if (listLengths[i] > 0) {
                result[n++] = listLengths[i];
            }
        }
        return result;
    }

    // ---- tokens ----

    private void word(int start, int end, boolean firstTokenOfList) {
        space(false);
        int at = length;
        writeLowerCase(start, end);
        // After a dot every word is a name: t.key, t.values, t.true.
        Keyword keyword = prevKind == TokenKind.DOT ? null
                : utf16 != null ? Keyword.lookup(utf16, at, length) : Keyword.lookup(latin1, at, length);
        if (keyword == null) {
            // Hot path: a name, most words. What keywordOrValue does for a keyword, reduced to a name's case.
            updateRelation(TokenKind.WORD, null);
            finishToken(TokenKind.WORD, null, true, relation != Relation.IN_NAME, false);
            return;
        }
        keywordOrValue(keyword, at, firstTokenOfList);
    }

    /** The rest of {@link #word} for a keyword: apart, so that the name's path is small enough to be inlined. */
    private void keywordOrValue(Keyword keyword, int at, boolean firstTokenOfList) {
        if (isValue(keyword)) {
            length = at;
            write('?');
            finishToken(TokenKind.NUMBER, null, true, false, false);
            return;
        }
        updateRelation(TokenKind.WORD, keyword);
        if (firstTokenOfList && keyword != null && keyword.startsSubquery()) {
            dropInnermostList();
        }
        boolean startsPositional = false;
        if (keyword != null) {
            switch (keyword) {
                case BY:
                    if (prevKeyword == Keyword.ORDER || prevKeyword == Keyword.GROUP) {
                        positionalDepth = depth;
                        startsPositional = true;
                    }
                    break;
                case SET:
                    assignmentDepth = depth;
                    break;
                case UPDATE:
                    if (prevKeyword == Keyword.KEY) {
                        assignmentDepth = depth; // ON DUPLICATE KEY UPDATE a = ...
                    }
                    break;
                default:
                    break;
            }
            if (depth == positionalDepth && endsPositionalList(keyword)) {
                positionalDepth = -1;
            }
            if (depth == assignmentDepth && endsAssignments(keyword)) {
                assignmentDepth = -1;
            }
        }
        boolean wasPredicate = isPredicate;
        boolean operand = keyword == null || !keyword.startsExpression();
        boolean callable = (keyword == null || !keyword.opensClause()) && relation != Relation.IN_NAME;
        finishToken(TokenKind.WORD, keyword, operand, callable, false);
        isPredicate = keyword == Keyword.IS || (keyword == Keyword.NOT && wasPredicate);
        positionalItemStart = startsPositional;
    }

    private boolean isValue(Keyword keyword) {
        if (keyword == Keyword.TRUE || keyword == Keyword.FALSE) {
            return !isPredicate;
        }
        if (keyword != Keyword.NULL) {
            return false;
        }
        boolean itemStart = prevKind == TokenKind.COMMA || prevKind == TokenKind.OPEN_PAREN
                || prevKind == TokenKind.OPEN_BRACKET;
        OpenList list = innermostList();
        if (list != null && itemStart) {
            if (!list.rows && depth == list.depth) {
                return true;
            }
            if (list.rows && list.rowState == RowState.IN_ROW && depth == list.depth + 1) {
                return true;
            }
        }
        return prevAssignmentEquals && depth == assignmentDepth;
    }

    private void number(int start, int end, boolean integer) {
        boolean position = integer && positionalItemStart && depth == positionalDepth;
        boolean typeModifier = integer && depth == typeModifierDepth;
        if (position || typeModifier) {
            space(false);
            writeAsIs(start, end);
            finishToken(TokenKind.NUMBER, null, true, false, false);
        } else {
            value(TokenKind.NUMBER, false);
        }
    }

    private void value(TokenKind kind, boolean string) {
        space(false);
        write('?');
        finishToken(kind, null, true, false, false);
        prevStringLiteral = string;
    }

    private void operator(SqlLexer lexer, int start, int end) {
        boolean single = end - start == 1;
        char c = sql.charAt(start);
        if (prevOperand) {
            space(false);
            writeAsIs(start, end);
            finishToken(TokenKind.OPERATOR, null, false, false, false);
            prevAssignmentEquals = single && c == '=' && depth == assignmentDepth;
            return;
        }
        if (single && c == '*') {
            // Not a multiplication where an operand is expected: select *, count(*), t.*
            spaceAfterPrefixOperator();
            write('*');
            finishToken(TokenKind.OPERATOR, null, true, false, false);
            return;
        }
        if (single && (c == '-' || c == '+') && lexer.consumeNumber()) {
            value(TokenKind.PLACEHOLDER, false); // -1 where an expression starts is one value
            return;
        }
        // A prefix operator (-a, ~mask): glued to its operand.
        spaceAfterPrefixOperator();
        writeAsIs(start, end);
        finishToken(TokenKind.OPERATOR, null, false, false, true);
        prevPrefixOperator = true;
    }

    /** Two prefix operators written together could read as one ("- -a" is not "--a", a comment). */
    private void spaceAfterPrefixOperator() {
        if (prevPrefixOperator) {
            write(' ');
        } else {
            space(false);
        }
    }

    private void openParen() {
        OpenList innermost = innermostList();
        boolean nextRow = innermost != null && innermost.rows && innermost.depth == depth
                && innermost.rowState == RowState.AFTER_COMMA;
        boolean firstRow = prevKeyword == Keyword.VALUES;
        boolean valueList = prevKeyword == Keyword.IN;
        boolean typeModifiers = prevKeyword != null && prevKeyword.hasTypeModifiers();
        space(prevCallable || glueNext);
        int at = length;
        write('(');
        if (nextRow) {
            innermost.rowState = RowState.IN_ROW;
            innermost.itemStart = at;
        } else if (firstRow) {
            OpenList rows = pushList(true, depth);
            if (rows != null) {
                rows.rowState = RowState.IN_ROW;
                rows.itemStart = at;
            }
        }
        depth++;
        if (valueList) {
            OpenList items = pushList(false, depth);
            if (items != null) {
                items.awaitingFirstToken = true;
            }
        }
        if (typeModifiers) {
            typeModifierDepth = depth;
        }
        finishToken(TokenKind.OPEN_PAREN, null, false, false, true);
    }

    private void openBracket() {
        boolean valueList = prevKeyword == Keyword.ARRAY;
        space(prevOperand || glueNext);
        write('[');
        depth++;
        if (valueList) {
            pushList(false, depth);
        }
        finishToken(TokenKind.OPEN_BRACKET, null, false, false, true);
    }

    private void close(TokenKind kind, char closer) {
        OpenList innermost = innermostList();
        if (innermost != null && !innermost.rows && innermost.depth == depth) {
            endItem(innermost);
            closeList(innermost, false);
        }
        space(true);
        write(closer);
        depth = Math.max(0, depth - 1);
        innermost = innermostList();
        if (innermost != null && innermost.rows && innermost.rowState == RowState.IN_ROW && innermost.depth == depth) {
            endItem(innermost);
            innermost.rowState = RowState.AFTER_ROW;
        }
        if (positionalDepth > depth) {
            positionalDepth = -1;
        }
        if (assignmentDepth > depth) {
            assignmentDepth = -1;
        }
        if (typeModifierDepth > depth) {
            typeModifierDepth = -1;
        }
        finishToken(kind, null, true, false, false);
    }

    private void comma() {
        OpenList innermost = innermostList();
        boolean items = innermost != null && !innermost.rows && innermost.depth == depth;
        if (items) {
            endItem(innermost);
        } else if (innermost != null && innermost.rows && innermost.depth == depth
                && innermost.rowState == RowState.AFTER_ROW) {
            innermost.rowState = RowState.AFTER_COMMA;
        }
        write(',');
        write(' ');
        if (items) {
            innermost.itemStart = length;
        }
        finishToken(TokenKind.COMMA, null, false, false, true);
        endsWithCommaSpace = true;
        positionalItemStart = depth == positionalDepth;
    }

    private void semicolon() {
        // Written only if another token follows: a trailing ';' is dropped.
        pendingSemicolon = length > 0;
        assignmentDepth = -1;
        positionalDepth = -1;
        typeModifierDepth = -1;
        relation = Relation.NONE;
        boolean trailingComma = endsWithCommaSpace; // nothing is written yet
        finishToken(TokenKind.SEMICOLON, null, false, false, false);
        endsWithCommaSpace = trailingComma;
    }

    // ---- spacing and the previous token ----

    /** One space before the token unless it or the previous token glues (no space after '(' or before ','). */
    private void space(boolean glueLeft) {
        if (!glueLeft && !glueNext && length > 0) {
            write(' ');
        }
    }

    private void finishToken(TokenKind kind, Keyword keyword, boolean operand, boolean callable, boolean glueRight) {
        if (kind != TokenKind.WORD && kind != TokenKind.QUOTED_IDENTIFIER) {
            updateRelation(kind, null);
        }
        prevKind = kind;
        prevKeyword = keyword;
        prevOperand = operand;
        prevCallable = callable;
        glueNext = glueRight;
        prevStringLiteral = false;
        prevPrefixOperator = false;
        prevAssignmentEquals = false;
        isPredicate = false;
        positionalItemStart = false;
        endsWithCommaSpace = false;
    }

    /**
     * Tracks the table name after INTO, TABLE and REFERENCES, so that its column list is written
     * {@code insert into t (a, b)} and not like a call {@code t(a, b)}.
     */
    private void updateRelation(TokenKind kind, Keyword keyword) {
        if (relation == Relation.NONE && (keyword == null || !keyword.namesRelation())) {
            return; // the common case, decided before the rules below
        }
        boolean name = kind == TokenKind.QUOTED_IDENTIFIER || (kind == TokenKind.WORD && (keyword == null || !keyword.opensClause()));
        if (keyword != null && keyword.namesRelation()) {
            relation = Relation.EXPECTED;
        } else if (relation == Relation.EXPECTED && (keyword == Keyword.IF || keyword == Keyword.NOT
                || keyword == Keyword.EXISTS || keyword == Keyword.ONLY)) {
            return; // create table if not exists t (...)
        } else if (relation == Relation.EXPECTED && name) {
            relation = Relation.IN_NAME;
        } else if (relation == Relation.IN_NAME && (kind == TokenKind.DOT || (name && prevKind == TokenKind.DOT))) {
            return; // schema.table
        } else {
            relation = Relation.NONE;
        }
    }

    // ---- writing ----

    private void write(char c) {
        // Hot path, several times a token: small enough for the JIT to inline at every call; all else in writeSlow.
        byte[] out = latin1;
        if (out != null && c <= 0xFF && length < out.length) {
            out[length++] = (byte) c;
            return;
        }
        writeSlow(c);
    }

    private void writeSlow(char c) {
        if (length == capacity()) {
            grow(1);
        }
        if (utf16 == null && c > 0xFF) {
            inflate();
        }
        if (utf16 != null) {
            utf16[length++] = c;
        } else {
            latin1[length++] = (byte) c;
        }
    }

    /** The token {@code sql[start, end)} exactly as written. */
    private void writeAsIs(int start, int end) {
        ensureRoom(end - start);
        for (int i = start; i < end; i++) {
            write(sql.charAt(i)); // most of these are one character: . = > ::
        }
    }

    /** Writes {@code sql[start, end)} lower-cased. */
    private void writeLowerCase(int start, int end) {
        // Lower case is never longer: a char gives one char, a surrogate pair one code point.
        ensureRoom(end - start);
        int i = start;
        if (utf16 == null) {
            // Hot path: most of a template is words, and nearly all of their characters are ASCII,
            // which go straight into the byte buffer through a table. From the first character that
            // is not, writeLowerCaseSlow goes the general way.
            byte[] out = latin1;
            String in = sql;
            int shift = length - start;
            for (; i < end; i++) {
                char c = in.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                out[shift + i] = LOWER_ASCII[c];
            }
            length = shift + i;
        }
        if (i < end) {
            writeLowerCaseSlow(i, end);
        }
    }

    /** {@link #writeLowerCase} from the first character that is not ASCII or from a template gone UTF-16. */
    private void writeLowerCaseSlow(int start, int end) {
        for (int i = start; i < end; i++) {
            char c = sql.charAt(i);
            if (c < 0x80) {
                write((char) LOWER_ASCII[c]);
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(sql.charAt(i + 1))) {
                int lower = Character.toLowerCase(Character.toCodePoint(c, sql.charAt(++i)));
                if (Character.isBmpCodePoint(lower)) {
                    write((char) lower);
                } else {
                    write(Character.highSurrogate(lower));
                    write(Character.lowSurrogate(lower));
                }
            } else {
                write(Character.toLowerCase(c));
            }
        }
    }

    /** The template's character at {@code index}. */
    private char charAt(int index) {
        return utf16 != null ? utf16[index] : (char) (latin1[index] & 0xFF);
    }

    private int capacity() {
        return utf16 != null ? utf16.length : latin1.length;
    }

    private void ensureRoom(int chars) {
        if (capacity() - length < chars) {
            grow(chars);
        }
    }

    private void grow(int chars) {
        int capacity = Math.max(2 * capacity(), length + chars);
        if (utf16 != null) {
            utf16 = Arrays.copyOf(utf16, capacity);
        } else {
            latin1 = Arrays.copyOf(latin1, capacity);
        }
    }

    /** A character above U+00FF is to be written: the template goes on in UTF-16. */
    private void inflate() {
        char[] chars = new char[latin1.length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (latin1[i] & 0xFF);
        }
        utf16 = chars;
        latin1 = null;
    }

    // ---- list collapsing ----

    private OpenList innermostList() {
        return openLists == 0 ? null : lists[openLists - 1];
    }

    private OpenList pushList(boolean rows, int listDepth) {
        if (openLists == MAX_OPEN_LISTS) {
            return null;
        }
        if (openLists == lists.length) {
            lists = Arrays.copyOf(lists, Math.min(MAX_OPEN_LISTS, Math.max(4, 2 * openLists)));
        }
        OpenList list = lists[openLists];
        if (list == null) {
            list = new OpenList();
            lists[openLists] = list;
        }
        openLists++;
        list.rows = rows;
        list.depth = listDepth;
        list.slot = addListLength();
        list.firstStart = length;
        list.firstEnd = -1;
        list.itemStart = length;
        list.count = 0;
        list.allSame = true;
        list.lengthsAfterFirst = -1;
        list.awaitingFirstToken = false;
        list.rowState = null;
        return list;
    }

    /** IN (SELECT ...): nothing was recorded after this list's slot yet, so the slot is the last entry. */
    private void dropInnermostList() {
        openLists--;
        listLengthsSize = lists[openLists].slot;
    }

    /** The item (or row) from itemStart to the end of the template is complete: compare it with the first. */
    private void endItem(OpenList list) {
        int itemEnd = length;
        if (list.count == 0) {
            list.firstStart = list.itemStart;
            list.firstEnd = itemEnd;
            list.lengthsAfterFirst = listLengthsSize;
        } else if (list.allSame) {
            list.allSame = sameText(list.firstStart, list.firstEnd, list.itemStart, itemEnd);
        }
        list.count++;
    }

    private boolean sameText(int aStart, int aEnd, int bStart, int bEnd) {
        if (aEnd - aStart != bEnd - bStart) {
            return false;
        }
        for (int i = 0; i < aEnd - aStart; i++) {
            work++;
            if (charAt(aStart + i) != charAt(bStart + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ends the innermost list. When every item had the first item's text, the template is cut back
     * to the first item; a comma already written after the last row is kept.
     */
    private void closeList(OpenList list, boolean keepTrailingComma) {
        if (list.allSame && list.count >= 2) {
            length = list.firstEnd;
            if (keepTrailingComma) {
                write(',');
                write(' ');
            }
            listLengthsSize = list.lengthsAfterFirst;
            listLengths[list.slot] = list.count;
        }
        openLists--;
    }

    /** A VALUES row list ends at the first token after a row that is not ", (". */
    private void closeRowListsEndedBy(TokenKind kind) {
        while (openLists > 0) {
            OpenList list = lists[openLists - 1];
            if (!list.rows || list.depth != depth || list.rowState == RowState.IN_ROW
                    || (list.rowState == RowState.AFTER_ROW && kind == TokenKind.COMMA)
                    || (list.rowState == RowState.AFTER_COMMA && kind == TokenKind.OPEN_PAREN)) {
                return;
            }
            closeList(list, list.rowState == RowState.AFTER_COMMA);
        }
    }

    private int addListLength() {
        if (listLengthsSize == listLengths.length) {
            listLengths = Arrays.copyOf(listLengths, Math.max(4, listLengthsSize * 2));
        }
        listLengths[listLengthsSize] = -1;
        return listLengthsSize++;
    }

    private static boolean endsPositionalList(Keyword keyword) {
        switch (keyword) {
            case LIMIT: case OFFSET: case FETCH: case FOR: case UNION: case INTERSECT: case EXCEPT:
            case HAVING: case WINDOW: case RETURNING: case INTO:
                return true;
            default:
                return false;
        }
    }

    private static boolean endsAssignments(Keyword keyword) {
        switch (keyword) {
            case WHERE: case FROM: case RETURNING: case WHEN: case LIMIT: case ORDER:
                return true;
            default:
                return false;
        }
    }
}
