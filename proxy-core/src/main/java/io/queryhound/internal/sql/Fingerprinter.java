package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;
import io.queryhound.internal.sql.SqlLexer.TokenKind;

/**
 * Turns SQL into its {@link SqlFingerprint}: one pass of {@link SqlLexer} feeding a
 * {@link TemplateWriter}, then a 64-bit id hashed from the rules version and the whole template.
 * Uncached; {@link FingerprintCache} sits in front of it on the query path.
 */
public final class Fingerprinter {

    /**
     * Hashed before every template. Bump it whenever a rule change alters templates of statements
     * that already had one, so that ids from different rule versions never look comparable.
     */
    static final String RULES_VERSION = "qh-fp-1\u0000";

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long RULES_VERSION_STATE = hashChars(FNV_OFFSET_BASIS, RULES_VERSION.toCharArray(), RULES_VERSION.length());
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final SqlFingerprint EMPTY = new SqlFingerprint("", id(""), StatementKind.OTHER, null);

    private Fingerprinter() {
    }

    /** Never throws: null is the empty statement, and malformed SQL still yields a fingerprint. */
    public static SqlFingerprint fingerprint(String sql, SqlDialect dialect) {
        if (sql == null || sql.isEmpty()) {
            return EMPTY;
        }
        try {
            return fingerprintUnguarded(sql, dialect == null ? SqlDialect.GENERIC : dialect);
        } catch (RuntimeException unexpected) {
            // The lexer is meant to accept any input. Should a bug still throw, the application's
            // query must not fail because of it: it is grouped as an empty statement instead.
            return EMPTY;
        }
    }

    /** Without the safety net, so that tests see any exception. */
    static SqlFingerprint fingerprintUnguarded(String sql, SqlDialect dialect) {
        SqlLexer lexer = new SqlLexer(sql, dialect);
        TemplateWriter writer = new TemplateWriter(sql);
        run(lexer, writer);
        // Over the whole template, so that statements differing after the cut stay apart.
        long id = writer.id();
        String template = writer.template();
        String kept = template.length() <= SqlFingerprint.MAX_TEMPLATE_LENGTH ? template
                : template.substring(0, SqlFingerprint.MAX_TEMPLATE_LENGTH) + "...";
        return new SqlFingerprint(kept, id, writer.kind(), writer.collapsedListLengths());
    }

    /** The characters the lexer and the list comparisons examined: a measure of time that a test can bound. */
    static long work(String sql, SqlDialect dialect) {
        SqlLexer lexer = new SqlLexer(sql, dialect);
        TemplateWriter writer = new TemplateWriter(sql);
        run(lexer, writer);
        return lexer.work + writer.work;
    }

    private static void run(SqlLexer lexer, TemplateWriter writer) {
        for (TokenKind kind = lexer.next(); kind != TokenKind.END; kind = lexer.next()) {
            writer.accept(lexer, kind);
        }
        writer.finish();
    }

    /**
     * The stable id of a template: FNV-1a over the UTF-8 bytes of {@link #RULES_VERSION} and the
     * whole template (never truncated: truncation makes long statements collide), then a 64-bit
     * finalizer so that every input bit reaches every output bit. Independent of JVM, locale,
     * platform charset and {@link String#hashCode()}.
     */
    static long id(String template) {
        return id(template.toCharArray(), template.length());
    }

    /** {@link #id(String)} of the text {@code chars[0, length)}. */
    static long id(char[] chars, int length) {
        return mix(hashChars(RULES_VERSION_STATE, chars, length));
    }

    /** {@link #id(String)} of the text {@code latin1[0, length)}, one ISO-8859-1 byte a character. */
    static long idOfLatin1(byte[] latin1, int length) {
        long h = RULES_VERSION_STATE;
        for (int i = 0; i < length; i++) {
            int c = latin1[i] & 0xFF;
            if (c < 0x80) {
                h = step(h, c);
            } else {
                h = step(h, 0xC0 | (c >>> 6));
                h = step(h, 0x80 | (c & 0x3F));
            }
        }
        return mix(h);
    }

    /** Lower-case hexadecimal, 16 characters, zero padded. */
    public static String hex(long id) {
        char[] digits = new char[16];
        for (int i = 15; i >= 0; i--) {
            digits[i] = HEX[(int) (id & 0xF)];
            id >>>= 4;
        }
        return new String(digits);
    }

    /**
     * FNV-1a over the UTF-8 encoding of {@code text[0, length)}, encoded on the fly; a lone surrogate is
     * '?' as in String.getBytes. Hot path: a plain array loop, whose ASCII case is one xor and one multiply.
     */
    private static long hashChars(long state, char[] text, int length) {
        long h = state;
        for (int i = 0; i < length; i++) {
            char c = text[i];
            if (c < 0x80) {
                h = step(h, c);
            } else if (c < 0x800) {
                h = step(h, 0xC0 | (c >>> 6));
                h = step(h, 0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text[i + 1])) {
                    int cp = Character.toCodePoint(c, text[++i]);
                    h = step(h, 0xF0 | (cp >>> 18));
                    h = step(h, 0x80 | ((cp >>> 12) & 0x3F));
                    h = step(h, 0x80 | ((cp >>> 6) & 0x3F));
                    h = step(h, 0x80 | (cp & 0x3F));
                } else {
                    h = step(h, '?');
                }
            } else {
                h = step(h, 0xE0 | (c >>> 12));
                h = step(h, 0x80 | ((c >>> 6) & 0x3F));
                h = step(h, 0x80 | (c & 0x3F));
            }
        }
        return h;
    }

    private static long step(long h, int octet) {
        return (h ^ octet) * FNV_PRIME;
    }

    /**
     * FNV-1a multiplies once by a sparse prime after the last byte, so that byte reaches few bits
     * of the state; xor-shift-multiply rounds spread every input bit over the whole id.
     */
    private static long mix(long h) {
        h ^= h >>> 32;
        h *= 0xd6e8feb86659fd93L;
        h ^= h >>> 32;
        h *= 0xd6e8feb86659fd93L;
        h ^= h >>> 32;
        return h;
    }
}
