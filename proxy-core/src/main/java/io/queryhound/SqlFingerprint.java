package io.queryhound;

import io.queryhound.internal.sql.FingerprintCache;
import io.queryhound.internal.sql.Fingerprinter;

import java.util.Arrays;
import java.util.Objects;

/**
 * The identity of a SQL statement with its values taken out: the canonical template
 * ({@code select * from orders where customer_id = ?}), a stable 64-bit id computed from it, and the
 * statement's kind. Two statements that differ only in literals, bind values, comments, spacing,
 * case or the length of an {@code IN (...)} list have the same fingerprint, in every JVM.
 *
 * <p>Never throws: malformed SQL (an unterminated quote or comment, random bytes) still yields a
 * fingerprint.
 */
public final class SqlFingerprint {

    /**
     * Characters of a template kept; a longer one is kept cut to this length followed by
     * {@code ...}, while its id still covers all of it. A statement of 50 MB of distinct names makes a
     * template as long, and statistics keep up to {@code maxStatements} fingerprints: the cut keeps
     * their memory bounded (64 KiB characters each at most).
     */
    public static final int MAX_TEMPLATE_LENGTH = 65_536;

    private static final int[] NO_LISTS = new int[0];

    private final String template;
    private final long id;
    private final StatementKind kind;
    private final int[] collapsedListLengths;

    /** For the lexer; users obtain instances through {@link #of(String)}. */
    public SqlFingerprint(String template, long id, StatementKind kind, int[] collapsedListLengths) {
        this.template = Objects.requireNonNull(template, "template");
        this.id = id;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.collapsedListLengths = collapsedListLengths == null || collapsedListLengths.length == 0
                ? NO_LISTS : collapsedListLengths;
    }

    /** The fingerprint of {@code sql} under the {@link SqlDialect#GENERIC} rules. */
    public static SqlFingerprint of(String sql) {
        return of(sql, SqlDialect.GENERIC);
    }

    /**
     * The fingerprint of {@code sql} under {@code dialect}'s lexical rules. Repeated statements are
     * served from a bounded cache; statements longer than the cache's size limit are fingerprinted
     * each time and never retained.
     */
    public static SqlFingerprint of(String sql, SqlDialect dialect) {
        return FingerprintCache.shared(dialect == null ? SqlDialect.GENERIC : dialect).get(sql);
    }

    /**
     * The canonical statement: values replaced by {@code ?}, comments dropped, keywords lower-cased;
     * cut to {@link #MAX_TEMPLATE_LENGTH} characters followed by {@code ...} when longer
     * ({@link #isTemplateCut()}).
     */
    public String template() {
        return template;
    }

    /** Whether {@link #template()} is the first {@link #MAX_TEMPLATE_LENGTH} characters of a longer template. */
    public boolean isTemplateCut() {
        return template.length() > MAX_TEMPLATE_LENGTH;
    }

    /** The stable id as 16 lower-case hexadecimal characters. */
    public String id() {
        return Fingerprinter.hex(id);
    }

    /** The stable id as a number (what {@link #id()} renders). */
    public long idAsLong() {
        return id;
    }

    public StatementKind kind() {
        return kind;
    }

    /**
     * The original item counts of the {@code IN (...)}, {@code ARRAY[...]} and multi-row
     * {@code VALUES} lists that were collapsed to one item, in the order they appear.
     */
    public int[] collapsedListLengths() {
        return collapsedListLengths.length == 0 ? NO_LISTS : collapsedListLengths.clone();
    }

    /**
     * The largest original item count among the collapsed lists (0 when there are none): more than
     * one means this execution already fetched several keys at once, as a batch fetch does.
     */
    public int largestCollapsedList() {
        int largest = 0;
        for (int length : collapsedListLengths) {
            largest = Math.max(largest, length);
        }
        return largest;
    }

    /** Equal when the ids are equal: the id is a 64-bit hash of the canonical template. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SqlFingerprint && ((SqlFingerprint) other).id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return id() + " " + kind + " " + template
                + (collapsedListLengths.length == 0 ? "" : " lists=" + Arrays.toString(collapsedListLengths));
    }
}
