package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.sql.FingerprintVectors.Vector;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Properties over many generated inputs, from fixed seeds so that a failure reproduces: any input
 * yields a fingerprint, huge inputs work, the work done is linear in the input, and the template is
 * a fixed point of fingerprinting.
 */
class FingerprinterPropertyTest {

    private static final SqlDialect[] DIALECTS = SqlDialect.values();

    /** Fragments that open, close or confuse the lexer's states. */
    private static final String[] SOUP = {
        "'", "''", "\"", "\"\"", "`", "--", "-", "/*", "*/", "/", "*", "#", "$", "$$", "$tag$", "$1", "$a",
        "E'", "e'", "N'", "X'", "b'", "U&'", "U&\"", "u&", "\\", "\\'", "(", ")", "[", "]", "{", "}", ",",
        ";", ".", ".5", "5.", "0x", "0xFF", "0b1", "1e", "1e-", "1e5", "::", ":", ":x", ":=", "?", "??", "???",
        "@", "@@", "@x", "=", "<>", "!=", ">=-", "||", "->>", " ", "\n", "\r", "\t", "\u00a0", "\ufeff",
        "select", "SELECT", "from", "where", "in", "IN (", "not", "is", "null", "NULL", "true", "values",
        "VALUES (", "array[", "ARRAY", "order by", "group by", "limit", "by", "set", "update", "key", "with",
        "recursive", "as", "into", "table", "varchar(", "1", "42", "-1", "a", "t", "t.", "_x", "ओ", "ɣ",
        "\ud83d\ude00", "\ud83d", "\ude00", "\u0000", "\u0001", "'it''s'", "/* c */", "-- c\n", "# c\n",
    };

    @Test
    void randomIsoLatin1BytesNeverThrow() {
        Random random = new Random(1);
        for (int i = 0; i < 3_000; i++) {
            byte[] bytes = new byte[random.nextInt(120)];
            random.nextBytes(bytes);
            assertFingerprintable(new String(bytes, StandardCharsets.ISO_8859_1), DIALECTS[i % DIALECTS.length]);
        }
    }

    @Test
    void randomUtf8AndLoneSurrogatesNeverThrow() {
        Random random = new Random(2);
        for (int i = 0; i < 3_000; i++) {
            byte[] bytes = new byte[random.nextInt(120)];
            random.nextBytes(bytes);
            assertFingerprintable(new String(bytes, StandardCharsets.UTF_8), DIALECTS[i % DIALECTS.length]);

            char[] chars = new char[random.nextInt(80)];
            for (int c = 0; c < chars.length; c++) {
                // Any UTF-16 code unit, surrogate halves in any order included.
                chars[c] = (char) random.nextInt(Character.MAX_VALUE + 1);
            }
            assertFingerprintable(new String(chars), DIALECTS[(i + 1) % DIALECTS.length]);
        }
    }

    @Test
    void randomTokenSoupsNeverThrow() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            assertFingerprintable(soup(random, 1 + random.nextInt(40)), DIALECTS[i % DIALECTS.length]);
        }
    }

    @Test
    void unterminatedAndDegenerateInputsStillYieldAFingerprint() {
        String[] inputs = {
            "", " ", "\n", "$", "$$", "$a", "$a$", "$a$ never closed", "'", "'abc", "\"abc", "`abc", "E'\\", "E'abc\\'",
            "U&'", "U&\"x", "/*", "/* /* */", "--", "#", "select '", "select \"", "select $$", "select $q$ x $Q$",
            "select 1 /* x", "in (", "values (", "array[", "((((", "))))", "]]]", "}}}", "{", "-", "- -", "?", "::",
            ":", ",", ";", ";;;", "select a,", "select 1e", "select 0x", "select .", "select 1.", "\u0000",
        };
        for (String input : inputs) {
            for (SqlDialect dialect : DIALECTS) {
                assertFingerprintable(input, dialect);
            }
        }
        assertThat(Fingerprinter.fingerprint(null, SqlDialect.GENERIC).template()).isEmpty();
        assertThat(Fingerprinter.fingerprint("select 1", null).template()).isEqualTo("select ?");
        assertThat(Fingerprinter.fingerprint("select '", SqlDialect.GENERIC).template()).isEqualTo("select ?");
        assertThat(Fingerprinter.fingerprint("select 1 /* x", SqlDialect.MYSQL).template()).isEqualTo("select ?");
    }

    @Test
    void aTenMegabyteStatementWorks() {
        StringBuilder sql = new StringBuilder("SELECT * FROM orders WHERE status = 'open'");
        for (int i = 0; sql.length() < 10_000_000; i++) {
            sql.append(" OR (customer_id = ").append(i).append(" AND note <> 'n").append(i).append("')");
        }
        SqlFingerprint fingerprint = Fingerprinter.fingerprintUnguarded(sql.toString(), SqlDialect.GENERIC);
        assertThat(fingerprint.template()).startsWith("select * from orders where status = ? or (customer_id = ? and note <> ?)");
        assertThat(fingerprint.template()).doesNotContainPattern("[0-9]");
        assertThat(fingerprint.kind()).isEqualTo(io.queryhound.StatementKind.SELECT);

        String literal = "select '" + "x".repeat(10_000_000) + "' from t";
        assertThat(Fingerprinter.fingerprintUnguarded(literal, SqlDialect.MYSQL).template()).isEqualTo("select ? from t");

        String deep = "(".repeat(1_000_000) + "select 1" + ")".repeat(1_000_000);
        SqlFingerprint nested = Fingerprinter.fingerprintUnguarded(deep, SqlDialect.GENERIC);
        // 2,000,008 characters of template, kept cut (the id covers all of it).
        assertThat(nested.isTemplateCut()).isTrue();
        assertThat(nested.template()).hasSize(SqlFingerprint.MAX_TEMPLATE_LENGTH + 3).startsWith("((((").endsWith("...");
        assertThat(nested.kind()).isEqualTo(io.queryhound.StatementKind.SELECT);
    }

    @Test
    void aHundredThousandItemInListCollapses() {
        StringBuilder sql = new StringBuilder("select * from t where id in (");
        for (int i = 0; i < 100_000; i++) {
            sql.append(i == 0 ? "" : ", ").append(i);
        }
        sql.append(")");
        SqlFingerprint fingerprint = Fingerprinter.fingerprintUnguarded(sql.toString(), SqlDialect.GENERIC);
        assertThat(fingerprint.template()).isEqualTo("select * from t where id in (?)");
        assertThat(fingerprint.collapsedListLengths()).containsExactly(100_000);
    }

    /**
     * Linear time without a clock: the lexer counts every character it examines (re-reads
     * included) and the writer every character it compares between list items. For each family of
     * inputs, eight times the input must cost about eight times the work, and the work per
     * character is bounded.
     */
    @Test
    void workIsLinearInTheInputLength() {
        List<java.util.function.IntFunction<String>> families = List.of(
                n -> "select * from t where id in (" + "1, ".repeat(n / 3) + "1)",
                n -> "insert into t values " + "(1, 'a', now()), ".repeat(n / 18) + "(1, 'a', now())",
                n -> "values " + "(values (1), (2)), ".repeat(n / 19) + "(1)",
                n -> "select " + "in (".repeat(n / 4),
                n -> "select " + "array[".repeat(n / 6) + "1" + "]".repeat(n / 6),
                n -> "(".repeat(n / 2) + ")".repeat(n / 2),
                n -> "select $aaaaaaaaaaaaaaaaaaaa$" + "$aaaaaaaaaaaaaaaaaaa".repeat(n / 20),
                n -> "$a".repeat(n / 2),
                n -> "- ".repeat(n / 2) + "x",
                n -> "'".repeat(n),
                n -> "/*".repeat(n / 2),
                n -> soup(new Random(n), n / 4),
                FingerprinterPropertyTest::equalItemsInListsThatDoNotCollapse);
        for (int f = 0; f < families.size(); f++) {
            String small = families.get(f).apply(8_000);
            String large = families.get(f).apply(64_000);
            for (SqlDialect dialect : DIALECTS) {
                long smallWork = Fingerprinter.work(small, dialect);
                long largeWork = Fingerprinter.work(large, dialect);
                assertThat(largeWork)
                        .as("family %d, %s: work for %d chars is %d, for %d chars %d", f, dialect,
                                small.length(), smallWork, large.length(), largeWork)
                        .isLessThanOrEqualTo(12 * Math.max(smallWork, small.length()))
                        .isLessThanOrEqualTo(70L * large.length());
            }
        }
    }

    /**
     * The costliest input for the list comparisons: every list has two equal, ever larger items
     * and a third that differs, so nothing collapses and each level compares a third of the text.
     * The work per character grows with the nesting depth, which the writer caps (MAX_OPEN_LISTS).
     */
    private static String equalItemsInListsThatDoNotCollapse(int n) {
        String list = "1";
        while (list.length() * 3 < n) {
            list = "array[" + list + ", " + list + ", 0]";
        }
        return "select " + list;
    }

    /** fingerprint(template).template == template, and the id and kind do not change either. */
    @Test
    void theTemplateIsAFixedPoint() {
        List<Vector> corpus = new ArrayList<>(FingerprintVectors.load("/sql/fingerprint-vectors.tsv"));
        corpus.addAll(FingerprintVectors.load("/sql/fingerprint-vectors-queryhound.tsv"));
        Random random = new Random(5);
        for (int i = 0; i < 3_000; i++) {
            String statement = StatementGenerator.statement(random.nextLong(), random);
            corpus.add(new Vector("generated", i, DIALECTS[i % DIALECTS.length], statement, "", ""));
        }
        for (Vector vector : corpus) {
            SqlFingerprint first = Fingerprinter.fingerprintUnguarded(vector.input(), vector.dialect());
            SqlFingerprint second = Fingerprinter.fingerprintUnguarded(first.template(), vector.dialect());
            assertThat(second.template()).as("fingerprint of the template of %s", vector).isEqualTo(first.template());
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(second.kind()).as("kind of %s", vector).isEqualTo(first.kind());
        }
    }

    @Test
    void differentSpellingsOfOneStatementShareTemplateAndId() {
        Random random = new Random(6);
        for (int i = 0; i < 2_000; i++) {
            long shape = random.nextLong();
            String statement = StatementGenerator.statement(shape, random);
            String other = StatementGenerator.statement(shape, random);
            SqlFingerprint a = Fingerprinter.fingerprintUnguarded(statement, SqlDialect.GENERIC);
            SqlFingerprint b = Fingerprinter.fingerprintUnguarded(other, SqlDialect.GENERIC);
            assertThat(b.template()).as("%s%nspelled differently:%n%s", statement, other).isEqualTo(a.template());
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(b).isEqualTo(a);
        }
    }

    private static void assertFingerprintable(String sql, SqlDialect dialect) {
        SqlFingerprint fingerprint;
        try {
            fingerprint = Fingerprinter.fingerprintUnguarded(sql, dialect);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("fingerprinting threw for " + dialect + " input " + describe(sql), e);
        }
        if (fingerprint.template() == null || fingerprint.kind() == null) {
            fail("no template or kind for " + describe(sql));
        }
        assertThat(fingerprint.idAsLong()).isEqualTo(Fingerprinter.id(fingerprint.template()));
        assertThat(fingerprint.template().length()).isLessThanOrEqualTo(2 * sql.length() + 2);
    }

    private static String soup(Random random, int tokens) {
        StringBuilder sql = new StringBuilder();
        for (int t = 0; t < tokens; t++) {
            sql.append(SOUP[random.nextInt(SOUP.length)]);
            if (random.nextInt(3) == 0) {
                sql.append(' ');
            }
        }
        return sql.toString();
    }

    private static String describe(String sql) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : sql.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
        return out.append('"').toString();
    }
}
