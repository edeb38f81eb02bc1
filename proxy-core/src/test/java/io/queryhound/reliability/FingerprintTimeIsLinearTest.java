package io.queryhound.reliability;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.sql.InListRewrite;
import io.queryhound.internal.sql.ParameterColumns;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No time super-linear in the input length: for adversarial shapes of SQL (runs of quotes,
 * unterminated strings and comments, near-miss dollar tags, backslashes, deep brackets, huge and
 * nested lists, repeated keywords), reading eight times the input must take about eight times the
 * CPU time, not 64 times as a quadratic lexer would. Each entry point that takes SQL text is
 * measured under every dialect: the fingerprint, the {@code IN} rewrite, the parameter columns and
 * the literals.
 *
 * <p>Robust on a shared, noisy machine: the inputs are large ({@value #N} and 8 times as many
 * characters), the code is warmed up first, the time is this thread's CPU time (so waiting for a
 * core does not count), the small input is read eight times per measurement so that both last about
 * as long, each figure is the least of {@value #RUNS} measurements, and a ratio over the bound is
 * measured again (up to {@value #ATTEMPTS} times) before it fails. The bound, 24, sits far from
 * both linear (8) and quadratic (64). The work counters of {@code FingerprinterPropertyTest} prove
 * the same without a clock for the fingerprint; this test needs no counter inside the implementation.
 */
@Tag("reliability")
class FingerprintTimeIsLinearTest {

    private static final int N = 1 << 16;
    private static final int GROWTH = 8;
    private static final double BOUND = 24;
    private static final int RUNS = 3;
    private static final int ATTEMPTS = 3;
    private static final int WARM_UP_LENGTH = 4096;
    private static final int WARM_UP_READS = 500;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One entry point that reads SQL text. */
    private interface EntryPoint {
        Object read(String sql, SqlDialect dialect);
    }

    private record Shape(String name, IntFunction<String> sql) {
    }

    @Test
    void fingerprintingTakesLinearTime() {
        List<Shape> shapes = List.of(
                new Shape("quote run", n -> "'".repeat(n)),
                new Shape("doubled quotes", n -> "select '" + "''".repeat(n / 2) + "'"),
                new Shape("unterminated string", n -> "select a from t where b = '" + "x ".repeat(n / 2)),
                new Shape("unterminated quoted name", n -> "select \"" + "x`".repeat(n / 2)),
                new Shape("backslashes", n -> "select '" + "\\".repeat(n) + "' from t"),
                new Shape("escaped quotes", n -> "select E'" + "\\'".repeat(n / 2)),
                new Shape("unterminated comment", n -> "select 1 /*" + " x".repeat(n / 2)),
                new Shape("comment openers", n -> "select " + "/*".repeat(n / 2)),
                new Shape("line comments", n -> "select 1 -- x\n# y\n// z\n".repeat(n / 24)),
                new Shape("near-miss dollar tags",
                        n -> "select $aaaaaaaaaaaaaaaaaaaa$" + "$aaaaaaaaaaaaaaaaaaa".repeat(n / 20)),
                new Shape("dollar signs", n -> "$a".repeat(n / 2)),
                new Shape("nested brackets", n -> "(".repeat(n / 2) + ")".repeat(n / 2)),
                new Shape("unclosed IN lists", n -> "select " + "in (".repeat(n / 4)),
                new Shape("huge IN list", n -> "select * from t where id in (" + "1, ".repeat(n / 3) + "1)"),
                new Shape("many VALUES rows",
                        n -> "insert into t values " + "(1, 'a', now()), ".repeat(n / 18) + "(1, 'a', now())"),
                new Shape("nested lists that do not collapse", FingerprintTimeIsLinearTest::equalItemsThatDoNotCollapse),
                new Shape("repeated keywords", n -> "select from where in values null is not ".repeat(n / 42)),
                new Shape("repeated WITH", n -> "with a as (".repeat(n / 11)),
                new Shape("signs", n -> "- ".repeat(n / 2) + "x"),
                new Shape("one long word", n -> "select " + "a".repeat(n)),
                new Shape("token soup", FingerprintTimeIsLinearTest::soup));
        measure("fingerprint", shapes, (sql, dialect) -> SqlFingerprint.of(sql, dialect),
                fingerprint -> !((SqlFingerprint) fingerprint).template().isEmpty()
                        && ((SqlFingerprint) fingerprint).template().length() <= SqlFingerprint.MAX_TEMPLATE_LENGTH + 3);
    }

    @Test
    void theInRewriteTakesLinearTime() {
        // Each is rewritten, which proves that the whole statement was read.
        List<Shape> shapes = List.of(
                new Shape("many conjuncts", n -> "select * from t where " + "a = 1 and ".repeat(n / 10) + "id = ?"),
                new Shape("huge IN list", n -> "select * from t where id = ? and b in (" + "1, ".repeat(n / 3) + "1)"),
                new Shape("nested brackets", n -> "select " + "(".repeat(n / 2) + ")".repeat(n / 2) + " from t where id = ?"),
                new Shape("comments and strings",
                        n -> "select 'x' from t where id = ? " + "/* c */ and 'y' <> 'z' ".repeat(n / 22)),
                new Shape("qualified names", n -> "delete from t where " + "a.b.c = d and ".repeat(n / 14) + "? = t.id"));
        measure("IN rewrite", shapes, InListRewrite::rewrite, rewrite -> rewrite != null);
    }

    @Test
    void parameterColumnsTakeLinearTime() {
        // Each has one value or a few, far below the caps that would end the scan early.
        List<Shape> shapes = List.of(
                new Shape("adjacent strings", n -> "select x from t where a = " + "'ab' ".repeat(n / 5)),
                new Shape("deep brackets", n -> "select f(" + "(".repeat(n / 2) + "?" + ")".repeat(n / 2) + ")"),
                new Shape("qualified names", n -> "select * from t where " + "a.b.c = d and ".repeat(n / 14) + "x = ?"),
                new Shape("insert columns", n -> "insert into t (" + "c, ".repeat(n / 3) + "c) values (?)"),
                new Shape("assignments", n -> "update t set " + "a = b, ".repeat(n / 7) + "c = ?"),
                new Shape("reversed comparisons", n -> "select * from t where ? = " + "a.".repeat(n / 2) + "b"));
        measure("parameter columns", shapes, ParameterColumns::of, columns -> ((String[]) columns).length >= 1);
        measure("literals", shapes.subList(0, 1), ParameterColumns::literals, literals -> ((String[]) literals).length >= 1);
    }

    private static void measure(String entryPointName, List<Shape> shapes, EntryPoint entryPoint, Predicate<Object> readAll) {
        List<String> figures = new ArrayList<>();
        double worst = 0;
        for (Shape shape : shapes) {
            String small = shape.sql().apply(N);
            String large = shape.sql().apply(GROWTH * N);
            double lengthRatio = (double) large.length() / small.length();
            assertThat(lengthRatio).as("%s: the large input is %d times as long", shape.name(), GROWTH).isBetween(7.5, 8.5);
            StringBuilder perDialect = new StringBuilder();
            warmUp(entryPoint, shape.sql().apply(WARM_UP_LENGTH), small, large);
            for (SqlDialect dialect : SqlDialect.values()) {
                assertThat(readAll.test(entryPoint.read(small, dialect)))
                        .as("%s of %s under %s reads the whole input", entryPointName, shape.name(), dialect).isTrue();
                double ratio = Double.MAX_VALUE;
                for (int attempt = 0; attempt < ATTEMPTS && ratio >= BOUND; attempt++) {
                    ratio = Math.min(ratio, ratio(entryPoint, dialect, small, large) * GROWTH / lengthRatio);
                }
                assertThat(ratio)
                        .as("%s of \"%s\" under %s: CPU time for %,d chars over that for %,d chars (linear %d, quadratic %d)",
                                entryPointName, shape.name(), dialect, large.length(), small.length(), GROWTH, GROWTH * GROWTH)
                        .isLessThan(BOUND);
                worst = Math.max(worst, ratio);
                perDialect.append(perDialect.length() == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.1f", ratio));
            }
            figures.add(shape.name() + " " + perDialect);
        }
        System.out.printf(Locale.ROOT, "[reliability] %s time at 8n / n (n = %,d chars; least of %d measurements of this"
                        + " thread's CPU time; linear 8, quadratic 64, bound %.0f), per dialect %s: %s; worst %.1f%n",
                entryPointName, N, RUNS, BOUND, Arrays.toString(SqlDialect.values()), String.join(", ", figures),
                worst);
    }

    /**
     * Compiles the code the inputs take before anything is measured. Many short reads first: a method
     * called once per input (a comment that runs to the end) would otherwise start each read
     * interpreted, a fixed cost that weighs more on the small input and hides growth.
     */
    private static void warmUp(EntryPoint entryPoint, String tiny, String small, String large) {
        for (SqlDialect dialect : SqlDialect.values()) {
            for (int i = 0; i < WARM_UP_READS; i++) {
                entryPoint.read(tiny, dialect);
            }
            entryPoint.read(small, dialect);
        }
        entryPoint.read(large, SqlDialect.GENERIC);
    }

    /**
     * The least CPU time for the large input over the least for the small one read {@value #GROWTH}
     * times in a row, times {@value #GROWTH}: both measurements last about as long, so that a fixed
     * cost per measurement weighs the same in both.
     */
    private static double ratio(EntryPoint entryPoint, SqlDialect dialect, String small, String large) {
        long leastSmall = Long.MAX_VALUE;
        long leastLarge = Long.MAX_VALUE;
        for (int run = 0; run < RUNS; run++) {
            leastSmall = Math.min(leastSmall, cpuNanos(entryPoint, dialect, small, GROWTH));
            leastLarge = Math.min(leastLarge, cpuNanos(entryPoint, dialect, large, 1));
        }
        return (double) GROWTH * leastLarge / Math.max(leastSmall, 1);
    }

    private static long cpuNanos(EntryPoint entryPoint, SqlDialect dialect, String sql, int times) {
        int answers = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < times; i++) {
            answers += entryPoint.read(sql, dialect) == null ? 0 : 1;
        }
        long nanos = THREADS.getCurrentThreadCpuTime() - start;
        if (answers < 0) {
            throw new AssertionError("unreachable: keeps the answers alive");
        }
        return nanos;
    }

    /**
     * The costliest input for the list comparisons: every list holds two equal, ever larger items and
     * a third that differs, so nothing collapses and every level compares a third of the text again.
     */
    private static String equalItemsThatDoNotCollapse(int n) {
        String list = "1";
        while (list.length() * 3 < n) {
            list = "array[" + list + ", " + list + ", 0]";
        }
        StringBuilder sql = new StringBuilder("select ").append(list);
        while (sql.length() < n) {
            sql.append(", ").append(list, 0, Math.min(list.length(), n - sql.length()));
        }
        return sql.toString();
    }

    /** Fragments that open, close or confuse the lexer's states, in a fixed random order. */
    private static String soup(int n) {
        String[] fragments = {
            "'", "''", "\"", "`", "--", "/*", "*/", "#", "$", "$$", "$t$", "$1", "E'", "N'", "X'", "U&'", "\\", "(", ")",
            "[", "]", "{", "}", ",", ";", ".", "1e", "0x", "::", ":x", "?", "??", "@", "=", "-", "||", "\n", " ",
            "select", "in (", "values (", "array[", "null", "with", "order by", "1", "a", "t.",
        };
        Random random = new Random(7);
        StringBuilder sql = new StringBuilder(n + 16);
        while (sql.length() < n) {
            sql.append(fragments[random.nextInt(fragments.length)]);
        }
        return sql.toString();
    }
}
