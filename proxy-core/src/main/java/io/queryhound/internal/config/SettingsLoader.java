package io.queryhound.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

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
        return load(readClasspathProperties(loader), propertiesOrigin(loader), System.getenv(), System.getProperties(),
                explicit, explicitSource);
    }

    /** Where {@code queryhound.properties} was read from, for messages about its suppressions: its URL when known. */
    private static String propertiesOrigin(ClassLoader loader) {
        try {
            URL url = loader.getResource(PROPERTIES_RESOURCE);
            return url == null ? PROPERTIES_RESOURCE : PROPERTIES_RESOURCE + " at " + url;
        } catch (RuntimeException e) {
            return PROPERTIES_RESOURCE;
        }
    }

    /** Loads from the given sources; visible for tests. */
    public static Settings load(Map<String, String> fileValues, Map<String, String> environment,
                                Properties systemProperties, Map<String, String> explicit,
                                String explicitSource) {
        return load(fileValues, PROPERTIES_RESOURCE, environment, systemProperties, explicit, explicitSource);
    }

    private static Settings load(Map<String, String> fileValues, String fileOrigin, Map<String, String> environment,
                                 Properties systemProperties, Map<String, String> explicit,
                                 String explicitSource) {
        Map<String, String> raw = new HashMap<>();
        Map<String, String> origin = new HashMap<>();
        // suppress[.label] keys: any number of them, each kept with its source; later sources win per key.
        Map<String, Settings.Declared> suppressions = new TreeMap<>();

        fileValues.forEach((key, value) -> {
            String name = key.startsWith("queryhound.") ? key.substring("queryhound.".length()) : key;
            if (Settings.isSuppressKey(name)) {
                suppressions.put(name, new Settings.Declared(name, value, fileOrigin));
            } else if (known(name, fileOrigin)) {
                raw.put(name, value);
                origin.put(name, fileOrigin);
            }
        });
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            if (!entry.getKey().startsWith("QUERYHOUND_")) {
                continue;
            }
            String suppressKey = suppressKeyOfEnvironmentName(entry.getKey());
            if (suppressKey != null) {
                suppressions.put(suppressKey, new Settings.Declared(suppressKey, entry.getValue(),
                        "environment variable " + entry.getKey()));
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
            if (Settings.isSuppressKey(key)) {
                suppressions.put(key, new Settings.Declared(key, systemProperties.getProperty(name),
                        "system property " + name));
            } else if (known(key, "system property " + name)) {
                raw.put(key, systemProperties.getProperty(name));
                origin.put(key, "system property " + name);
            }
        }
        explicit.forEach((key, value) -> {
            if (Settings.isSuppressKey(key)) {
                suppressions.put(key, new Settings.Declared(key, value, explicitSource));
            } else if (known(key, explicitSource)) {
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
        return new Settings(values, List.copyOf(suppressions.values()));
    }

    /** {@code QUERYHOUND_SUPPRESS} is {@code suppress}; {@code QUERYHOUND_SUPPRESS_LEGACY_REPORT} is {@code suppress.legacy_report}. */
    static String suppressKeyOfEnvironmentName(String name) {
        String prefix = "QUERYHOUND_SUPPRESS";
        if (name.equals(prefix)) {
            return Settings.SUPPRESS_KEY;
        }
        if (name.startsWith(prefix + "_") && name.length() > prefix.length() + 1) {
            return Settings.SUPPRESS_KEY + "." + name.substring(prefix.length() + 1).toLowerCase(java.util.Locale.ROOT);
        }
        return null;
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
        return keys.append(", ").append(Settings.SUPPRESS_KEY).append(".<label>").toString();
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
