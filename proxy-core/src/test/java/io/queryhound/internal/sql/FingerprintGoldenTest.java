package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every output of the lexer's users, over a large seeded corpus, must stay exactly what it was:
 * id, template, cut, kind, collapsed list lengths, the IN-list rewrite and the parameter columns.
 * The corpus is generated (realistic statements, mutated ones, token soups, random bytes, the
 * vector files and statements long enough to hit every limit), so only the SHA-256 of all outputs
 * is stored here. It guards optimisations of the lexer and the template writer, which must not
 * change a single output.
 *
 * <p>When the digest differs, find the first differing statement by running this test before and
 * after the change with {@code -DargLine=-Dqueryhound.goldenDump=/tmp/before.txt} (then
 * {@code after.txt}) and comparing the two files. The dump also covers random UTF-16, which the
 * digest leaves out: a code point unassigned in one JDK's Unicode tables may be a letter with a
 * lower case in a newer JDK's, and the digest must be the same on every JDK the project supports.
 *
 * <p>A deliberate rule change alters the digest: bump {@link Fingerprinter#RULES_VERSION} when ids
 * change, and record the new digest here.
 */
class FingerprintGoldenTest {

    /** SHA-256 of every record below; recorded from the implementation before the lexer was tuned. */
    private static final String EXPECTED_DIGEST = "3a76416477af84736f492c463efe609d33f5cf18b166319df3b804a71f7b6672";

    private static final SqlDialect[] DIALECTS = SqlDialect.values();

    /** Fragments for soups and mutations: every dialect's quoting, comments, literals, and case oddities. */
    private static final String[] FRAGMENTS = {
        "'", "''", "\"", "\"\"", "`", "``", "--", "-- x\n", "-", "/*", "*/", "/* /* nested */ still */", "/", "*",
        "#", "# x\n", "//", "// x\n", "$", "$$", "$$ body $$", "$tag$", "$tag$ body $tag$", "$1", "$12", "$a",
        "E'", "e'a\\'b'", "E'\\\\'", "N'x'", "X'0F'", "x'", "b'101'", "B'", "U&'d\\0061'", "U&\"x\"", "u&", "\\",
        "\\'", "_utf8mb4'x'", "_latin1'", "(", ")", "[", "]", "[col]", "[a]]b]", "{", "}", "{call p(?)}",
        "{? = call f(?)}", "{ts '2020-01-01'}", "{fn now()}", ",", ";", ".", ".5", "5.", "5..6", "0x", "0xFF",
        "0XfF", "0b101", "0o17", "1_000", "1__0", "1e", "1e-", "1E+5", "2024_orders", "::", "::int", ":", ":x",
        ":=", "[1:2]", "?", "??", "???", "?|", "@", "@@", "@x", "@@session.sql_mode", "=", "<>", "!=", "!=-",
        ">=-", "<=>", "||", "->", "->>", "#>>", "~*", "!~*", "a--1", "- -", "+", "%", "^", "&", "|", " ",
        "\n", "\r", "\t", "\f", "\u000B", "\u00a0", "\u0085", "\u2028", "\u3000", "\ufeff", "\u0000", "\u0001",
        "select", "SELECT", "Select", "from", "where", "in", "IN (", "not", "is", "is not", "null", "NULL",
        "true", "FALSE", "values", "VALUES (", "array[", "ARRAY", "order by", "group by", "limit", "offset",
        "by", "set", "update", "key", "with", "recursive", "as", "into", "table", "insert into t (a) values",
        "on duplicate key update", "on conflict do update set", "merge into", "upsert", "call", "exec",
        "returning", "case when", "then", "else", "end", "between", "and", "or", "exists", "any", "all",
        "varchar(", "numeric(10, 2)", "1", "42", "-1", "+1", "a", "t", "t.", "t.key", "_x", "x$y",
        // Non-ASCII: letters, spaces, and characters whose lower case is ASCII (so a keyword can be spelled with them).
        "ओ", "ɣ", "é", "ß", "Σ", "ς", "ǅ", "Ａ", "Ⅻ", "\u212Aey", "L\u0130KE", "\u0130N (", "S\u0130MILAR",
        "\ud801\udc00", "\ud83d\ude00", "\ud83d", "\ude00", "\ude00\ud83d",
        "'it''s'", "/* c */", "-- c\n", "# c\n",
    };

    /** Non-ASCII characters for random statements: assigned long ago, so their properties are the same on every JDK. */
    private static final String STABLE_NON_ASCII = "éÉßÿŸıİ\u212AΣσςǅǄǆＡａⅫⅻओɣ\u00a0\u0085\u2028\u3000\ufeffこんにちは";

    private static final String[] TABLES = {"orders", "t", "\"T\"", "`t`", "[t]", "s.accounts", "ñame", "\ud801\udc00x"};

    private record Input(String label, String sql) {
    }

    @Test
    void everyOutputIsWhatItWas() throws IOException {
        String dump = System.getProperty("queryhound.goldenDump");
        List<Input> corpus = corpus(dump != null);
        MessageDigest digest = sha256();
        Writer file = dump == null ? null : Files.newBufferedWriter(Path.of(dump), StandardCharsets.UTF_8);
        try {
            for (Input input : corpus) {
                for (SqlDialect dialect : DIALECTS) {
                    String record = record(input, dialect);
                    if (!input.label().startsWith("utf16")) {
                        digest.update(record.getBytes(StandardCharsets.UTF_8));
                    }
                    if (file != null) {
                        file.write(record);
                    }
                }
            }
        } finally {
            if (file != null) {
                file.close();
            }
        }
        assertThat(HexFormat.of().formatHex(digest.digest()))
                .as("SHA-256 of the outputs for %d statements in %d dialects", corpus.size(), DIALECTS.length)
                .isEqualTo(EXPECTED_DIGEST);
    }

    /** One line per statement and dialect (long templates included whole), control characters escaped. */
    private static String record(Input input, SqlDialect dialect) {
        String sql = input.sql();
        SqlFingerprint fingerprint;
        String thrown = "";
        if (sql == null || sql.isEmpty()) {
            fingerprint = Fingerprinter.fingerprint(sql, dialect);
        } else {
            try {
                fingerprint = Fingerprinter.fingerprintUnguarded(sql, dialect);
            } catch (RuntimeException e) {
                thrown = e.getClass().getName();
                fingerprint = Fingerprinter.fingerprint(sql, dialect);
            }
        }
        String template = fingerprint.template();
        StringBuilder line = new StringBuilder(template.length() + 200);
        line.append(input.label()).append('\t').append(dialect)
                .append("\tid=").append(fingerprint.id())
                .append("\tkind=").append(fingerprint.kind())
                .append("\tcut=").append(fingerprint.isTemplateCut())
                .append("\tlists=").append(Arrays.toString(fingerprint.collapsedListLengths()))
                .append("\tthrown=").append(thrown)
                .append("\ttemplate=").append(escape(template))
                .append("\trewrite=").append(escape(InListRewrite.rewrite(template, dialect)))
                .append("\tcolumns=").append(escape(Arrays.toString(ParameterColumns.of(sql, dialect))))
                .append("\tliterals=").append(escape(Arrays.toString(ParameterColumns.literals(sql, dialect))));
        return line.append('\n').toString();
    }

    // ---- the corpus ----

    private static List<Input> corpus(boolean anyUtf16) {
        List<Input> corpus = new ArrayList<>();
        for (String file : new String[] {"/sql/fingerprint-vectors.tsv", "/sql/fingerprint-vectors-queryhound.tsv"}) {
            for (FingerprintVectors.Vector vector : FingerprintVectors.load(file)) {
                corpus.add(new Input("vector", vector.input()));
                corpus.add(new Input("vector-template", vector.expected()));
            }
        }
        corpus.add(new Input("null", null));
        corpus.add(new Input("empty", ""));
        for (String fragment : FRAGMENTS) {
            corpus.add(new Input("fragment", fragment));
            corpus.add(new Input("fragment", "select " + fragment + " from t where a = " + fragment));
        }

        Random random = new Random(20_260_107L);
        for (int i = 0; i < 2_000; i++) {
            corpus.add(new Input("generated", StatementGenerator.statement(random.nextLong(), random)));
        }
        for (int i = 0; i < 1_500; i++) {
            corpus.add(new Input("mutated", mutate(StatementGenerator.statement(random.nextLong(), random), random)));
        }
        for (int i = 0; i < 2_000; i++) {
            corpus.add(new Input("soup", soup(random, 1 + random.nextInt(40))));
        }
        for (int i = 0; i < 700; i++) {
            corpus.add(new Input("structured", structured(random)));
        }
        for (int i = 0; i < 700; i++) {
            byte[] bytes = new byte[random.nextInt(120)];
            random.nextBytes(bytes);
            corpus.add(new Input("latin1", new String(bytes, StandardCharsets.ISO_8859_1)));
            corpus.add(new Input("stable-chars", stableChars(random, random.nextInt(80))));
        }
        corpus.addAll(huge());
        if (anyUtf16) {
            Random any = new Random(7);
            for (int i = 0; i < 2_000; i++) {
                char[] chars = new char[any.nextInt(80)];
                for (int c = 0; c < chars.length; c++) {
                    chars[c] = (char) any.nextInt(Character.MAX_VALUE + 1);
                }
                corpus.add(new Input("utf16", new String(chars)));
                byte[] bytes = new byte[any.nextInt(120)];
                any.nextBytes(bytes);
                corpus.add(new Input("utf16-utf8", new String(bytes, StandardCharsets.UTF_8)));
            }
        }
        return corpus;
    }

    /** A realistic statement with fragments inserted, text deleted, or a stretch's case flipped. */
    private static String mutate(String sql, Random random) {
        StringBuilder out = new StringBuilder(sql);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(out.length() + 1);
            switch (random.nextInt(3)) {
                case 0:
                    out.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                    break;
                case 1:
                    out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(8)));
                    break;
                default:
                    for (int i = at; i < Math.min(out.length(), at + 12); i++) {
                        char c = out.charAt(i);
                        out.setCharAt(i, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                    }
                    break;
            }
        }
        return out.toString();
    }

    private static String soup(Random random, int tokens) {
        StringBuilder sql = new StringBuilder();
        for (int t = 0; t < tokens; t++) {
            sql.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            if (random.nextInt(3) == 0) {
                sql.append(' ');
            }
        }
        return sql.toString();
    }

    private static String stableChars(Random random, int length) {
        StringBuilder sql = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int choice = random.nextInt(4);
            if (choice == 0) {
                sql.append(STABLE_NON_ASCII.charAt(random.nextInt(STABLE_NON_ASCII.length())));
            } else {
                sql.append((char) random.nextInt(0x80));
            }
        }
        return sql.toString();
    }

    /** Statements in each dialect's quoting, with lists, literals and names the generator does not make. */
    private static String structured(Random random) {
        String table = TABLES[random.nextInt(TABLES.length)];
        String[] values = {"1", "-2.5e3", "'a''b'", "E'x\\'y'", "$$d$$", "$q$ ' $q$", "X'ff'", "0xAB", "b'01'",
            "N'n'", "?", "$3", ":p", "null", "true", "'a\\'b'", "\"dq\"", "_utf8'u'", "{d '2020-01-01'}", "0b11"};
        StringBuilder sql = new StringBuilder();
        switch (random.nextInt(7)) {
            case 0: {
                sql.append("SELECT * FROM ").append(table).append(" WHERE id IN (");
                int n = 1 + random.nextInt(30);
                String value = values[random.nextInt(values.length)];
                for (int i = 0; i < n; i++) {
                    sql.append(i == 0 ? "" : ", ").append(random.nextInt(5) == 0 ? values[random.nextInt(values.length)] : value);
                }
                sql.append(')');
                break;
            }
            case 1: {
                sql.append("insert into ").append(table).append(" (a, `b`, \"C\", [d]) VALUES ");
                int rows = 1 + random.nextInt(8);
                for (int r = 0; r < rows; r++) {
                    sql.append(r == 0 ? "(" : "), (");
                    for (int c = 0; c < 4; c++) {
                        sql.append(c == 0 ? "" : ", ").append(values[random.nextInt(values.length)]);
                    }
                }
                sql.append(')').append(random.nextBoolean() ? " ON DUPLICATE KEY UPDATE a = VALUES(a)" : " on conflict (a) do update set b = null");
                break;
            }
            case 2:
                sql.append("update ").append(table).append(" set a = ").append(values[random.nextInt(values.length)])
                        .append(", b = NULL where c = ").append(values[random.nextInt(values.length)])
                        .append(" and d::text ->> 'k' = ").append(values[random.nextInt(values.length)]);
                break;
            case 3:
                sql.append("WITH RECURSIVE r (n) AS (select 1 union all select n + 1 from r where n < ")
                        .append(values[random.nextInt(values.length)]).append(") /* c /* n */ */ select n from r ")
                        .append("order by 1 limit ").append(values[random.nextInt(values.length)]);
                break;
            case 4:
                sql.append("select a from ").append(table).append(" where b = ANY(ARRAY[")
                        .append(values[random.nextInt(values.length)]).append(", ")
                        .append(values[random.nextInt(values.length)]).append("]) and c between ")
                        .append(values[random.nextInt(values.length)]).append(" and -").append(random.nextInt(9))
                        .append(" and e is not true # tail\n");
                break;
            case 5:
                sql.append(random.nextBoolean() ? "CREATE TABLE IF NOT EXISTS " : "create table ").append(table)
                        .append(" (id bigint primary key, name VARCHAR(255) default null, total numeric(10, 2) default ")
                        .append(values[random.nextInt(values.length)]).append(", unique (name), check (total > -1)); ")
                        .append(random.nextBoolean() ? "alter table " : "DROP TABLE ").append(table);
                break;
            default:
                sql.append("{call proc(").append(values[random.nextInt(values.length)]).append(", ?)}; DELETE FROM ")
                        .append(table).append(" WHERE k = ").append(values[random.nextInt(values.length)]).append(';');
                break;
        }
        return sql.toString();
    }

    /** Inputs that reach the limits: the template cut, list tracking depth, long literals and comments. */
    private static List<Input> huge() {
        List<Input> huge = new ArrayList<>();
        StringBuilder names = new StringBuilder("SELECT ");
        for (int i = 0; names.length() < 75_000; i++) {
            names.append(i == 0 ? "" : ", ").append("Column_").append(i).append(" AS \"A").append(i).append('"');
        }
        huge.add(new Input("huge-names", names.append(" FROM t WHERE x = 1").toString()));
        StringBuilder unicode = new StringBuilder("select ");
        for (int i = 0; unicode.length() < 70_000; i++) {
            unicode.append(i == 0 ? "" : ", ").append("Ñame_\ud801\udc00_").append(i).append(" + 'é'");
        }
        huge.add(new Input("huge-unicode", unicode.toString()));
        StringBuilder in = new StringBuilder("select * from t where id in (");
        for (int i = 0; i < 100_000; i++) {
            in.append(i == 0 ? "" : ", ").append(i);
        }
        huge.add(new Input("huge-in", in.append(')').toString()));
        StringBuilder rows = new StringBuilder("insert into t (a, b) values ");
        for (int i = 0; i < 10_000; i++) {
            rows.append(i == 0 ? "" : ", ").append('(').append(i).append(", 'x").append(i).append("')");
        }
        huge.add(new Input("huge-rows", rows.toString()));
        StringBuilder mixedIn = new StringBuilder("select * from t where id in (");
        for (int i = 0; i < 30_000; i++) {
            mixedIn.append(i == 0 ? "" : ", ").append(i % 1000 == 999 ? "col_" + i : Integer.toString(i));
        }
        huge.add(new Input("huge-in-mixed", mixedIn.append(')').toString()));
        huge.add(new Input("huge-nesting", "(".repeat(40_000) + "select 1" + ")".repeat(40_000)));
        huge.add(new Input("deep-arrays", "select " + "array[".repeat(100) + "1, 1" + "]".repeat(100)));
        huge.add(new Input("deep-in", "select * from t where a in (" + "1, (".repeat(100) + "1" + ")".repeat(101)));
        huge.add(new Input("long-string", "select '" + "x''".repeat(30_000) + "' from t"));
        huge.add(new Input("long-dollar", "select $body$" + "$bod".repeat(20_000) + "$body$ from t"));
        huge.add(new Input("long-comment", "select 1 /*" + " /* x */ ".repeat(10_000) + "*/ from t"));
        huge.add(new Input("unterminated-comment", "select 1 /* /* " + "z".repeat(70_000)));
        huge.add(new Input("unterminated-string", "select E'\\'" + "y".repeat(70_000)));
        huge.add(new Input("long-word", "select " + "W".repeat(70_000) + " from t"));
        huge.add(new Input("long-number", "select " + "9".repeat(70_000) + ".5e10 from t"));
        huge.add(new Input("long-operator", "select a " + "<>".repeat(20_000) + "-1"));
        return huge;
    }

    // ---- helpers ----

    private static String escape(String text) {
        if (text == null) {
            return "<null>";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
