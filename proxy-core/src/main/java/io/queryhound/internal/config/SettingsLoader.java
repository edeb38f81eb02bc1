package io.queryhound.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves {@link Settings} from every source, later sources winning: defaults,
 * {@code queryhound.properties} on the classpath, environment variables, system properties, then
 * explicit values (builder calls or agent arguments). A bad value or an unknown key is reported
 * once, naming the key, the value, where it came from and what is accepted; the default is used and
 * nothing is thrown.
 */
public final class SettingsLoader {

    public static final String PROPERTIES_RESOURCE = "queryhound.properties";

    private SettingsLoader() {
    }

    /** Loads from the real classpath, environment and system properties, then {@code explicit}. */
    public static Settings load(Map<String, String> explicit, String explicitSource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = SettingsLoader.class.getClassLoader();
        }
        return load(readClasspathProperties(loader), System.getenv(), System.getProperties(), explicit,
                explicitSource);
    }

    /** Loads from the given sources; visible for tests. */
    public static Settings load(Map<String, String> fileValues, Map<String, String> environment,
                                Properties systemProperties, Map<String, String> explicit,
                                String explicitSource) {
        Map<String, String> raw = new HashMap<>();
        Map<String, String> origin = new HashMap<>();

        fileValues.forEach((key, value) -> {
            String name = key.startsWith("queryhound.") ? key.substring("queryhound.".length()) : key;
            if (known(name, PROPERTIES_RESOURCE)) {
                raw.put(name, value);
                origin.put(name, PROPERTIES_RESOURCE);
            }
        });
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            if (!entry.getKey().startsWith("QUERYHOUND_")) {
                continue;
            }
            Setting<?> setting = byEnvironmentName(entry.getKey());
            if (setting == null) {
                Diagnostics.warnOnce("unknown:" + entry.getKey(), "unknown setting " + entry.getKey()
                        + " in the environment is ignored; known settings: " + knownEnvironmentNames());
                continue;
            }
            raw.put(setting.key(), entry.getValue());
            origin.put(setting.key(), "environment variable " + entry.getKey());
        }
        for (String name : systemProperties.stringPropertyNames()) {
            if (!name.startsWith("queryhound.")) {
                continue;
            }
            String key = name.substring("queryhound.".length());
            if (known(key, "system property " + name)) {
                raw.put(key, systemProperties.getProperty(name));
                origin.put(key, "system property " + name);
            }
        }
        explicit.forEach((key, value) -> {
            if (known(key, explicitSource)) {
                raw.put(key, value);
                origin.put(key, explicitSource);
            }
        });

        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            String value = raw.get(setting.key());
            if (value == null) {
                continue;
            }
            try {
                values.put(setting, setting.parse(value));
            } catch (IllegalArgumentException e) {
                Diagnostics.warnOnce("bad:" + setting.key() + "=" + value, "setting " + setting.key() + "='" + value
                        + "' (from " + origin.get(setting.key()) + ") is not valid: expected "
                        + setting.accepted() + "; using the default " + setting.defaultValue());
            }
        }
        return new Settings(values);
    }

    private static boolean known(String key, String source) {
        if (Settings.byKey(key) != null) {
            return true;
        }
        Diagnostics.warnOnce("unknown:" + key, "unknown setting '" + key + "' in " + source
                + " is ignored; known settings: " + knownKeys());
        return false;
    }

    private static Setting<?> byEnvironmentName(String name) {
        for (Setting<?> setting : Settings.ALL) {
            if (setting.environmentName().equals(name)) {
                return setting;
            }
        }
        return null;
    }

    private static String knownKeys() {
        StringBuilder keys = new StringBuilder();
        for (Setting<?> setting : Settings.ALL) {
            keys.append(keys.length() == 0 ? "" : ", ").append(setting.key());
        }
        return keys.toString();
    }

    private static String knownEnvironmentNames() {
        StringBuilder names = new StringBuilder();
        for (Setting<?> setting : Settings.ALL) {
            names.append(names.length() == 0 ? "" : ", ").append(setting.environmentName());
        }
        return names.toString();
    }

    static Map<String, String> readClasspathProperties(ClassLoader loader) {
        Map<String, String> values = new HashMap<>();
        try (InputStream in = loader.getResourceAsStream(PROPERTIES_RESOURCE)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                for (String name : properties.stringPropertyNames()) {
                    values.put(name, properties.getProperty(name));
                }
            }
        } catch (IOException | RuntimeException e) {
            Diagnostics.warnOnce("unreadable:" + PROPERTIES_RESOURCE, "could not read " + PROPERTIES_RESOURCE
                    + " from the classpath (" + e + "); using the other sources");
        }
        return values;
    }
}
