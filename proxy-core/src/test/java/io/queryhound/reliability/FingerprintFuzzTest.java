package io.queryhound.reliability;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.sql.Fingerprinter;
import io.queryhound.internal.sql.InListRewrite;
import io.queryhound.internal.sql.ParameterColumns;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of SQL fingerprinting with Jazzer (libFuzzer driving the JVM, steered by
 * the branch coverage of {@code io.queryhound.**}). Every input is read under every dialect by each
 * entry point that takes SQL text: the fingerprint (lexer, template writer, statement kind), the
 * {@code IN (?)} rewrite of its template and of the raw text, and the parameter columns and literals.
 * None may throw, and each result must be what the code documents:
 * <ul>
 *   <li>the id is 16 lower-case hex digits that spell {@link SqlFingerprint#idAsLong()};
 *   <li>the template is at most {@link SqlFingerprint#MAX_TEMPLATE_LENGTH} characters, or exactly that
 *       many followed by {@code ...}; uncut, at most {@code 2n + 2} for an input of {@code n} characters;
 *   <li>collapsed lists had at least two items each, and their items were separated by commas of
 *       the input (so the lengths minus one add up to at most its number of commas);
 *   <li>the same text gives the same fingerprint again: the one computed here equals the one
 *       {@link SqlFingerprint#of} serves (computed anew, or cached from an earlier equal input);
 *   <li>a rewrite, when offered, differs from the template and holds {@code in (};
 *   <li>at most 1000 parameter columns and 64 literals; the literal columns are some of the columns,
 *       and when neither list is full there is one literal column per literal.
 * </ul>
 * About one input in 1024 is also repeated to some 140,000 characters, so that templates longer than
 * the cut occur too.
 *
 * <p>The public entry points turn an unexpected exception into an empty result on purpose (the
 * application's query must not fail because of QueryHound), which would hide exactly what a fuzzer
 * looks for. So the same code is also called here without that net, through its package-private
 * test hook ({@code Fingerprinter.fingerprintUnguarded}) and the private scanners of
 * {@link InListRewrite} and {@link ParameterColumns}; should one of them be renamed, this class
 * fails at once, naming it.
 *
 * <p>In {@code ./mvnw verify} it runs in fuzzing mode for a fixed time (25 s, {@code
 * reliability.fuzzDuration}) in a surefire execution and JVM of its own (see proxy-core's pom.xml),
 * so that Jazzer's instrumentation touches no other test. Seeds: {@code
 * FingerprintFuzzTestInputs/fingerprintsAnyInput} (the fingerprint vectors and hostile statements);
 * the corpus it grows and any failing input go to {@code target/jazzer}. The long run, 10,000,000
 * inputs:
 * <pre>
 * ./mvnw -B test -pl proxy-core -Dtest=FingerprintFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dreliability.fuzzInputs=10000000 -Dreliability.fuzzDuration=3h
 * </pre>
 * Outside that execution (an IDE, without {@code JAZZER_FUZZ=1}) it replays the seeds once.
 */
class FingerprintFuzzTest {

    private static final SqlDialect[] DIALECTS = SqlDialect.values();
    private static final int MAX_TEMPLATE = SqlFingerprint.MAX_TEMPLATE_LENGTH;
    /** Documented caps of {@link ParameterColumns#of} and {@link ParameterColumns#literals}. */
    private static final int MAX_POSITIONS = 1000;
    private static final int MAX_LITERALS = 64;
    /** Repeated inputs are made this long, enough for a template past the cut unless the input shrinks a lot. */
    private static final int LONG_INPUT = 140_000;

    private static final String SEEDS = "FingerprintFuzzTestInputs/fingerprintsAnyInput";

    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong LONG_INPUTS = new AtomicLong();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile long firstNanos;
    private static volatile long firstCpuNanos;
    private static volatile long lastNanos;
    private static volatile boolean failed;
    /** Time spent in this method, the rest of the fuzzing time being libFuzzer's (one thread does both). */
    private static long checkingNanos;

    @DictionaryFile(resourcePath = "FingerprintFuzzTest.dict")
    @FuzzTest(maxDuration = "25s")
    void fingerprintsAnyInput(byte[] input) {
        long now = System.nanoTime();
        if (INPUTS.getAndIncrement() == 0) {
            firstNanos = now;
            firstCpuNanos = THREADS.getCurrentThreadCpuTime(); // libFuzzer calls back on the thread that ends in report()
        }
        try {
            String sql = decode(input);
            for (SqlDialect dialect : DIALECTS) {
                check(sql, dialect);
            }
            int hash = mix(Arrays.hashCode(input));
            if (!sql.isEmpty() && (hash & 1023) == 0) {
                LONG_INPUTS.incrementAndGet();
                checkFingerprint(sql.repeat(LONG_INPUT / sql.length() + 1),
                        DIALECTS[Math.floorMod(hash >>> 10, DIALECTS.length)]);
            }
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        } finally {
            lastNanos = System.nanoTime();
            checkingNanos += lastNanos - now;
        }
    }

    private static void check(String sql, SqlDialect dialect) {
        SqlFingerprint fingerprint = checkFingerprint(sql, dialect);

        String template = fingerprint.template();
        String rewrite = Unguarded.rewrite(template, dialect);
        if (rewrite != null && (rewrite.equals(template) || !rewrite.contains(" in ("))) {
            throw failure("the rewrite " + describe(rewrite) + " of template " + describe(template)
                    + " is no IN rewrite", sql, dialect);
        }
        Unguarded.rewrite(sql, dialect); // the raw text too: whatever it answers, it must not throw

        String[] columns = Unguarded.parameterColumns(sql, dialect, false, MAX_POSITIONS);
        String[] literals = Unguarded.parameterColumns(sql, dialect, true, MAX_LITERALS);
        if (columns.length > MAX_POSITIONS || literals.length > MAX_LITERALS) {
            throw failure(columns.length + " parameter columns and " + literals.length + " literals, over the caps",
                    sql, dialect);
        }
        String[] literalColumns = ParameterColumns.ofLiterals(sql, dialect);
        if (literalColumns.length > columns.length) {
            throw failure(literalColumns.length + " literal columns among " + columns.length + " columns", sql,
                    dialect);
        }
        if (columns.length < MAX_POSITIONS && literals.length < MAX_LITERALS
                && literalColumns.length != literals.length) {
            throw failure(literalColumns.length + " literal columns for " + literals.length + " literals "
                    + Arrays.toString(literals), sql, dialect);
        }
    }

    /** The fingerprint, computed twice (here and through the shared cache), well formed and the same both times. */
    private static SqlFingerprint checkFingerprint(String sql, SqlDialect dialect) {
        SqlFingerprint fingerprint = Unguarded.fingerprint(sql, dialect);
        String template = fingerprint.template();
        String id = fingerprint.id();
        if (id.length() != 16 || !isLowerHex(id) || Long.parseUnsignedLong(id, 16) != fingerprint.idAsLong()) {
            throw failure("id " + id + " does not spell " + fingerprint.idAsLong(), sql, dialect);
        }
        if (template.length() > MAX_TEMPLATE
                && (template.length() != MAX_TEMPLATE + 3 || !template.endsWith("..."))) {
            throw failure("a template of " + template.length() + " characters is not cut to " + MAX_TEMPLATE
                    + " and \"...\"", sql, dialect);
        }
        if (template.length() <= MAX_TEMPLATE && template.length() > 2L * sql.length() + 2) {
            throw failure("template " + describe(template) + " is longer than 2n + 2", sql, dialect);
        }
        int[] lists = fingerprint.collapsedListLengths();
        long separators = 0;
        for (int items : lists) {
            if (items < 2) {
                throw failure("collapsed list lengths " + Arrays.toString(lists) + " include a list of " + items,
                        sql, dialect);
            }
            separators += items - 1;
        }
        if (separators > commas(sql)) {
            throw failure("collapsed list lengths " + Arrays.toString(lists) + " need " + separators
                    + " commas, the input has " + commas(sql), sql, dialect);
        }

        SqlFingerprint again = SqlFingerprint.of(sql, dialect);
        if (!again.template().equals(template) || again.idAsLong() != fingerprint.idAsLong()
                || again.kind() != fingerprint.kind()
                || !Arrays.equals(again.collapsedListLengths(), lists)) {
            throw failure("fingerprinted twice: " + fingerprint + ", then " + again, sql, dialect);
        }
        return fingerprint;
    }

    @AfterAll
    static void report() throws IOException {
        long inputs = INPUTS.get();
        double seconds = Math.max(lastNanos - firstNanos, 1) / 1e9;
        double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - firstCpuNanos) / 1e9;
        if (!fuzzingMode()) {
            System.out.printf(Locale.ROOT, "[reliability] fuzzing: regression mode (JAZZER_FUZZ unset), %,d inputs"
                    + " replayed under %d dialects, %s%n", inputs, DIALECTS.length, failed ? "FAILED" : "no failure");
            return;
        }
        long seeds = countFiles(seedDirectory());
        Path base = Paths.get(System.getProperty("jazzer.internal.basedir", "")).toAbsolutePath();
        long kept = countFiles(base.resolve(".cifuzz-corpus").resolve(FingerprintFuzzTest.class.getName())
                .resolve("fingerprintsAnyInput"));
        System.out.printf(Locale.ROOT, "[reliability] fuzzing: %,d inputs in %.1f s (%,.0f/s; %.1f s of CPU on the"
                        + " fuzzing thread, %,.0f/CPU-s; %.0f%% of the time in the checks, the rest in libFuzzer), each"
                        + " under %d dialects (%,d also repeated to %,d chars), %s; corpus: %d seeds, %d inputs kept by"
                        + " libFuzzer in %s; %s%n",
                inputs, seconds, inputs / seconds, cpuSeconds, inputs / Math.max(cpuSeconds, 1e-3),
                100 * checkingNanos / 1e9 / seconds, DIALECTS.length, LONG_INPUTS.get(), LONG_INPUT,
                failed ? "FAILED (the input is in target/jazzer)" : "no failure", seeds, kept,
                base.resolve(".cifuzz-corpus"), coverage());
        // Real fuzzing: JUnit replays the seeds and the empty input first; every further input came from libFuzzer.
        long budget = Long.getLong("jazzer.max_executions", 0);
        if (!failed && (budget == 0 || budget > seeds + 1)) {
            assertThat(inputs).as("inputs run, beyond the %d seeds and the empty input that JUnit replays", seeds)
                    .isGreaterThan(seeds + 1);
        }
    }

    // ---- the code without its safety net ----

    /** The unguarded internals, found once; a failure to find one names it. */
    private static final class Unguarded {
        private static final MethodHandle FINGERPRINT;
        private static final MethodHandle NEW_REWRITE_SCAN;
        private static final MethodHandle RUN_REWRITE_SCAN;
        private static final MethodHandle NEW_COLUMNS_SCANNER;
        private static final MethodHandle RUN_COLUMNS_SCANNER;

        static {
            String at = "Fingerprinter.fingerprintUnguarded(String, SqlDialect)";
            try {
                FINGERPRINT = MethodHandles.privateLookupIn(Fingerprinter.class, MethodHandles.lookup())
                        .findStatic(Fingerprinter.class, "fingerprintUnguarded",
                                MethodType.methodType(SqlFingerprint.class, String.class, SqlDialect.class));
                at = "InListRewrite.Scan(String, SqlDialect).run()";
                Class<?> scan = Class.forName(InListRewrite.class.getName() + "$Scan");
                MethodHandles.Lookup inScan = MethodHandles.privateLookupIn(scan, MethodHandles.lookup());
                NEW_REWRITE_SCAN = inScan.findConstructor(scan,
                                MethodType.methodType(void.class, String.class, SqlDialect.class))
                        .asType(MethodType.methodType(Object.class, String.class, SqlDialect.class));
                RUN_REWRITE_SCAN = inScan.findVirtual(scan, "run", MethodType.methodType(String.class))
                        .asType(MethodType.methodType(String.class, Object.class));
                at = "ParameterColumns.Scanner(String, SqlDialect, boolean, int).run()";
                Class<?> scanner = Class.forName(ParameterColumns.class.getName() + "$Scanner");
                MethodHandles.Lookup inScanner = MethodHandles.privateLookupIn(scanner, MethodHandles.lookup());
                NEW_COLUMNS_SCANNER = inScanner.findConstructor(scanner,
                                MethodType.methodType(void.class, String.class, SqlDialect.class, boolean.class, int.class))
                        .asType(MethodType.methodType(Object.class, String.class, SqlDialect.class, boolean.class,
                                int.class));
                RUN_COLUMNS_SCANNER = inScanner.findVirtual(scanner, "run", MethodType.methodType(String[].class))
                        .asType(MethodType.methodType(String[].class, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("FingerprintFuzzTest calls " + at + " to see the exceptions that the"
                        + " public entry point would swallow; it is gone or changed: point the fuzz test at its"
                        + " replacement", e);
            }
        }

        static SqlFingerprint fingerprint(String sql, SqlDialect dialect) {
            try {
                return (SqlFingerprint) FINGERPRINT.invokeExact(sql, dialect);
            } catch (Throwable e) {
                throw failure("fingerprinting threw " + e, sql, dialect, e);
            }
        }

        static String rewrite(String sql, SqlDialect dialect) {
            if (sql.isEmpty()) {
                return null; // InListRewrite.rewrite answers null before it scans
            }
            try {
                return (String) RUN_REWRITE_SCAN.invokeExact(NEW_REWRITE_SCAN.invokeExact(sql, dialect));
            } catch (Throwable e) {
                throw failure("the IN rewrite threw " + e, sql, dialect, e);
            }
        }

        static String[] parameterColumns(String sql, SqlDialect dialect, boolean literals, int cap) {
            if (sql.isEmpty()) {
                return new String[0]; // the public methods answer before they scan
            }
            try {
                return (String[]) RUN_COLUMNS_SCANNER.invokeExact(
                        NEW_COLUMNS_SCANNER.invokeExact(sql, dialect, literals, cap));
            } catch (Throwable e) {
                throw failure("reading parameter " + (literals ? "literals" : "columns") + " threw " + e, sql,
                        dialect, e);
            }
        }
    }

    // ---- input and reporting ----

    /**
     * The fuzzer's bytes as a string in which any UTF-16 code unit can occur: well-formed UTF-8 reads
     * as such (so that the seeds are plain SQL files), a three-byte sequence may also encode a lone
     * surrogate, and any other byte is the character of the same value.
     */
    static String decode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            if (b >= 0xc2 && b <= 0xdf && continuation(bytes, i + 1)) {
                out.append((char) (((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f)));
                i += 2;
                continue;
            }
            if (b >= 0xe0 && b <= 0xef && continuation(bytes, i + 1) && continuation(bytes, i + 2)) {
                int c = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
                if (c >= 0x800) {
                    out.append((char) c);
                    i += 3;
                    continue;
                }
            }
            if (b >= 0xf0 && b <= 0xf4 && continuation(bytes, i + 1) && continuation(bytes, i + 2)
                    && continuation(bytes, i + 3)) {
                int cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6)
                        | (bytes[i + 3] & 0x3f);
                if (cp >= 0x10000 && cp <= Character.MAX_CODE_POINT) {
                    out.appendCodePoint(cp);
                    i += 4;
                    continue;
                }
            }
            out.append((char) b);
            i++;
        }
        return out.toString();
    }

    private static boolean continuation(byte[] bytes, int i) {
        return i < bytes.length && (bytes[i] & 0xc0) == 0x80;
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return h;
    }

    private static boolean isLowerHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static int commas(String sql) {
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == ',') {
                n++;
            }
        }
        return n;
    }

    private static AssertionError failure(String what, String sql, SqlDialect dialect) {
        return failure(what, sql, dialect, null);
    }

    private static AssertionError failure(String what, String sql, SqlDialect dialect, Throwable cause) {
        return new AssertionError(what + "\n  dialect " + dialect + ", input of " + sql.length() + " chars: "
                + describe(sql), cause);
    }

    /** Java string syntax, so that a failing input can be pasted into a test; long ones are shortened. */
    private static String describe(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(text.length(), 2_000);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        out.append('"');
        return shown < text.length() ? out.append(" ... (").append(text.length() - shown).append(" more)").toString()
                : out.toString();
    }

    private static boolean fuzzingMode() {
        return truthy(System.getenv("JAZZER_FUZZ")) || truthy(System.getProperty("JAZZER_FUZZ"));
    }

    private static boolean truthy(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes"));
    }

    private static Path seedDirectory() {
        URL url = FingerprintFuzzTest.class.getResource(SEEDS);
        try {
            return url == null || !"file".equals(url.getProtocol()) ? null : Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static long countFiles(Path directory) throws IOException {
        if (directory == null || !Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /**
     * The coverage edges libFuzzer has seen covered (its "cov"), from Jazzer's coverage map: an
     * internal of Jazzer, so only reported, never asserted; should it change, the figure is missing.
     */
    private static String coverage() {
        try {
            int[] covered = (int[]) Class.forName("com.code_intelligence.jazzer.runtime.CoverageMap")
                    .getMethod("getEverCoveredIds").invoke(null);
            return String.format(Locale.ROOT, "%,d coverage edges of io.queryhound.** reached", covered.length);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "coverage not available (" + e + ")";
        }
    }
}
