package io.queryhound.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One setting: its single name, its documented default, and the one place that parses it. The same
 * name is used everywhere: {@code name} in {@code queryhound.properties} and agent arguments,
 * {@code queryhound.name} as a system property, {@code QUERYHOUND_NAME} (upper snake case) in the
 * environment.
 */
public final class Setting<T> {

    private final String key;
    private final T defaultValue;
    private final String accepted;
    private final Function<String, T> parser;

    private Setting(String key, T defaultValue, String accepted, Function<String, T> parser) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.accepted = accepted;
        this.parser = parser;
    }

    static Setting<Boolean> bool(String key, boolean defaultValue) {
        return new Setting<>(key, defaultValue, "true or false", raw -> {
            String value = raw.trim().toLowerCase(Locale.ROOT);
            if (value.equals("true")) {
                return Boolean.TRUE;
            }
            if (value.equals("false")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException();
        });
    }

    static Setting<Integer> integer(String key, int defaultValue, int min, int max) {
        return new Setting<>(key, defaultValue, "a whole number from " + min + " to " + max, raw -> {
            int value = Integer.parseInt(raw.trim().replace("_", ""));
            if (value < min || value > max) {
                throw new IllegalArgumentException();
            }
            return value;
        });
    }

    static Setting<String> text(String key, String defaultValue, String accepted) {
        return new Setting<>(key, defaultValue, accepted, raw -> {
            String value = raw.trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException();
            }
            return value;
        });
    }

    /**
     * A comma-separated list; blanks around items are dropped and an empty value means an empty
     * list. {@code itemCheck} rejects a bad item with {@link IllegalArgumentException}.
     */
    static Setting<List<String>> list(String key, List<String> defaultValue, String accepted,
                                                UnaryOperator<String> itemCheck) {
        return new Setting<>(key, List.copyOf(defaultValue), accepted, raw -> {
            List<String> items = new ArrayList<>();
            for (String item : raw.split(",", -1)) {
                String trimmed = item.trim();
                if (!trimmed.isEmpty()) {
                    items.add(itemCheck.apply(trimmed));
                }
            }
            return List.copyOf(items);
        });
    }

    static <E extends Enum<E>> Setting<E> choice(String key, E defaultValue, Class<E> type) {
        StringBuilder names = new StringBuilder("one of ");
        E[] constants = type.getEnumConstants();
        for (int i = 0; i < constants.length; i++) {
            names.append(i == 0 ? "" : ", ").append(constants[i].name().toLowerCase(Locale.ROOT));
        }
        return new Setting<>(key, defaultValue, names.toString(),
                raw -> Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT)));
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** What the setting accepts, in words, for error messages and documentation. */
    public String accepted() {
        return accepted;
    }

    /** The system property name: {@code queryhound.slowQueryMillis}. */
    public String propertyName() {
        return "queryhound." + key;
    }

    /** The environment variable name: {@code QUERYHOUND_SLOW_QUERY_MILLIS}. */
    public String environmentName() {
        return environmentName(key);
    }

    static String environmentName(String key) {
        StringBuilder name = new StringBuilder("QUERYHOUND_");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                name.append('_');
            }
            name.append(Character.toUpperCase(c));
        }
        return name.toString();
    }

    /** Parses {@code raw}; throws {@link IllegalArgumentException} when it is not acceptable. */
    T parse(String raw) {
        try {
            T value = parser.apply(raw);
            if (value == null) {
                throw new IllegalArgumentException();
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
