package io.queryhound.internal.suppress;

import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.Scope;
import io.queryhound.testing.CapturedDiagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.queryhound.internal.suppress.SuppressionRuleTest.ITEMS;
import static io.queryhound.internal.suppress.SuppressionRuleTest.ORDERS;
import static io.queryhound.internal.suppress.SuppressionRuleTest.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The baseline file: a stable identity, a stable text, and a malformed file reported once and ignored. */
class BaselineTest {

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    @TempDir
    Path directory;

    @Test
    void theFileIsSortedHasNoCountsTimingsOrTimestampsAndReadsBackTheSame() {
        Map<Baseline.Entry, String> entries = new LinkedHashMap<>();
        Finding second = finding(FindingType.N_PLUS_ONE, ORDERS, "com.acme.b.OrderService", "recent");
        Finding first = finding(FindingType.N_PLUS_ONE, ITEMS, "com.acme.a.ItemService", "lambda$load$3");
        Finding repeated = finding(FindingType.REPEATED_QUERY, ORDERS, "com.acme.b.OrderService", "recent");
        entries.put(Baseline.Entry.of(repeated), repeated.sql());
        entries.put(Baseline.Entry.of(second), second.sql());
        entries.put(Baseline.Entry.of(first), first.sql());
        String json = Baseline.of(entries).toJson();

        assertThat(json).isEqualTo("{\n"
                + "  \"queryhound\": \"baseline\",\n"
                + "  \"schema\": 1,\n"
                + "  \"findings\": [\n"
                + "    {\"type\":\"N_PLUS_ONE\",\"fingerprint\":\"" + ITEMS.id() + "\",\"callSite\":\"com.acme.a.ItemService.lambda$load\",\"sql\":\"" + ITEMS.template() + "\"},\n"
                + "    {\"type\":\"N_PLUS_ONE\",\"fingerprint\":\"" + ORDERS.id() + "\",\"callSite\":\"com.acme.b.OrderService.recent\",\"sql\":\"" + ORDERS.template() + "\"},\n"
                + "    {\"type\":\"REPEATED_QUERY\",\"fingerprint\":\"" + ORDERS.id() + "\",\"callSite\":\"com.acme.b.OrderService.recent\",\"sql\":\"" + ORDERS.template() + "\"}\n"
                + "  ]\n"
                + "}\n");
        Baseline read = Baseline.parse(json);
        assertThat(read.entries()).containsExactlyElementsOf(Baseline.of(entries).entries());
        assertThat(read.toJson()).as("written again").isEqualTo(json);
        assertThat(Baseline.of(Map.of()).toJson()).isEqualTo(
                "{\n  \"queryhound\": \"baseline\",\n  \"schema\": 1,\n  \"findings\": []\n}\n");
    }

    @Test
    void aFindingIsKnownByTypeFingerprintClassAndMethodNotByLineOrLambdaNumber() {
        Finding known = finding(FindingType.N_PLUS_ONE, ORDERS, "com.acme.OrderService", "lambda$recent$0");
        Baseline baseline = Baseline.of(Map.of(Baseline.Entry.of(known), "sql"));

        Finding movedDown = new Finding(known.type(), Instant.now(), "other scope", Scope.Kind.HTTP, "9", "t", null,
                ORDERS, ORDERS.template(), 50, 50, 9, 9, -1, 3,
                new CallSite("com.acme.OrderService", "lambda$recent$4", "OrderService.java", 97), List.of(), null,
                "fix", null, List.of(), List.of());
        assertThat(baseline.contains(movedDown)).as("same method, other line, other lambda number, other counts").isTrue();
        assertThat(baseline.contains(finding(FindingType.N_PLUS_ONE, ORDERS, "com.acme.OrderService", "older")))
                .as("another method").isFalse();
        assertThat(baseline.contains(finding(FindingType.N_PLUS_ONE, ITEMS, "com.acme.OrderService", "lambda$recent$0")))
                .as("another statement").isFalse();
        assertThat(baseline.contains(finding(FindingType.REPEATED_QUERY, ORDERS, "com.acme.OrderService",
                "lambda$recent$0"))).as("another type").isFalse();

        List<Finding> findings = new ArrayList<>(List.of(movedDown, finding(FindingType.N_PLUS_ONE, ITEMS, "a.B", "c")));
        baseline.apply(findings);
        assertThat(findings).extracting(Finding::baselined).containsExactly(true, false);
        assertThat(findings.get(0).toJson()).contains("\"baselined\":true");
        assertThat(findings.get(1).toJson()).doesNotContain("baselined");
    }

    @Test
    void anEntryFromAWrittenRecordIsTheEntryOfTheFinding() {
        Finding finding = finding(FindingType.N_PLUS_ONE, ORDERS, "com.acme.Outer$Inner", "lambda$run$12");
        assertThat(Baseline.Entry.of("N_PLUS_ONE", ORDERS.id(), finding.callSite().toString(), "ds"))
                .isEqualTo(Baseline.Entry.of(finding));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json at all|not valid JSON at line 1",
        "{\"queryhound\": \"baseline\", \"schema\": 1, \"findings\": [|not valid JSON",
        "[]|not a JSON object",
        "{\"schema\": 1, \"findings\": []}|not a QueryHound baseline",
        "{\"queryhound\": \"baseline\", \"schema\": 2, \"findings\": []}|\"schema\" is 2, expected 1",
        "{\"queryhound\": \"baseline\", \"schema\": 1}|\"findings\" is missing",
        "{\"queryhound\": \"baseline\", \"schema\": 1, \"findings\": [{\"fingerprint\": null}]}|findings[0].type is missing",
        "{\"queryhound\": \"baseline\", \"schema\": 1, \"findings\": [{\"type\": \"N_PLUS_TWO\"}]}|findings[0].type 'N_PLUS_TWO' is not a finding type",
        "{\"queryhound\": \"baseline\", \"schema\": 1, \"findings\": [{\"type\": \"N_PLUS_ONE\", \"fingerprint\": \"xyz\"}]}|findings[0].fingerprint 'xyz' is not a 16-hex-digit fingerprint id",
        "{\"queryhound\": \"baseline\", \"schema\": 1, \"findings\": []} trailing|unexpected 't' after the value",
    })
    void aMalformedFileIsReportedOnceWithItsPathAndWhatIsWrongAndIgnored(String text, String problem) throws IOException {
        Path file = directory.resolve("queryhound-baseline.json");
        Files.writeString(file, text, StandardCharsets.UTF_8);

        Baseline first = Baseline.fromSetting(file.toString());
        Baseline again = Baseline.fromSetting(file.toString());

        assertThat(first).isSameAs(Baseline.NONE);
        assertThat(again).isSameAs(Baseline.NONE);
        assertThat(diagnostics.lines()).as("reported once").hasSize(1);
        assertThat(diagnostics.lines().get(0))
                .contains("baseline file " + file.toAbsolutePath().normalize(), "is malformed", problem,
                        "the baseline is ignored and every finding counts as new");
    }

    @Test
    void aMissingFileIsReportedOnceAndIgnoredAndNoneMeansNoBaseline() {
        Path missing = directory.resolve("nowhere.json");
        assertThat(Baseline.fromSetting(missing.toString())).isSameAs(Baseline.NONE);
        assertThat(Baseline.fromSetting(missing.toString())).isSameAs(Baseline.NONE);
        assertThat(Baseline.fromSetting("none")).isSameAs(Baseline.NONE);
        assertThat(diagnostics.lines()).hasSize(1);
        assertThat(diagnostics.lines().get(0)).contains(missing.toString(), "cannot be read", "setting baseline");
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        assertThatThrownBy(() -> Baseline.parse("[".repeat(100_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper than 32 levels");
    }
}
