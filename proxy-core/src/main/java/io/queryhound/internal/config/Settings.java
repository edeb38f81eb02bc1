package io.queryhound.internal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable settings of one QueryHound instance, resolved once from all sources by
 * {@link SettingsLoader}. Every key QueryHound understands is declared here and nowhere else.
 */
public final class Settings {

    /** Accepted values of {@link #FORMAT}. */
    public enum Format { JSON, TEXT }

    /** Accepted values of {@link #DIALECT}. */
    public enum DialectChoice { AUTO, GENERIC, POSTGRESQL, MYSQL, H2 }

    public static final Setting<Boolean> ENABLED = Setting.bool("enabled", true);
    public static final Setting<String> OUTPUT = Setting.text("output", "stderr",
            "stdout, stderr, slf4j, none, or a file path");
    public static final Setting<Format> FORMAT = Setting.choice("format", Format.JSON, Format.class);
    public static final Setting<Integer> STATS_INTERVAL_SECONDS =
            Setting.integer("statsIntervalSeconds", 60, 1, 86_400);
    public static final Setting<Integer> MAX_STATEMENTS = Setting.integer("maxStatements", 1000, 1, 1_000_000);
    public static final Setting<Integer> MAX_SQL_LENGTH = Setting.integer("maxSqlLength", 2000, 64, 1_000_000);
    public static final Setting<DialectChoice> DIALECT =
            Setting.choice("dialect", DialectChoice.AUTO, DialectChoice.class);


    // Detection thresholds: DESIGN.md "Detection".
    public static final Setting<Integer> N_PLUS_ONE_THRESHOLD =
            Setting.integer("nPlusOneThreshold", 3, 2, 1_000_000);
    public static final Setting<Integer> BATCHABLE_THRESHOLD =
            Setting.integer("batchableThreshold", 3, 2, 1_000_000);
    public static final Setting<Integer> SLOW_QUERY_MILLIS = Setting.integer("slowQueryMillis", 100, 1, 86_400_000);
    public static final Setting<Integer> MAX_QUERIES_PER_SCOPE =
            Setting.integer("maxQueriesPerScope", 100, 1, 100_000_000);
    public static final Setting<Integer> LARGE_RESULT_ROWS =
            Setting.integer("largeResultRows", 1000, 1, Integer.MAX_VALUE);
    public static final Setting<List<String>> APP_PACKAGES = Setting.list("appPackages", List.of(),
            "a comma-separated list of package names, such as com.acme,org.example.shop", Settings::packageName);
    public static final Setting<List<String>> SKIP_PACKAGES = Setting.list("skipPackages", List.of(),
            "a comma-separated list of package or class name prefixes", Settings::packageName);
    public static final Setting<Integer> CALL_SITE_FRAMES = Setting.integer("callSiteFrames", 5, 0, 50);
    public static final Setting<Integer> MAX_FINGERPRINTS_PER_SCOPE =
            Setting.integer("maxFingerprintsPerScope", 500, 1, 1_000_000);
    public static final Setting<Integer> IMPLICIT_SCOPE_IDLE_MILLIS =
            Setting.integer("implicitScopeIdleMillis", 1000, 1, 86_400_000);
    public static final Setting<Integer> SLOW_CONNECTION_MILLIS =
            Setting.integer("slowConnectionMillis", 50, 1, 86_400_000);
    /**
     * Methods whose every invocation is a scope, for the agent: {@code com.acme.Job#run}. Each entry is
     * checked where it is used, so one bad entry is reported and skipped without losing the others.
     */
    public static final Setting<List<String>> SCOPE_METHODS = Setting.list("scopeMethods", List.of(),
            "a comma-separated list of Class#method entries, such as com.acme.Job#run,com.acme.Listener#onMessage",
            item -> item);
    public static final Setting<Boolean> LOG_PARAMETERS = Setting.bool("logParameters", false);
    public static final Setting<List<String>> MASK_COLUMNS = Setting.list("maskColumns",
            List.of("password", "secret", "token"), "a comma-separated list of column-name fragments",
            item -> item.toLowerCase(java.util.Locale.ROOT));

    // Execution plans of slow statements: docs/plans.md.
    public static final Setting<Boolean> EXPLAIN = Setting.bool("explain", true);
    public static final Setting<Boolean> EXPLAIN_ANALYZE = Setting.bool("explainAnalyze", false);
    public static final Setting<Integer> EXPLAIN_INTERVAL_SECONDS =
            Setting.integer("explainIntervalSeconds", 600, 1, 86_400 * 7);
    public static final Setting<Integer> EXPLAIN_TIMEOUT_SECONDS = Setting.integer("explainTimeoutSeconds", 5, 1, 600);
    public static final Setting<Integer> FULL_SCAN_MIN_ROWS =
            Setting.integer("fullScanMinRows", 10_000, 0, Integer.MAX_VALUE);

    // Suppressions and baselines (docs/suppressions.md). Single suppressions are the numbered or named keys
    // suppress.<label>, read by SettingsLoader beside these: a properties file cannot repeat one key.
    public static final Setting<List<String>> SUPPRESSIONS = Setting.list("suppressions", List.of(),
            "a comma-separated list of suppression files, one TYPE:<fingerprint> -- <reason> or"
                    + " TYPE@<call-site pattern> -- <reason> per line", item -> item);
    public static final Setting<String> BASELINE = Setting.text("baseline", "none",
            "none, or the path of a baseline file written by: java -jar queryhound-agent.jar baseline write");

    /** The key of one suppression, and the prefix of named ones ({@code suppress.legacyReport}). */
    public static final String SUPPRESS_KEY = "suppress";

    /** Every setting, in the order of the README's table. */
    public static final List<Setting<?>> ALL = List.of(
            ENABLED, OUTPUT, FORMAT, STATS_INTERVAL_SECONDS, MAX_STATEMENTS, MAX_SQL_LENGTH, DIALECT,
            N_PLUS_ONE_THRESHOLD, BATCHABLE_THRESHOLD, SLOW_QUERY_MILLIS, MAX_QUERIES_PER_SCOPE, LARGE_RESULT_ROWS,
            SLOW_CONNECTION_MILLIS, APP_PACKAGES, SKIP_PACKAGES, CALL_SITE_FRAMES, MAX_FINGERPRINTS_PER_SCOPE,
            IMPLICIT_SCOPE_IDLE_MILLIS, SCOPE_METHODS, LOG_PARAMETERS, MASK_COLUMNS,
            EXPLAIN, FULL_SCAN_MIN_ROWS, EXPLAIN_ANALYZE, EXPLAIN_INTERVAL_SECONDS, EXPLAIN_TIMEOUT_SECONDS,
            SUPPRESSIONS, BASELINE);

    /** Accepts {@code com.acme}, {@code com.acme.} and {@code com.acme.Legacy$Dao}; rejects spaces and slashes. */
    private static String packageName(String item) {
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (!(Character.isJavaIdentifierPart(c) || c == '.')) {
                throw new IllegalArgumentException(item);
            }
        }
        return item;
    }

    private final Map<Setting<?>, Object> values;
    private final List<Declared> suppressions;

    Settings(Map<Setting<?>, Object> values) {
        this(values, List.of());
    }

    Settings(Map<Setting<?>, Object> values, List<Declared> suppressions) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.suppressions = List.copyOf(suppressions);
    }

    /**
     * One {@code suppress} or {@code suppress.<label>} value as written, checked where it is used
     * (io.queryhound.internal.suppress), so that a bad one is reported with its key and source and skipped alone.
     *
     * @param key    {@code suppress} or {@code suppress.<label>}
     * @param value  the suppression, such as {@code N_PLUS_ONE:5f0c2a9e1b7d4c33 -- reason}
     * @param source where it came from: a system property, an environment variable, a properties file, agent arguments
     */
    public record Declared(String key, String value, String source) {
    }

    /** The {@code suppress[.label]} values, the later source winning for one key; sorted by key. */
    public List<Declared> suppressions() {
        return suppressions;
    }

    /** Whether {@code key} is {@code suppress} or {@code suppress.<label>}. */
    static boolean isSuppressKey(String key) {
        return key.equals(SUPPRESS_KEY) || (key.startsWith(SUPPRESS_KEY + ".") && key.length() > SUPPRESS_KEY.length() + 1);
    }

    /** All defaults, read from no source. */
    public static Settings defaults() {
        return new Settings(Map.of());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting);
        return value != null ? (T) value : setting.defaultValue();
    }

    /** The settings whose value differs from the default, as {@code key=value}, for start-up lines. */
    public List<String> differencesFromDefaults() {
        List<String> differences = new ArrayList<>();
        for (Setting<?> setting : ALL) {
            Object value = get(setting);
            if (!Objects.equals(value, setting.defaultValue())) {
                differences.add(setting.key() + "=" + value);
            }
        }
        for (Declared declared : suppressions) {
            differences.add(declared.key() + "=" + declared.value());
        }
        return differences;
    }

    static Setting<?> byKey(String key) {
        for (Setting<?> setting : ALL) {
            if (setting.key().equals(key)) {
                return setting;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Settings" + values;
    }
}
