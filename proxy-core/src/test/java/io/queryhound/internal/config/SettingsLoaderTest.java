package io.queryhound.internal.config;

import io.queryhound.testing.CapturedDiagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resolution of settings from every source, through the overload that takes the sources as
 * arguments: the real environment and system properties are never read or changed here.
 */
class SettingsLoaderTest {

    private static final String EXPLICIT = "QueryHound.builder()";

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    // ---------------------------------------------------------------- defaults

    @Test
    void withNoSourceEverySettingHasItsDocumentedDefault() {
        Settings settings = load(Map.of(), Map.of(), new Properties(), Map.of());

        assertThat(settings.get(Settings.ENABLED)).isTrue();
        assertThat(settings.get(Settings.OUTPUT)).isEqualTo("stderr");
        assertThat(settings.get(Settings.STATS_INTERVAL_SECONDS)).isEqualTo(60);
        assertThat(settings.get(Settings.MAX_STATEMENTS)).isEqualTo(1000);
        assertThat(settings.get(Settings.MAX_SQL_LENGTH)).isEqualTo(2000);
        assertThat(settings.get(Settings.DIALECT)).isEqualTo(Settings.DialectChoice.AUTO);
        assertThat(settings.differencesFromDefaults()).isEmpty();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void defaultsFactoryAgreesWithEachSettingsDefault() {
        Settings defaults = Settings.defaults();
        for (Setting<?> setting : Settings.ALL) {
            assertThat((Object) defaults.get(setting)).as(setting.key()).isEqualTo(setting.defaultValue());
        }
        assertThat(defaults.differencesFromDefaults()).isEmpty();
    }

    @Test
    void everyKeyIsDeclaredOnceInAll() {
        List<String> keys = Settings.ALL.stream().map(Setting::key).collect(Collectors.toList());
        assertThat(keys).doesNotHaveDuplicates()
                .containsExactly("enabled", "output", "format", "statsIntervalSeconds", "maxStatements", "maxSqlLength", "dialect",
                        "nPlusOneThreshold", "batchableThreshold", "slowQueryMillis", "maxQueriesPerScope",
                        "largeResultRows", "slowConnectionMillis", "appPackages", "skipPackages", "callSiteFrames",
                        "maxFingerprintsPerScope", "implicitScopeIdleMillis", "scopeMethods", "logParameters",
                        "maskColumns", "explain", "fullScanMinRows", "explainAnalyze", "explainIntervalSeconds",
                        "explainTimeoutSeconds", "suppressions", "baseline");
    }

    // ---------------------------------------------------------------- precedence

    /** Four valid values per setting, one per source, each different from the one below it. */
    static Stream<Arguments> fourValuesPerSetting() {
        return Stream.of(
                Arguments.of(Settings.ENABLED, List.of("false", "true", "false", "true"),
                        List.of(false, true, false, true)),
                Arguments.of(Settings.OUTPUT, List.of("/tmp/from-file.jsonl", "stdout", "slf4j", "none"),
                        List.of("/tmp/from-file.jsonl", "stdout", "slf4j", "none")),
                Arguments.of(Settings.STATS_INTERVAL_SECONDS, List.of("10", "20", "30", "40"), List.of(10, 20, 30, 40)),
                Arguments.of(Settings.MAX_STATEMENTS, List.of("11", "22", "33", "44"), List.of(11, 22, 33, 44)),
                Arguments.of(Settings.MAX_SQL_LENGTH, List.of("100", "200", "300", "400"), List.of(100, 200, 300, 400)),
                Arguments.of(Settings.DIALECT, List.of("postgresql", "mysql", "h2", "generic"),
                        List.of(Settings.DialectChoice.POSTGRESQL, Settings.DialectChoice.MYSQL,
                                Settings.DialectChoice.H2, Settings.DialectChoice.GENERIC)),
                Arguments.of(Settings.N_PLUS_ONE_THRESHOLD, List.of("2", "4", "6", "8"), List.of(2, 4, 6, 8)),
                Arguments.of(Settings.SLOW_QUERY_MILLIS, List.of("5", "50", "500", "5000"), List.of(5, 50, 500, 5000)),
                Arguments.of(Settings.LOG_PARAMETERS, List.of("true", "false", "true", "false"),
                        List.of(true, false, true, false)),
                Arguments.of(Settings.APP_PACKAGES, List.of("com.a", "com.b, org.c", "", "com.acme.shop."),
                        List.of(List.of("com.a"), List.of("com.b", "org.c"), List.of(), List.of("com.acme.shop."))),
                Arguments.of(Settings.MASK_COLUMNS, List.of("PIN", "ssn,iban", " card ", "password"),
                        List.of(List.of("pin"), List.of("ssn", "iban"), List.of("card"), List.of("password"))));
    }

    @Test
    void aListWithABadItemIsReportedOnceAndTheDefaultIsUsed() {
        Settings settings = load(Map.of(), Map.of(), properties("queryhound.appPackages", "com.acme, com/acme/shop"),
                Map.of());
        assertThat(settings.get(Settings.APP_PACKAGES)).isEmpty();
        assertThat(warnings()).singleElement().asString()
                .contains("appPackages", "com/acme/shop", "comma-separated list of package names");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fourValuesPerSetting")
    void laterSourcesWin(Setting<?> setting, List<String> raw, List<Object> parsed) {
        Map<String, String> file = Map.of(setting.key(), raw.get(0));
        Map<String, String> env = Map.of(setting.environmentName(), raw.get(1));
        Properties sys = properties(setting.propertyName(), raw.get(2));
        Map<String, String> explicit = Map.of(setting.key(), raw.get(3));

        assertThat((Object) load(file, Map.of(), new Properties(), Map.of()).get(setting))
                .as("properties file over default").isEqualTo(parsed.get(0));
        assertThat((Object) load(file, env, new Properties(), Map.of()).get(setting))
                .as("environment over properties file").isEqualTo(parsed.get(1));
        assertThat((Object) load(file, env, sys, Map.of()).get(setting))
                .as("system property over environment").isEqualTo(parsed.get(2));
        assertThat((Object) load(file, env, sys, explicit).get(setting))
                .as("explicit over system property").isEqualTo(parsed.get(3));
        // Each source on its own also works, and a higher one wins over a lower one even when the
        // sources in between are absent.
        assertThat((Object) load(Map.of(), env, new Properties(), Map.of()).get(setting)).isEqualTo(parsed.get(1));
        assertThat((Object) load(Map.of(), Map.of(), sys, Map.of()).get(setting)).isEqualTo(parsed.get(2));
        assertThat((Object) load(Map.of(), Map.of(), new Properties(), explicit).get(setting)).isEqualTo(parsed.get(3));
        assertThat((Object) load(file, Map.of(), new Properties(), explicit).get(setting)).isEqualTo(parsed.get(3));
        assertThat((Object) load(file, Map.of(), sys, Map.of()).get(setting)).isEqualTo(parsed.get(2));
        assertThat(warnings()).isEmpty();
    }

    @Test
    void sourcesOnlyOverrideTheKeysTheySet() {
        Settings settings = load(
                Map.of("maxStatements", "5", "maxSqlLength", "100"),
                Map.of("QUERYHOUND_MAX_SQL_LENGTH", "200", "QUERYHOUND_DIALECT", "mysql"),
                properties("queryhound.dialect", "h2"),
                Map.of("enabled", "false"));

        assertThat(settings.get(Settings.MAX_STATEMENTS)).isEqualTo(5);
        assertThat(settings.get(Settings.MAX_SQL_LENGTH)).isEqualTo(200);
        assertThat(settings.get(Settings.DIALECT)).isEqualTo(Settings.DialectChoice.H2);
        assertThat(settings.get(Settings.ENABLED)).isFalse();
        assertThat(settings.get(Settings.OUTPUT)).isEqualTo("stderr");
        assertThat(settings.get(Settings.STATS_INTERVAL_SECONDS)).isEqualTo(60);
    }

    // ---------------------------------------------------------------- names in each source

    @Test
    void propertiesFileAcceptsKeysWithAndWithoutThePrefix() {
        assertThat(load(Map.of("queryhound.maxStatements", "7"), Map.of(), new Properties(), Map.of())
                .get(Settings.MAX_STATEMENTS)).isEqualTo(7);
        assertThat(load(Map.of("maxStatements", "8"), Map.of(), new Properties(), Map.of())
                .get(Settings.MAX_STATEMENTS)).isEqualTo(8);
        Settings mixed = load(Map.of("queryhound.output", "stdout", "statsIntervalSeconds", "5"),
                Map.of(), new Properties(), Map.of());
        assertThat(mixed.get(Settings.OUTPUT)).isEqualTo("stdout");
        assertThat(mixed.get(Settings.STATS_INTERVAL_SECONDS)).isEqualTo(5);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void environmentNamesAreUpperSnakeCaseWithThePrefix() {
        assertThat(Settings.ENABLED.environmentName()).isEqualTo("QUERYHOUND_ENABLED");
        assertThat(Settings.OUTPUT.environmentName()).isEqualTo("QUERYHOUND_OUTPUT");
        assertThat(Settings.STATS_INTERVAL_SECONDS.environmentName()).isEqualTo("QUERYHOUND_STATS_INTERVAL_SECONDS");
        assertThat(Settings.MAX_STATEMENTS.environmentName()).isEqualTo("QUERYHOUND_MAX_STATEMENTS");
        assertThat(Settings.MAX_SQL_LENGTH.environmentName()).isEqualTo("QUERYHOUND_MAX_SQL_LENGTH");
        assertThat(Settings.DIALECT.environmentName()).isEqualTo("QUERYHOUND_DIALECT");
        assertThat(Setting.environmentName("slowQueryMillis")).isEqualTo("QUERYHOUND_SLOW_QUERY_MILLIS");
    }

    @Test
    void systemPropertyNamesCarryThePrefix() {
        for (Setting<?> setting : Settings.ALL) {
            assertThat(setting.propertyName()).isEqualTo("queryhound." + setting.key());
        }
    }

    @Test
    void everySettingIsReadFromItsEnvironmentVariable() {
        Settings settings = load(Map.of(), Map.of(
                "QUERYHOUND_ENABLED", "false",
                "QUERYHOUND_OUTPUT", "stdout",
                "QUERYHOUND_STATS_INTERVAL_SECONDS", "15",
                "QUERYHOUND_MAX_STATEMENTS", "50",
                "QUERYHOUND_MAX_SQL_LENGTH", "500",
                "QUERYHOUND_DIALECT", "postgresql"), new Properties(), Map.of());

        assertThat(settings.get(Settings.ENABLED)).isFalse();
        assertThat(settings.get(Settings.OUTPUT)).isEqualTo("stdout");
        assertThat(settings.get(Settings.STATS_INTERVAL_SECONDS)).isEqualTo(15);
        assertThat(settings.get(Settings.MAX_STATEMENTS)).isEqualTo(50);
        assertThat(settings.get(Settings.MAX_SQL_LENGTH)).isEqualTo(500);
        assertThat(settings.get(Settings.DIALECT)).isEqualTo(Settings.DialectChoice.POSTGRESQL);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void foreignEnvironmentVariablesAndSystemPropertiesAreIgnoredSilently() {
        Map<String, String> env = Map.of("PATH", "/usr/bin", "HOME", "/root",
                "STATS_INTERVAL_SECONDS", "5", "queryhound.maxStatements", "9");
        Properties sys = properties("java.version", "17", "maxStatements", "9", "user.dir", "/tmp");

        Settings settings = load(Map.of(), env, sys, Map.of());

        assertThat(settings.get(Settings.STATS_INTERVAL_SECONDS)).isEqualTo(60);
        assertThat(settings.get(Settings.MAX_STATEMENTS)).isEqualTo(1000);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void environmentVariablesAreMatchedOnTheirExactUpperSnakeName() {
        // camelCase after the prefix is not the documented name; it is reported as unknown.
        Settings settings = load(Map.of(), Map.of("QUERYHOUND_statsIntervalSeconds", "5"), new Properties(), Map.of());

        assertThat(settings.get(Settings.STATS_INTERVAL_SECONDS)).isEqualTo(60);
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains("QUERYHOUND_statsIntervalSeconds")
                .contains("QUERYHOUND_STATS_INTERVAL_SECONDS");
    }

    @Test
    void valuesAreTrimmedAndCaseInsensitiveWhereThatIsUnambiguous() {
        Settings settings = load(Map.of(), Map.of(), new Properties(), Map.of(
                "enabled", " FALSE ",
                "statsIntervalSeconds", " 30\t",
                "maxStatements", "10_000",
                "dialect", "PostgreSQL",
                "output", "  stdout  "));

        assertThat(settings.get(Settings.ENABLED)).isFalse();
        assertThat(settings.get(Settings.STATS_INTERVAL_SECONDS)).isEqualTo(30);
        assertThat(settings.get(Settings.MAX_STATEMENTS)).isEqualTo(10_000);
        assertThat(settings.get(Settings.DIALECT)).isEqualTo(Settings.DialectChoice.POSTGRESQL);
        assertThat(settings.get(Settings.OUTPUT)).isEqualTo("stdout");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void rangeBoundsAreInclusive() {
        Settings low = load(Map.of(), Map.of(), new Properties(), Map.of(
                "statsIntervalSeconds", "1", "maxStatements", "1", "maxSqlLength", "64"));
        Settings high = load(Map.of(), Map.of(), new Properties(), Map.of(
                "statsIntervalSeconds", "86400", "maxStatements", "1000000", "maxSqlLength", "1000000"));

        assertThat(low.get(Settings.STATS_INTERVAL_SECONDS)).isEqualTo(1);
        assertThat(low.get(Settings.MAX_STATEMENTS)).isEqualTo(1);
        assertThat(low.get(Settings.MAX_SQL_LENGTH)).isEqualTo(64);
        assertThat(high.get(Settings.STATS_INTERVAL_SECONDS)).isEqualTo(86_400);
        assertThat(high.get(Settings.MAX_STATEMENTS)).isEqualTo(1_000_000);
        assertThat(high.get(Settings.MAX_SQL_LENGTH)).isEqualTo(1_000_000);
        assertThat(warnings()).isEmpty();
    }

    // ---------------------------------------------------------------- bad values

    enum Source { FILE, ENVIRONMENT, SYSTEM_PROPERTY, EXPLICIT }

    static Stream<Arguments> badValues() {
        List<Object[]> cases = List.of(
                new Object[] {Settings.STATS_INTERVAL_SECONDS, "abc", "a whole number from 1 to 86400"},
                new Object[] {Settings.STATS_INTERVAL_SECONDS, "1.5", "a whole number from 1 to 86400"},
                new Object[] {Settings.STATS_INTERVAL_SECONDS, "0", "a whole number from 1 to 86400"},
                new Object[] {Settings.STATS_INTERVAL_SECONDS, "86401", "a whole number from 1 to 86400"},
                new Object[] {Settings.STATS_INTERVAL_SECONDS, "99999999999", "a whole number from 1 to 86400"},
                new Object[] {Settings.MAX_STATEMENTS, "-1", "a whole number from 1 to 1000000"},
                new Object[] {Settings.MAX_STATEMENTS, "", "a whole number from 1 to 1000000"},
                new Object[] {Settings.MAX_SQL_LENGTH, "63", "a whole number from 64 to 1000000"},
                new Object[] {Settings.ENABLED, "yes", "true or false"},
                new Object[] {Settings.ENABLED, "1", "true or false"},
                new Object[] {Settings.ENABLED, "", "true or false"},
                new Object[] {Settings.DIALECT, "oracle", "one of auto, generic, postgresql, mysql, h2"},
                new Object[] {Settings.DIALECT, "", "one of auto, generic, postgresql, mysql, h2"},
                new Object[] {Settings.OUTPUT, "", "stdout, stderr, slf4j, none, or a file path"},
                new Object[] {Settings.OUTPUT, "   ", "stdout, stderr, slf4j, none, or a file path"});
        return cases.stream().flatMap(c -> Arrays.stream(Source.values())
                .map(source -> Arguments.of(c[0], c[1], c[2], source)));
    }

    @ParameterizedTest(name = "{0}=''{1}'' from {3}")
    @MethodSource("badValues")
    void badValueFallsBackToTheDefaultWithOneWarningNamingKeyValueSourceAndAcceptedValues(
            Setting<?> setting, String value, String accepted, Source source) {
        Settings first = loadFrom(source, setting, value);
        Settings second = loadFrom(source, setting, value);

        assertThat((Object) first.get(setting)).isEqualTo(setting.defaultValue());
        assertThat((Object) second.get(setting)).isEqualTo(setting.defaultValue());
        List<String> warnings = warnings();
        assertThat(warnings).as("one warning even though loaded twice").hasSize(1);
        assertThat(warnings.get(0))
                .startsWith("[queryhound] WARN ")
                .contains(setting.key())
                .contains("'" + value + "'")
                .contains(describe(source, setting))
                .contains(accepted)
                .contains("default " + setting.defaultValue());
        assertThat(first.differencesFromDefaults()).isEmpty();
    }

    @Test
    void badValueInAHigherSourceMeansTheDefaultNotTheLowerSourcesValue() {
        // The design says: a bad value is reported and the default is used.
        Settings settings = load(Map.of("maxStatements", "50"), Map.of(), new Properties(),
                Map.of("maxStatements", "lots"));

        assertThat(settings.get(Settings.MAX_STATEMENTS)).isEqualTo(1000);
        assertThat(warnings()).singleElement().asString().contains("maxStatements").contains("'lots'");
    }

    @Test
    void oneBadSettingDoesNotDisturbTheOthers() {
        Settings settings = load(Map.of(), Map.of(), new Properties(), Map.of(
                "maxStatements", "many", "maxSqlLength", "128", "dialect", "mysql"));

        assertThat(settings.get(Settings.MAX_STATEMENTS)).isEqualTo(1000);
        assertThat(settings.get(Settings.MAX_SQL_LENGTH)).isEqualTo(128);
        assertThat(settings.get(Settings.DIALECT)).isEqualTo(Settings.DialectChoice.MYSQL);
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void differentBadValuesAreEachReported() {
        load(Map.of(), Map.of(), new Properties(), Map.of("statsIntervalSeconds", "0"));
        load(Map.of(), Map.of(), new Properties(), Map.of("statsIntervalSeconds", "-5"));
        load(Map.of(), Map.of(), new Properties(), Map.of("statsIntervalSeconds", "0"));

        List<String> warnings = warnings();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("'0'");
        assertThat(warnings.get(1)).contains("'-5'");
    }

    // ---------------------------------------------------------------- unknown keys

    @Test
    void unknownKeyInThePropertiesFileIsReportedOnceListingTheKnownKeys() {
        Map<String, String> file = Map.of("queryhound.slowQueryMilis", "250");

        Settings settings = load(file, Map.of(), new Properties(), Map.of());
        load(file, Map.of(), new Properties(), Map.of());

        assertThat(settings.differencesFromDefaults()).isEmpty();
        List<String> warnings = warnings();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).startsWith("[queryhound] WARN ")
                .contains("slowQueryMilis")
                .contains(SettingsLoader.PROPERTIES_RESOURCE)
                .contains(String.join(", ", keys()));
    }

    @Test
    void unknownKeyWithoutPrefixInThePropertiesFileIsReported() {
        load(Map.of("colour", "blue"), Map.of(), new Properties(), Map.of());

        assertThat(warnings()).singleElement().asString().contains("'colour'").contains(String.join(", ", keys()));
    }

    @Test
    void unknownSystemPropertyIsReportedOnceListingTheKnownKeys() {
        Properties sys = properties("queryhound.maxStatement", "5");

        Settings settings = load(Map.of(), Map.of(), sys, Map.of());
        load(Map.of(), Map.of(), sys, Map.of());

        assertThat(settings.get(Settings.MAX_STATEMENTS)).isEqualTo(1000);
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains("maxStatement").contains("system property queryhound.maxStatement")
                .contains(String.join(", ", keys()));
    }

    @Test
    void unknownExplicitKeyIsReportedOnceNamingTheExplicitSource() {
        load(Map.of(), Map.of(), new Properties(), Map.of("outptu", "stdout"));
        load(Map.of(), Map.of(), new Properties(), Map.of("outptu", "stdout"));

        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains("'outptu'").contains(EXPLICIT).contains(String.join(", ", keys()));
    }

    @Test
    void unknownEnvironmentVariableIsReportedOnceListingTheKnownNames() {
        Map<String, String> env = Map.of("QUERYHOUND_SLOW_QUERY_MILIS", "250");

        load(Map.of(), env, new Properties(), Map.of());
        load(Map.of(), env, new Properties(), Map.of());

        assertThat(warnings()).hasSize(1);
        String expectedNames = Settings.ALL.stream().map(Setting::environmentName).collect(Collectors.joining(", "));
        assertThat(warnings().get(0)).startsWith("[queryhound] WARN ")
                .contains("QUERYHOUND_SLOW_QUERY_MILIS")
                .contains("environment")
                .contains(expectedNames);
    }

    // ---------------------------------------------------------------- queryhound.properties on the classpath

    @Test
    void propertiesFileIsReadFromTheClassLoader(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(SettingsLoader.PROPERTIES_RESOURCE),
                "# a comment\nqueryhound.maxStatements = 77\nmaxSqlLength=640\n", StandardCharsets.ISO_8859_1);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            Map<String, String> values = SettingsLoader.readClasspathProperties(loader);

            assertThat(values).containsOnly(Map.entry("queryhound.maxStatements", "77"), Map.entry("maxSqlLength", "640"));
            Settings settings = load(values, Map.of(), new Properties(), Map.of());
            assertThat(settings.get(Settings.MAX_STATEMENTS)).isEqualTo(77);
            assertThat(settings.get(Settings.MAX_SQL_LENGTH)).isEqualTo(640);
        }
        assertThat(warnings()).isEmpty();
    }

    @Test
    void missingPropertiesFileIsNoSourceAndNoWarning(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(SettingsLoader.readClasspathProperties(loader)).isEmpty();
        }
        assertThat(warnings()).isEmpty();
    }

    @Test
    void unreadablePropertiesFileIsReportedOnceAndIgnored(@TempDir Path dir) throws IOException {
        // A malformed unicode escape makes Properties.load throw IllegalArgumentException.
        Files.writeString(dir.resolve(SettingsLoader.PROPERTIES_RESOURCE), "maxStatements=5\nbroken=\\uZZZZ\n",
                StandardCharsets.ISO_8859_1);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(SettingsLoader.readClasspathProperties(loader)).isEmpty();
            assertThat(SettingsLoader.readClasspathProperties(loader)).isEmpty();
        }
        assertThat(warnings()).singleElement().asString()
                .startsWith("[queryhound] WARN ").contains(SettingsLoader.PROPERTIES_RESOURCE);
    }

    // ---------------------------------------------------------------- differencesFromDefaults

    @Test
    void differencesFromDefaultsListsOnlyChangedValuesInTableOrder() {
        Settings settings = load(Map.of("dialect", "h2"), Map.of("QUERYHOUND_OUTPUT", "stderr"),
                properties("queryhound.maxStatements", "5"), Map.of("enabled", "true", "statsIntervalSeconds", "10"));

        // output=stderr and enabled=true are set, but equal the defaults.
        assertThat(settings.differencesFromDefaults())
                .containsExactly("statsIntervalSeconds=10", "maxStatements=5", "dialect=H2");
    }

    @Test
    void differencesFromDefaultsOfEverySetting() {
        Settings settings = load(Map.of(), Map.of(), new Properties(), Map.of(
                "enabled", "false", "output", "none", "statsIntervalSeconds", "1",
                "maxStatements", "2", "maxSqlLength", "64", "dialect", "generic"));

        assertThat(settings.differencesFromDefaults()).containsExactly(
                "enabled=false", "output=none", "statsIntervalSeconds=1", "maxStatements=2", "maxSqlLength=64",
                "dialect=GENERIC");
    }

    // ---------------------------------------------------------------- helpers

    private static Settings load(Map<String, String> file, Map<String, String> env, Properties sys,
                                 Map<String, String> explicit) {
        return SettingsLoader.load(file, env, sys, explicit, EXPLICIT);
    }

    private static Settings loadFrom(Source source, Setting<?> setting, String value) {
        switch (source) {
            case FILE:
                return load(Map.of(setting.key(), value), Map.of(), new Properties(), Map.of());
            case ENVIRONMENT:
                return load(Map.of(), Map.of(setting.environmentName(), value), new Properties(), Map.of());
            case SYSTEM_PROPERTY:
                return load(Map.of(), Map.of(), properties(setting.propertyName(), value), Map.of());
            default:
                Map<String, String> explicit = new HashMap<>();
                explicit.put(setting.key(), value);
                return load(Map.of(), Map.of(), new Properties(), explicit);
        }
    }

    private static String describe(Source source, Setting<?> setting) {
        switch (source) {
            case FILE:
                return SettingsLoader.PROPERTIES_RESOURCE;
            case ENVIRONMENT:
                return "environment variable " + setting.environmentName();
            case SYSTEM_PROPERTY:
                return "system property " + setting.propertyName();
            default:
                return EXPLICIT;
        }
    }

    private static List<String> keys() {
        return Settings.ALL.stream().map(Setting::key).collect(Collectors.toList());
    }

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private List<String> warnings() {
        return diagnostics.lines();
    }
}
