package io.queryhound.internal.suppress;

import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.Scope;
import io.queryhound.SqlFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The suppression syntax, {@code TYPE:<id> -- reason} and {@code TYPE@<pattern> -- reason}, and what each form matches. */
class SuppressionRuleTest {

    static final SqlFingerprint ORDERS = SqlFingerprint.of("select * from orders where customer_id = ?");
    static final SqlFingerprint ITEMS = SqlFingerprint.of("select * from items where order_id = ?");

    static Finding finding(FindingType type, SqlFingerprint fingerprint, String className, String method) {
        return new Finding(type, Instant.EPOCH, "s", Scope.Kind.EXPLICIT, "1", "main", "ds", fingerprint,
                fingerprint.template(), 5, 5, 1, 1, -1, 3,
                className == null ? null : new CallSite(className, method, "X.java", 42),
                List.of(), null, "fix it", null, List.of(), List.of());
    }

    @Test
    void aFingerprintRuleMatchesThatStatementOfThatTypeOnly() {
        SuppressionRule rule = SuppressionRule.parse("N_PLUS_ONE:" + ORDERS.id() + " -- twelve regions at most", "here");
        assertThat(rule.matches(finding(FindingType.N_PLUS_ONE, ORDERS, "com.acme.A", "m"))).isTrue();
        assertThat(rule.matches(finding(FindingType.N_PLUS_ONE, ITEMS, "com.acme.A", "m"))).isFalse();
        assertThat(rule.matches(finding(FindingType.REPEATED_QUERY, ORDERS, "com.acme.A", "m"))).isFalse();
        assertThat(rule.suppression()).isEqualTo(new Finding.Suppression("twelve regions at most", "here"));
    }

    @Test
    void typeAndFingerprintAreReadWhateverTheirCase() {
        SuppressionRule rule = SuppressionRule.parse("  n_plus_one:" + ORDERS.id().toUpperCase() + "--  why  ", "here");
        assertThat(rule.matches(finding(FindingType.N_PLUS_ONE, ORDERS, "com.acme.A", "m"))).isTrue();
        assertThat(rule.suppression().reason()).isEqualTo("why");
    }

    @ParameterizedTest(name = "{0} on {1}.{2}: {3}")
    @CsvSource({
        "com.acme.report.*, com.acme.report.RegionReport, totals, true",
        "com.acme.report.*, com.acme.report.sub.Deep, totals, true",
        "com.acme.report.*, com.acme.reporting.Other, totals, false",
        "com.acme.ReportService.regionTotals, com.acme.ReportService, regionTotals, true",
        "com.acme.ReportService.regionTotals, com.acme.ReportService, other, false",
        "com.acme.ReportService, com.acme.ReportService, anything, true",
        "com.acme.ReportService, com.acme.ReportServiceImpl, anything, false",
        "*.regionTotals, com.acme.ReportService, regionTotals, true",
        "com.*.Report*.region*, com.acme.ReportService, regionTotals, true",
        "com.*.Report*.region*, com.acme.OrderService, regionTotals, false",
    })
    void aPatternMatchesTheCallSiteAsClassDotMethod(String pattern, String className, String method, boolean matches) {
        SuppressionRule rule = SuppressionRule.parse("N_PLUS_ONE@" + pattern + " -- reason", "here");
        assertThat(rule.matches(finding(FindingType.N_PLUS_ONE, ORDERS, className, method))).isEqualTo(matches);
    }

    @Test
    void aPatternNeverMatchesAFindingWithoutCallSite() {
        SuppressionRule rule = SuppressionRule.parse("N_PLUS_ONE@* -- reason", "here");
        assertThat(rule.matches(finding(FindingType.N_PLUS_ONE, ORDERS, null, null))).isFalse();
        assertThat(rule.matches(finding(FindingType.N_PLUS_ONE, ORDERS, "a.B", "c"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "N_PLUS_ONE:5f0c2a9e1b7d4c33|it has no reason",
        "N_PLUS_ONE:5f0c2a9e1b7d4c33 --   |it has no reason",
        "N_PLUS_ONE@com.acme.* --|it has no reason",
        "N_PLUS_TWO:5f0c2a9e1b7d4c33 -- why|'N_PLUS_TWO' is not a finding type",
        "N_PLUS_ONE:5f0c -- why|'5f0c' is not a fingerprint id",
        "N_PLUS_ONE@com/acme -- why|'com/acme' is not a call-site pattern",
        "N_PLUS_ONE@ -- why|the call-site pattern is empty",
        "just a reason -- why|names no finding type",
    })
    void aBadSuppressionSaysWhatIsWrong(String value, String problem) {
        assertThatThrownBy(() -> SuppressionRule.parse(value, "here"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void aMissingReasonHasAnExceptionOfItsOwn() {
        assertThatThrownBy(() -> SuppressionRule.parse("N_PLUS_ONE@com.acme.* -- ", "here"))
                .isInstanceOf(SuppressionRule.MissingReasonException.class);
    }

    @Test
    void globIsLinearAndExact() {
        assertThat(SuppressionRule.glob("a*b*c", "axxbyyc")).isTrue();
        assertThat(SuppressionRule.glob("a*b*c", "axxbyy")).isFalse();
        assertThat(SuppressionRule.glob("a*a", "a")).isFalse();
        assertThat(SuppressionRule.glob("*", "")).isTrue();
        assertThat(SuppressionRule.glob("abc", "abcd")).isFalse();
        // Many stars over a long text that almost matches: a backtracking matcher would take ages here.
        assertThat(SuppressionRule.glob("*a*a*a*a*a*a*a*b", "a".repeat(100_000))).isFalse();
    }
}
