package io.queryhound.internal.suppress;

import io.queryhound.FindingType;
import io.queryhound.internal.config.Settings;
import io.queryhound.internal.config.SettingsLoader;
import io.queryhound.testing.CapturedDiagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static io.queryhound.internal.suppress.SuppressionRuleTest.ORDERS;
import static io.queryhound.internal.suppress.SuppressionRuleTest.finding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Suppressions in settings: {@code suppress} and {@code suppress.<label>} from every source, and
 * {@code suppressions=<file>}. One without a reason, or malformed, is reported once with its key and source and
 * ignored; the others still apply and nothing is thrown.
 */
class SuppressSettingsTest {

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    @TempDir
    Path directory;

    private static Properties systemProperties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void everySourceDeclaresSuppressionsUnderItsOwnKeysWithItsName() {
        Settings settings = SettingsLoader.load(
                Map.of("suppress.fromFile", "N_PLUS_ONE@com.acme.file.* -- file", "queryhound.suppress", "SLOW_QUERY@a.B -- plain"),
                Map.of("QUERYHOUND_SUPPRESS_LEGACY_REPORT", "N_PLUS_ONE@com.acme.env.* -- env"),
                systemProperties("queryhound.suppress.fromProperty", "REPEATED_QUERY@com.acme.* -- property"),
                Map.of("suppress.fromAgent", "BATCHABLE_DML@com.acme.* -- agent"), "agent arguments");

        assertThat(settings.suppressions()).containsExactly(
                new Settings.Declared("suppress", "SLOW_QUERY@a.B -- plain", "queryhound.properties"),
                new Settings.Declared("suppress.fromAgent", "BATCHABLE_DML@com.acme.* -- agent", "agent arguments"),
                new Settings.Declared("suppress.fromFile", "N_PLUS_ONE@com.acme.file.* -- file", "queryhound.properties"),
                new Settings.Declared("suppress.fromProperty", "REPEATED_QUERY@com.acme.* -- property",
                        "system property queryhound.suppress.fromProperty"),
                new Settings.Declared("suppress.legacy_report", "N_PLUS_ONE@com.acme.env.* -- env",
                        "environment variable QUERYHOUND_SUPPRESS_LEGACY_REPORT"));
        assertThat(Suppressions.from(settings).rules()).hasSize(5);
        assertThat(settings.differencesFromDefaults()).contains("suppress.fromAgent=BATCHABLE_DML@com.acme.* -- agent");
        assertThat(diagnostics.lines()).as("no unknown-setting warning for suppress keys").isEmpty();
    }

    @Test
    void aLaterSourceReplacesTheSameKey() {
        Settings settings = SettingsLoader.load(Map.of("suppress.report", "N_PLUS_ONE@a.* -- file"), Map.of(),
                systemProperties("queryhound.suppress.report", "N_PLUS_ONE@b.* -- property"), Map.of(), "builder");
        assertThat(settings.suppressions()).containsExactly(new Settings.Declared("suppress.report",
                "N_PLUS_ONE@b.* -- property", "system property queryhound.suppress.report"));
    }

    @Test
    void aSuppressionWithoutReasonIsRejectedNamingItsKeyAndSourceAndTheOthersStillApply() {
        Settings settings = SettingsLoader.load(
                Map.of("suppress.noReasonInFile", "N_PLUS_ONE:" + ORDERS.id()),
                Map.of("QUERYHOUND_SUPPRESS_NO_REASON", "N_PLUS_ONE@com.acme.* --"),
                systemProperties("queryhound.suppress.noReason", "N_PLUS_ONE@com.acme.*"),
                Map.of("suppress.noReasonInArgs", "N_PLUS_ONE@com.acme.* --  ", "suppress.good",
                        "N_PLUS_ONE:" + ORDERS.id() + " -- reviewed"), "agent arguments");

        Suppressions suppressions = Suppressions.from(settings);
        Suppressions.from(settings); // built again (the engine and the test recordings both do): no second report

        assertThat(suppressions.rules()).hasSize(1);
        assertThat(suppressions.rules().get(0).suppression().reason()).isEqualTo("reviewed");
        assertThat(diagnostics.lines()).hasSize(4).allSatisfy(line -> assertThat(line)
                .contains("has no reason", "it is ignored", "N_PLUS_ONE@com.acme.report.*"));
        assertThat(diagnostics.text())
                .contains("suppression suppress.noReasonInFile='N_PLUS_ONE:" + ORDERS.id()
                        + "' in suppress.noReasonInFile (from queryhound.properties) has no reason")
                .contains("in suppress.no_reason (from environment variable QUERYHOUND_SUPPRESS_NO_REASON)")
                .contains("in suppress.noReason (from system property queryhound.suppress.noReason)")
                .contains("in suppress.noReasonInArgs (from agent arguments)");
    }

    @Test
    void aMalformedSuppressionIsReportedOnceWithWhatIsWrong() {
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), new Properties(),
                Map.of("suppress.typo", "N_PLUS_1@com.acme.* -- why"), "QueryHound.builder()");
        assertThat(Suppressions.from(settings).rules()).isEmpty();
        assertThat(diagnostics.lines()).singleElement().asString()
                .contains("suppression suppress.typo='N_PLUS_1@com.acme.* -- why' in suppress.typo (from"
                        + " QueryHound.builder()) is not valid: 'N_PLUS_1' is not a finding type")
                .contains("expected TYPE:<16-hex fingerprint id> -- <reason>", "it is ignored");
    }

    @Test
    void aSuppressionsFileHoldsOneRulePerLineAndABadLineIsNamedByPathAndLine() throws IOException {
        Path file = directory.resolve("queryhound-suppressions.txt");
        Files.writeString(file, String.join("\n",
                "# reviewed 2026-11-20",
                "",
                "N_PLUS_ONE:" + ORDERS.id() + " -- twelve regions, one query each",
                "REPEATED_QUERY@com.acme.cache.* ",
                "BATCHABLE_DML@com.acme.imports.* -- imports run once a night, 20 rows"));
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), new Properties(),
                Map.of("suppressions", file + "," + directory.resolve("missing.txt")), "agent arguments");

        Suppressions suppressions = Suppressions.from(settings);

        assertThat(suppressions.rules()).hasSize(2);
        assertThat(suppressions.rules().get(0).matches(finding(FindingType.N_PLUS_ONE, ORDERS, "x.Y", "z"))).isTrue();
        assertThat(suppressions.rules().get(0).suppression().declaredAt())
                .isEqualTo("suppressions file " + file.toAbsolutePath().normalize() + " line 3");
        assertThat(diagnostics.text())
                .contains("suppression 'REPEATED_QUERY@com.acme.cache.*' in suppressions file "
                        + file.toAbsolutePath().normalize() + " line 4 has no reason")
                .contains("suppressions file " + directory.resolve("missing.txt") + " (setting suppressions) cannot be read");
        assertThat(diagnostics.lines()).hasSize(2);
    }
}
