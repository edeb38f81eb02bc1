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

    /** Accepted values of {@link #DIALECT}. */
    public enum DialectChoice { AUTO, GENERIC, POSTGRESQL, MYSQL, H2 }

    public static final Setting<Boolean> ENABLED = Setting.bool("enabled", true);
    public static final Setting<String> OUTPUT = Setting.text("output", "stderr",
            "stdout, stderr, slf4j, none, or a file path");
    public static final Setting<Integer> STATS_INTERVAL_SECONDS =
            Setting.integer("statsIntervalSeconds", 60, 1, 86_400);
    public static final Setting<Integer> MAX_STATEMENTS = Setting.integer("maxStatements", 1000, 1, 1_000_000);
    public static final Setting<Integer> MAX_SQL_LENGTH = Setting.integer("maxSqlLength", 2000, 64, 1_000_000);
    public static final Setting<DialectChoice> DIALECT =
            Setting.choice("dialect", DialectChoice.AUTO, DialectChoice.class);

    /** Every setting, in the order of the README's table. */
    public static final List<Setting<?>> ALL = List.of(
            ENABLED, OUTPUT, STATS_INTERVAL_SECONDS, MAX_STATEMENTS, MAX_SQL_LENGTH, DIALECT);

    private final Map<Setting<?>, Object> values;

    Settings(Map<Setting<?>, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
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
