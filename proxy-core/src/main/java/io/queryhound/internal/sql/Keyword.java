package io.queryhound.internal.sql;

import io.queryhound.StatementKind;

import java.util.Locale;

/**
 * The SQL words the fingerprint rules react to. Any other word is an identifier or a function
 * name; so is a listed word written after a dot ({@code t.key}).
 */
enum Keyword {
    // Statement starters: the first significant one decides the statement kind.
    SELECT(Flags.CLAUSE | Flags.EXPRESSION_START, StatementKind.SELECT),
    VALUES(Flags.CLAUSE | Flags.EXPRESSION_START, StatementKind.SELECT),
    TABLE(Flags.CLAUSE | Flags.NAMES_RELATION, StatementKind.SELECT),
    INSERT(0, StatementKind.INSERT),
    REPLACE(0, StatementKind.INSERT),
    UPDATE(0, StatementKind.UPDATE),
    DELETE(0, StatementKind.DELETE),
    MERGE(0, StatementKind.MERGE),
    UPSERT(0, StatementKind.MERGE),
    CALL(0, StatementKind.CALL),
    EXEC(0, StatementKind.CALL),
    EXECUTE(0, StatementKind.CALL),
    CREATE(0, StatementKind.DDL),
    ALTER(0, StatementKind.DDL),
    DROP(0, StatementKind.DDL),
    TRUNCATE(0, StatementKind.DDL),
    RENAME(0, StatementKind.DDL),
    COMMENT(0, StatementKind.DDL),
    GRANT(0, StatementKind.DDL),
    REVOKE(0, StatementKind.DDL),
    // SHOW and EXPLAIN read metadata or plans, not rows: OTHER keeps them out of the read-query rules.
    SHOW(0, StatementKind.OTHER),
    EXPLAIN(0, StatementKind.OTHER),
    DESCRIBE(0, StatementKind.OTHER),
    DESC(0, StatementKind.OTHER),

    // Clause words: a '(' after them opens a clause or subquery, and an expression starts after them.
    WITH(Flags.CLAUSE | Flags.EXPRESSION_START),
    RECURSIVE(Flags.CLAUSE),
    MATERIALIZED(Flags.CLAUSE),
    FROM(Flags.CLAUSE | Flags.EXPRESSION_START),
    WHERE(Flags.CLAUSE | Flags.EXPRESSION_START),
    AND(Flags.CLAUSE | Flags.EXPRESSION_START),
    OR(Flags.CLAUSE | Flags.EXPRESSION_START),
    NOT(Flags.CLAUSE | Flags.EXPRESSION_START),
    IN(Flags.CLAUSE | Flags.EXPRESSION_START),
    IS(Flags.CLAUSE | Flags.EXPRESSION_START),
    LIKE(Flags.CLAUSE | Flags.EXPRESSION_START),
    ILIKE(Flags.CLAUSE | Flags.EXPRESSION_START),
    BETWEEN(Flags.CLAUSE | Flags.EXPRESSION_START),
    EXISTS(Flags.CLAUSE | Flags.EXPRESSION_START),
    ANY(Flags.CLAUSE | Flags.EXPRESSION_START),
    SOME(Flags.CLAUSE | Flags.EXPRESSION_START),
    ALL(Flags.CLAUSE | Flags.EXPRESSION_START),
    AS(Flags.CLAUSE | Flags.EXPRESSION_START),
    ON(Flags.CLAUSE | Flags.EXPRESSION_START),
    USING(Flags.CLAUSE | Flags.EXPRESSION_START),
    JOIN(Flags.CLAUSE | Flags.EXPRESSION_START),
    CASE(Flags.CLAUSE | Flags.EXPRESSION_START),
    WHEN(Flags.CLAUSE | Flags.EXPRESSION_START),
    THEN(Flags.CLAUSE | Flags.EXPRESSION_START),
    ELSE(Flags.CLAUSE | Flags.EXPRESSION_START),
    BY(Flags.CLAUSE | Flags.EXPRESSION_START),
    HAVING(Flags.CLAUSE | Flags.EXPRESSION_START),
    UNION(Flags.CLAUSE | Flags.EXPRESSION_START),
    INTERSECT(Flags.CLAUSE | Flags.EXPRESSION_START),
    EXCEPT(Flags.CLAUSE | Flags.EXPRESSION_START),
    INTO(Flags.CLAUSE | Flags.EXPRESSION_START | Flags.NAMES_RELATION),
    SET(Flags.CLAUSE | Flags.EXPRESSION_START),
    RETURNING(Flags.CLAUSE | Flags.EXPRESSION_START),
    RETURN(Flags.CLAUSE | Flags.EXPRESSION_START),
    DISTINCT(Flags.CLAUSE | Flags.EXPRESSION_START),
    LIMIT(Flags.CLAUSE | Flags.EXPRESSION_START),
    OFFSET(Flags.CLAUSE | Flags.EXPRESSION_START),
    ESCAPE(Flags.CLAUSE | Flags.EXPRESSION_START),
    // Clause words that take no expression directly after them, some of which double as column
    // names ("key", "filter"): a '-' after them is a subtraction, so they do not start an expression.
    GROUP(Flags.CLAUSE),
    ORDER(Flags.CLAUSE),
    FETCH(Flags.CLAUSE),
    OVER(Flags.CLAUSE),
    FILTER(Flags.CLAUSE),
    PARTITION(Flags.CLAUSE),
    WINDOW(Flags.CLAUSE),
    LATERAL(Flags.CLAUSE),
    KEY(Flags.CLAUSE),
    PRIMARY(Flags.CLAUSE),
    UNIQUE(Flags.CLAUSE),
    CHECK(Flags.CLAUSE),
    CONFLICT(Flags.CLAUSE),
    DO(Flags.CLAUSE),
    REFERENCES(Flags.CLAUSE | Flags.NAMES_RELATION),

    // Words with a rule of their own.
    NULL(0),
    TRUE(0),
    FALSE(0),
    ARRAY(0),
    FOR(0),
    IF(0),
    ONLY(0),

    // Types whose parenthesised modifiers are part of the type, not values: varchar(255) stays.
    VARCHAR(Flags.TYPE_MODIFIERS),
    CHAR(Flags.TYPE_MODIFIERS),
    CHARACTER(Flags.TYPE_MODIFIERS),
    VARYING(Flags.TYPE_MODIFIERS),
    NCHAR(Flags.TYPE_MODIFIERS),
    NVARCHAR(Flags.TYPE_MODIFIERS),
    VARCHAR2(Flags.TYPE_MODIFIERS),
    NVARCHAR2(Flags.TYPE_MODIFIERS),
    NUMERIC(Flags.TYPE_MODIFIERS),
    DECIMAL(Flags.TYPE_MODIFIERS),
    DEC(Flags.TYPE_MODIFIERS),
    NUMBER(Flags.TYPE_MODIFIERS),
    FLOAT(Flags.TYPE_MODIFIERS),
    TIMESTAMP(Flags.TYPE_MODIFIERS),
    TIME(Flags.TYPE_MODIFIERS),
    DATETIME(Flags.TYPE_MODIFIERS),
    DATETIME2(Flags.TYPE_MODIFIERS),
    BIT(Flags.TYPE_MODIFIERS),
    VARBIT(Flags.TYPE_MODIFIERS),
    BINARY(Flags.TYPE_MODIFIERS),
    VARBINARY(Flags.TYPE_MODIFIERS),
    RAW(Flags.TYPE_MODIFIERS);

    /** Nested so that the constants above may use the flags (an enum cannot forward-reference its own statics). */
    private static final class Flags {
        /** A '(' after the word gets a space: it opens a clause or a subquery, not a call's arguments. */
        static final int CLAUSE = 1;
        /** An expression starts after the word, so a following '-' is a sign, not a subtraction. */
        static final int EXPRESSION_START = 2;
        /** The word's parenthesised integers are type modifiers, kept as written. */
        static final int TYPE_MODIFIERS = 4;
        /** The next name is a table: a '(' after it is a column list, written with a space. */
        static final int NAMES_RELATION = 8;
    }

    private static final int MAX_LENGTH;
    private static final int TABLE_BITS = 9;
    /**
     * Open addressing by {@link #hash}, so a lookup allocates nothing. A fifth full, so that almost
     * every keyword sits in its own slot and almost every other word meets an empty one at once.
     */
    private static final Keyword[] BY_TEXT = new Keyword[1 << TABLE_BITS];

    static {
        int max = 0;
        for (Keyword keyword : values()) {
            char[] text = keyword.text;
            max = Math.max(max, text.length);
            int slot = hash(text.length, text[0], text[1], text[text.length - 1]);
            while (BY_TEXT[slot] != null) {
                slot = (slot + 1) & (BY_TEXT.length - 1);
            }
            BY_TEXT[slot] = keyword;
        }
        MAX_LENGTH = max;
    }

    /** The lower-case spelling. */
    private final char[] text = name().toLowerCase(Locale.ROOT).toCharArray();
    private final int flags;
    private final StatementKind statementKind;

    Keyword(int flags) {
        this(flags, null);
    }

    Keyword(int flags, StatementKind statementKind) {
        this.flags = flags;
        this.statementKind = statementKind;
    }

    /** The keyword spelled by the already lower-cased {@code text[start, end)}, or null for an identifier. */
    static Keyword lookup(char[] text, int start, int end) {
        int length = end - start;
        if (length < 2 || length > MAX_LENGTH) {
            return null;
        }
        for (int slot = hash(length, text[start], text[start + 1], text[end - 1]); ; slot = (slot + 1) & (BY_TEXT.length - 1)) {
            Keyword candidate = BY_TEXT[slot];
            if (candidate == null || candidate.spells(text, start, length)) {
                return candidate;
            }
        }
    }

    /** {@link #lookup(char[], int, int)} for the ISO-8859-1 text {@code latin1[start, end)}. */
    static Keyword lookup(byte[] latin1, int start, int end) {
        // Hot path: runs for every word of a statement that is not in the cache.
        int length = end - start;
        if (length < 2 || length > MAX_LENGTH) {
            return null;
        }
        for (int slot = hash(length, (char) (latin1[start] & 0xFF), (char) (latin1[start + 1] & 0xFF),
                (char) (latin1[end - 1] & 0xFF)); ; slot = (slot + 1) & (BY_TEXT.length - 1)) {
            Keyword candidate = BY_TEXT[slot];
            if (candidate == null || candidate.spells(latin1, start, length)) {
                return candidate;
            }
        }
    }

    /** The keyword spelled by the already lower-cased {@code text[start, end)}, or null for an identifier. */
    static Keyword lookup(CharSequence text, int start, int end) {
        int length = end - start;
        if (length < 2 || length > MAX_LENGTH) {
            return null;
        }
        for (int slot = hash(length, text.charAt(start), text.charAt(start + 1), text.charAt(end - 1)); ;
                slot = (slot + 1) & (BY_TEXT.length - 1)) {
            Keyword candidate = BY_TEXT[slot];
            if (candidate == null || candidate.spells(text, start, length)) {
                return candidate;
            }
        }
    }

    /**
     * The table slot of a word (of two characters at least) from its length, its first two and its
     * last character. These tell the keywords apart about as well as all the characters would, at
     * the same small cost for every word: a hash over every character is a chain of dependent
     * multiplications as long as the word, which the profile of the uncached fingerprint showed.
     */
    private static int hash(int length, char first, char second, char last) {
        int h = length * 29791 + first * 961 + second * 31 + last;
        return (h * 0x9E3779B1) >>> (Integer.SIZE - TABLE_BITS);
    }

    private boolean spells(char[] other, int start, int length) {
        if (text.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text[i] != other[start + i]) {
                return false;
            }
        }
        return true;
    }

    private boolean spells(byte[] latin1, int start, int length) {
        if (text.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text[i] != (latin1[start + i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private boolean spells(CharSequence other, int start, int length) {
        if (text.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text[i] != other.charAt(start + i)) {
                return false;
            }
        }
        return true;
    }

    boolean opensClause() {
        return (flags & Flags.CLAUSE) != 0;
    }

    boolean startsExpression() {
        return (flags & Flags.EXPRESSION_START) != 0;
    }

    boolean hasTypeModifiers() {
        return (flags & Flags.TYPE_MODIFIERS) != 0;
    }

    boolean namesRelation() {
        return (flags & Flags.NAMES_RELATION) != 0;
    }

    /** The kind of a statement that starts with this word; null when the word cannot start one. */
    StatementKind statementKind() {
        return statementKind;
    }

    /** Words that make {@code IN (...)} a subquery instead of a list of values. */
    boolean startsSubquery() {
        return this == SELECT || this == WITH || this == VALUES || this == TABLE;
    }
}
