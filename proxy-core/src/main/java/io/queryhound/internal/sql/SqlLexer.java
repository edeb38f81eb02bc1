package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;

/**
 * Splits SQL into tokens under one dialect's lexical rules, skipping whitespace and comments. It
 * only ever moves forward (a failed {@link #consumeNumber()} rewinds over one token), and an
 * unterminated quote or comment simply runs to the end of the input, so any input lexes in
 * linear time without an exception.
 */
final class SqlLexer {

    enum TokenKind {
        /** A keyword or unquoted identifier; also a MySQL {@code @variable}. */
        WORD,
        /** {@code "Users"}, {@code `my table`}, {@code U&"d\0061ta"}: kept exactly as written. */
        QUOTED_IDENTIFIER,
        /** Every form of quoted text: plain, {@code E''}, {@code N''}, {@code X''}, {@code B''}, {@code U&''}, dollar-quoted. */
        STRING,
        /** Integer, decimal, exponent, hex, binary or octal number. */
        NUMBER,
        /** {@code ?} or {@code $1}. */
        PLACEHOLDER,
        /** {@code :name}; a value unless it follows an operand ({@code a[1:n]} is a slice). */
        NAMED_PARAMETER,
        /** {@code =}, {@code >=}, {@code ||}, {@code ->>}, {@code ??}, {@code *} ... */
        OPERATOR,
        OPEN_PAREN, CLOSE_PAREN, OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE,
        COMMA, DOT,
        /** {@code ::} */
        CAST,
        /** A lone {@code :} (array slices). */
        COLON,
        SEMICOLON,
        /** A character with no meaning here (a stray backslash, a lone {@code $}, a control character). */
        OTHER,
        END
    }

    // The classes of ASCII characters: one table lookup instead of a chain of comparisons for every
    // character scanned. Above ASCII, isIdentifierStart, isIdentifierPart and isSpace spell the rules out.
    private static final int IDENTIFIER_START = 1;
    private static final int IDENTIFIER_PART = 2;
    private static final int SPACE = 4;
    private static final byte[] ASCII_CLASS = new byte[0x80];
    /** The value of an ASCII digit or letter in any radix up to 36; 99 for other characters. */
    private static final byte[] DIGIT_VALUE = new byte[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            int classes = 0;
            if (letter || c == '_') {
                classes |= IDENTIFIER_START | IDENTIFIER_PART;
            }
            if (isDigit(c) || c == '$') {
                classes |= IDENTIFIER_PART;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B') {
                classes |= SPACE;
            }
            ASCII_CLASS[c] = (byte) classes;
            DIGIT_VALUE[c] = (byte) (isDigit(c) ? c - '0' : letter ? (c | 0x20) - 'a' + 10 : 99);
        }
    }

    private final String sql;
    private final int length;
    private final boolean mysql;
    private final boolean postgresOperators;
    private final boolean nestedComments;
    private final boolean slashSlashComments;
    private final boolean dollarQuotes;
    private final boolean backtickIdentifiers;
    private final boolean atVariables;

    private int pos;
    private int tokenStart;
    private int tokenEnd;
    private boolean integer;

    /** Characters examined, including re-reads; lets a test prove the lexer linear without a clock. */
    long work;

    SqlLexer(String sql, SqlDialect dialect) {
        this.sql = sql;
        this.length = sql.length();
        this.mysql = dialect == SqlDialect.MYSQL;
        // MySQL and H2 have a small fixed operator set; PostgreSQL lets users define operators from
        // a character set, which GENERIC follows because most of its input is PostgreSQL-like.
        this.postgresOperators = dialect == SqlDialect.POSTGRESQL || dialect == SqlDialect.GENERIC;
        // PostgreSQL and H2 nest /* /* */ */ (so does standard SQL); MySQL ends at the first */.
        this.nestedComments = !mysql;
        this.slashSlashComments = dialect == SqlDialect.H2;
        this.dollarQuotes = !mysql;
        this.backtickIdentifiers = dialect != SqlDialect.POSTGRESQL;
        this.atVariables = dialect != SqlDialect.POSTGRESQL;
    }

    int tokenStart() {
        return tokenStart;
    }

    int tokenEnd() {
        return tokenEnd;
    }

    /** For a NUMBER token: whether it is plain decimal digits (a possible ORDER BY position). */
    boolean isInteger() {
        return integer;
    }

    TokenKind next() {
        int from = pos;
        int start = skipSpaceAndComments(from);
        pos = start;
        tokenStart = start;
        TokenKind kind;
        if (start >= length) {
            kind = TokenKind.END;
        } else {
            char c = sql.charAt(start);
            int end = plainWordEnd(c, start);
            if (end > 0) {
                pos = end;
                kind = TokenKind.WORD;
            } else {
                kind = token(c);
            }
        }
        tokenEnd = pos;
        work += pos - from;
        return kind;
    }

    /**
     * Hot path, most tokens: the end of a plain word, an ASCII letter or '_' and the identifier characters
     * after it; -1 for everything else, which {@link #token} decides (including the words that start a
     * prefixed string, {@code E'..'}, {@code U&'..'} and MySQL's {@code _utf8mb4'..'}). Small enough for
     * the JIT to inline into {@link #next}, where {@link #token} is too large to be.
     */
    private int plainWordEnd(char first, int start) {
        if (first >= 0x80 || (ASCII_CLASS[first] & IDENTIFIER_START) == 0) {
            return -1;
        }
        char second = charAt(start + 1);
        if (second == '\'' || second == '&') {
            return -1;
        }
        int end = endOfIdentifier(start + 1);
        return mysql && first == '_' && charAt(end) == '\'' ? -1 : end;
    }

    /**
     * Consumes the next token if it is a number (the writer folds a sign into it); otherwise leaves
     * the position where it was.
     */
    boolean consumeNumber() {
        int from = pos;
        if (next() == TokenKind.NUMBER) {
            return true;
        }
        pos = from;
        return false;
    }

    private TokenKind token(char c) {
        if (isIdentifierStart(c)) {
            return word(c); // hot path: most tokens are names and keywords, so they are tested for first
        }
        switch (c) {
            case '(':
                return single(TokenKind.OPEN_PAREN);
            case ')':
                return single(TokenKind.CLOSE_PAREN);
            case '[':
                return single(TokenKind.OPEN_BRACKET);
            case ']':
                return single(TokenKind.CLOSE_BRACKET);
            case '{':
                return single(TokenKind.OPEN_BRACE);
            case '}':
                return single(TokenKind.CLOSE_BRACE);
            case ',':
                return single(TokenKind.COMMA);
            case ';':
                return single(TokenKind.SEMICOLON);
            case '\'':
                pos = endOfQuoted(pos + 1, '\'', mysql);
                return TokenKind.STRING;
            case '"':
                // MySQL (without ANSI_QUOTES) reads double quotes as a string.
                pos = endOfQuoted(pos + 1, '"', mysql);
                return mysql ? TokenKind.STRING : TokenKind.QUOTED_IDENTIFIER;
            case '`':
                if (backtickIdentifiers) {
                    pos = endOfQuoted(pos + 1, '`', false);
                    return TokenKind.QUOTED_IDENTIFIER;
                }
                return operator();
            case '.':
                if (isDigit(charAt(pos + 1)) && !followsName(pos)) {
                    return number();
                }
                return single(TokenKind.DOT);
            case ':':
                return colon();
            case '?':
                // PgJDBC writes the ? operator as ?? so that it is not taken for a parameter.
                return charAt(pos + 1) == '?' ? operator() : single(TokenKind.PLACEHOLDER);
            case '$':
                return dollar();
            case '@':
                return atSign();
            default:
                break;
        }
        if (isDigit(c)) {
            return number();
        }
        if (isOperatorChar(c)) {
            return operator();
        }
        return single(TokenKind.OTHER);
    }

    private TokenKind single(TokenKind kind) {
        pos++;
        return kind;
    }

    /** The index of the next token at or after {@code i}. */
    private int skipSpaceAndComments(int i) {
        // Hot path: runs before every token. Most characters are decided by the first test; the
        // character after is read only where a comment may start.
        while (i < length) {
            char c = sql.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (c == '-') {
                // MySQL needs whitespace after "--": there a--1 is a minus minus one.
                if (charAt(i + 1) != '-' || (mysql && !isSpaceOrControl(charAt(i + 2)))) {
                    return i;
                }
                i = endOfLine(i + 2);
            } else if (c == '/') {
                char next = charAt(i + 1);
                if (next == '*') {
                    i = endOfBlockComment(i + 2);
                } else if (next == '/' && slashSlashComments) {
                    i = endOfLine(i + 1);
                } else {
                    return i;
                }
            } else if (c == '#' && mysql) {
                i = endOfLine(i + 1);
            } else {
                return i;
            }
        }
        return i;
    }

    private int endOfLine(int i) {
        while (i < length && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private int endOfBlockComment(int i) {
        int level = 1;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '*' && charAt(i + 1) == '/') {
                i += 2;
                if (--level == 0) {
                    return i;
                }
            } else if (c == '/' && charAt(i + 1) == '*' && nestedComments) {
                i += 2;
                level++;
            } else {
                i++;
            }
        }
        return length;
    }

    /** The index after the closing quote; a doubled quote is part of the text. */
    private int endOfQuoted(int i, char quote, boolean backslashEscapes) {
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\\' && backslashEscapes) {
                i += 2;
            } else if (c == quote) {
                if (charAt(i + 1) != quote) {
                    return i + 1;
                }
                i += 2;
            } else {
                i++;
            }
        }
        return length;
    }

    private TokenKind word(char first) {
        int start = pos;
        char second = charAt(start + 1);
        if (second == '\'') {
            char prefix = (char) (first | 0x20);
            if (prefix == 'e' || prefix == 'n' || prefix == 'x' || prefix == 'b') {
                // E'..' (escapes), N'..' (national), X'..' (hex), B'..' (bits)
                pos = endOfQuoted(start + 2, '\'', mysql || prefix == 'e');
                return TokenKind.STRING;
            }
        }
        if ((first | 0x20) == 'u' && second == '&' && !mysql) {
            char quote = charAt(start + 2);
            if (quote == '\'') {
                pos = endOfQuoted(start + 3, '\'', false);
                return TokenKind.STRING;
            }
            if (quote == '"') {
                pos = endOfQuoted(start + 3, '"', false);
                return TokenKind.QUOTED_IDENTIFIER;
            }
        }
        int end = endOfIdentifier(start);
        if (mysql && first == '_' && charAt(end) == '\'') {
            // A character set introducer: _utf8mb4'text' is one string.
            pos = endOfQuoted(end + 1, '\'', true);
            return TokenKind.STRING;
        }
        if (end == start) {
            return single(TokenKind.OTHER);
        }
        pos = end;
        return TokenKind.WORD;
    }

    private int endOfIdentifier(int i) {
        // Hot path: most of a statement's characters are in names and keywords.
        while (i < length && isIdentifierPart(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private TokenKind number() {
        int start = pos;
        integer = true;
        int i = pos;
        if (sql.charAt(i) == '0') {
            char radix = (char) (charAt(i + 1) | 0x20);
            int digitsEnd = radix == 'x' ? endOfDigits(i + 2, 16) : radix == 'b' ? endOfDigits(i + 2, 2)
                    : radix == 'o' ? endOfDigits(i + 2, 8) : i + 2;
            if (digitsEnd > i + 2) {
                integer = false;
                return endNumber(start, digitsEnd, true);
            }
        }
        i = endOfDigits(i, 10);
        boolean fraction = false;
        if (charAt(i) == '.' && charAt(i + 1) != '.') {
            // 5.001, 5001. and .5 (a '..' after digits is a range, not a fraction)
            integer = false;
            fraction = true;
            i = endOfDigits(i + 1, 10);
        }
        if ((charAt(i) | 0x20) == 'e') {
            int exponent = charAt(i + 1) == '+' || charAt(i + 1) == '-' ? i + 2 : i + 1;
            if (isDigit(charAt(exponent))) {
                integer = false;
                i = endOfDigits(exponent, 10);
            }
        }
        return endNumber(start, i, !fraction);
    }

    /**
     * Digits running straight into letters make a name, not a number followed by a name: MySQL
     * allows identifiers such as {@code 2024_orders}, and no dialect has a number like {@code 1abc}.
     */
    private TokenKind endNumber(int start, int end, boolean mayContinueAsName) {
        if (mayContinueAsName && end < length && isIdentifierPart(sql.charAt(end))) {
            pos = endOfIdentifier(end);
            return TokenKind.WORD;
        }
        pos = end;
        return TokenKind.NUMBER;
    }

    /** Digits of the radix; outside MySQL an underscore between two digits separates them (1_000_000). */
    private int endOfDigits(int i, int radix) {
        while (i < length) {
            char c = sql.charAt(i);
            if (isDigit(c, radix)) {
                i++;
            } else if (c == '_' && !mysql && i > pos && isDigit(sql.charAt(i - 1), radix) && isDigit(charAt(i + 1), radix)) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** Whether the '.' at {@code i} qualifies a name ({@code t.5} is odd but not the number .5). */
    private boolean followsName(int i) {
        if (i == 0) {
            return false;
        }
        char before = sql.charAt(i - 1);
        return isIdentifierPart(before) || before == '"' || before == '`' || before == ')' || before == ']';
    }

    private TokenKind colon() {
        char next = charAt(pos + 1);
        if (next == ':') {
            pos += 2;
            return TokenKind.CAST;
        }
        if (next == '=') {
            pos += 2;
            return TokenKind.OPERATOR;
        }
        if (isIdentifierStart(next)) {
            pos = endOfIdentifier(pos + 1);
            return TokenKind.NAMED_PARAMETER;
        }
        return single(TokenKind.COLON);
    }

    /** A MySQL {@code @user_variable} or {@code @@system_variable} is a word; in PostgreSQL '@' is an operator. */
    private TokenKind atSign() {
        int name = pos + (charAt(pos + 1) == '@' ? 2 : 1);
        if (atVariables && isIdentifierStart(charAt(name))) {
            pos = endOfIdentifier(name);
            return TokenKind.WORD;
        }
        return operator();
    }

    private TokenKind dollar() {
        if (isDigit(charAt(pos + 1))) {
            pos = endOfDigits(pos + 1, 10);
            return TokenKind.PLACEHOLDER;
        }
        if (dollarQuotes) {
            int bodyStart = endOfDollarTag(pos);
            if (bodyStart > 0) {
                pos = endOfDollarQuoted(pos, bodyStart);
                return TokenKind.STRING;
            }
        }
        return single(TokenKind.OTHER);
    }

    /** For {@code $$} or {@code $tag$} at {@code i}: the index after it; -1 when it is not a tag. */
    private int endOfDollarTag(int i) {
        int j = i + 1;
        if (charAt(j) != '$') {
            if (!isIdentifierStart(charAt(j))) {
                return -1;
            }
            while (j < length && sql.charAt(j) != '$' && isIdentifierPart(sql.charAt(j))) {
                j++;
            }
            work += j - i;
            if (charAt(j) != '$') {
                return -1;
            }
        }
        return j + 1;
    }

    /**
     * The index after the closing tag. A tag has no '$' inside, so each comparison stops at the next
     * '$' of the body at the latest: the search stays linear.
     */
    private int endOfDollarQuoted(int tagStart, int bodyStart) {
        int tagLength = bodyStart - tagStart;
        for (int i = bodyStart; i < length; i++) {
            if (sql.charAt(i) == '$') {
                int k = 1;
                while (k < tagLength && i + k < length && sql.charAt(i + k) == sql.charAt(tagStart + k)) {
                    k++;
                }
                work += k;
                if (k == tagLength) {
                    return i + tagLength;
                }
            }
        }
        return length;
    }

    private TokenKind operator() {
        int start = pos;
        pos = postgresOperators ? endOfPostgresOperator(start) : endOfFixedOperator(start);
        return TokenKind.OPERATOR;
    }

    /**
     * PostgreSQL's rule: the longest run of operator characters, except that a run of two or more
     * may not end in '+' or '-' unless it holds one of {@code ~ ! @ # % ^ & | ` ?}; so
     * {@code >=-1} is {@code >=} then {@code -1}. A {@code !=} before a sign is split as well:
     * {@code !=-} is no PostgreSQL operator, while {@code x!=-1} is common elsewhere.
     */
    private int endOfPostgresOperator(int start) {
        int i = start;
        boolean special = false;
        while (i < length) {
            char c = sql.charAt(i);
            char next = charAt(i + 1);
            if (c == '?') {
                if (next != '?') {
                    break;
                }
                special = true;
                i += 2;
                continue;
            }
            if (!isOperatorChar(c) || (c == '-' && next == '-') || (c == '/' && next == '*')) {
                break;
            }
            special |= isSpecialOperatorChar(c);
            i++;
        }
        int end = i;
        while (end - start > 1 && (sql.charAt(end - 1) == '+' || sql.charAt(end - 1) == '-')) {
            end--;
        }
        boolean notEquals = end - start == 2 && sql.charAt(start) == '!' && sql.charAt(start + 1) == '=';
        return special && !notEquals ? i : end;
    }

    /** One of {@code ~ ! @ # % ^ & | `}, which let a PostgreSQL operator end in '+' or '-'. */
    private static boolean isSpecialOperatorChar(char c) {
        switch (c) {
            case '~': case '!': case '@': case '#': case '%': case '^': case '&': case '|': case '`':
                return true;
            default:
                return false;
        }
    }

    private static final String[] FIXED_OPERATORS = {
        "<=>", "->>", "!~*", "<>", "!=", "<=", ">=", "<<", ">>", "&&", "||", "->", "~*", "!~", "??"
    };

    /** MySQL and H2 know a fixed set of operators: the longest one that matches, else one character. */
    private int endOfFixedOperator(int start) {
        for (String operator : FIXED_OPERATORS) {
            if (sql.startsWith(operator, start)) {
                return start + operator.length();
            }
        }
        return start + 1;
    }

    private char charAt(int i) {
        return i < length ? sql.charAt(i) : '\0';
    }

    private boolean isOperatorChar(char c) {
        switch (c) {
            case '+': case '-': case '*': case '/': case '<': case '>': case '=':
            case '~': case '!': case '%': case '^': case '&': case '|':
                return true;
            case '@':
            case '#':
                return !mysql;
            case '`':
                return !backtickIdentifiers;
            default:
                return false;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** An ASCII digit of the radix (2, 8, 10 or 16); what {@code Character.digit(c, radix) >= 0 && c < 0x80} says. */
    private static boolean isDigit(char c, int radix) {
        return c < 0x80 && DIGIT_VALUE[c] < radix;
    }

    /** Letters, '_' and (as PostgreSQL does) every non-ASCII character that is not a space. */
    static boolean isIdentifierStart(char c) {
        return c < 0x80 ? (ASCII_CLASS[c] & IDENTIFIER_START) != 0 : !isSpace(c);
    }

    /** Also digits and '$'. */
    static boolean isIdentifierPart(char c) {
        return c < 0x80 ? (ASCII_CLASS[c] & IDENTIFIER_PART) != 0 : !isSpace(c);
    }

    static boolean isSpace(char c) {
        if (c < 0x80) {
            return (ASCII_CLASS[c] & SPACE) != 0;
        }
        return c == '\u0085' || c == '\uFEFF' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isSpaceOrControl(char c) {
        return c <= ' ' || isSpace(c);
    }
}
