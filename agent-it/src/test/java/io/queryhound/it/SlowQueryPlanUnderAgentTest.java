package io.queryhound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.SqlFingerprint;
import io.queryhound.it.apps.SlowScanApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.queryhound.it.ChildRun.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8 under {@code -javaagent}: a slow lookup on an unindexed column of a 20,000-row H2 table, run through
 * HikariCP, is explained on a connection from the pool the application called (the outermost DataSource of its
 * connection), with the values it was run with; its {@code SLOW_QUERY} finding has the full-scan plan and a
 * {@code CREATE INDEX}. After the app creates that index (and {@code explainIntervalSeconds} passed), the same
 * statement's plan uses it and no advice is given. A connection from DriverManager has no DataSource: its slow
 * statement carries the note. QueryHound's own EXPLAINs and catalogue queries are never counted as the app's.
 */
class SlowQueryPlanUnderAgentTest {

    private static final String APP = "io.queryhound.it.apps.SlowScanApp";
    private static final String BEFORE = APP + "#lookupBeforeIndex";
    private static final String AFTER = APP + "#lookupAfterIndex";
    private static final String DRIVER_MANAGER = APP + "#lookupOnDriverManager";
    private static final String[] SETTINGS = {
        "statsIntervalSeconds=3600", "slowQueryMillis=30", "explainIntervalSeconds=1",
        "scopeMethods=" + BEFORE + "," + AFTER + "," + DRIVER_MANAGER};

    private static final String LOOKUP = SqlFingerprint.of(SlowScanApp.LOOKUP).id();
    private static final String DRIVER_LOOKUP = SqlFingerprint.of(SlowScanApp.DRIVER_LOOKUP).id();

    private static ChildRun run(Jdk jdk) {
        jdk.java();
        String name = "SlowScanApp-agent-" + jdk.name();
        return Runs.get(name, () -> AgentJvm.app(SlowScanApp.class).on(jdk).agent(SETTINGS).named(name).run());
    }

    private static JsonNode slowQueryOf(ChildRun run, String scope, String fingerprint) {
        List<JsonNode> findings = run.findings("SLOW_QUERY").stream()
                .filter(finding -> scope.equals(text(finding, "scope")))
                .filter(finding -> fingerprint.equals(text(finding, "fingerprint")))
                .toList();
        assertThat(findings).as("SLOW_QUERY findings of %s in scope %s", fingerprint, scope).hasSize(1);
        return findings.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void appRunsToItsEnd(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutLines("BEFORE")).containsExactly("rows=1");
            assertThat(run.stdoutLines("AFTER")).containsExactly("rows=1");
            assertThat(run.stdoutLines("DRIVER_MANAGER")).containsExactly("rows=1");
            assertThat(run.agentStderrLines()).as("the agent's stderr lines")
                    .noneMatch(line -> line.contains("EXPLAIN of a slow statement failed"))
                    .noneMatch(line -> line.contains("internal error"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void slowFullScanHasItsPlanAndTheIndexThatAvoidsIt(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            JsonNode finding = slowQueryOf(run, BEFORE, LOOKUP);
            assertThat(finding.has("planNote")).as("planNote of %s", finding).isFalse();
            JsonNode table = finding.path("plan").path("tables").path(0);
            assertThat(text(table, "table")).as("table read in %s", finding).isEqualToIgnoringCase("big");
            assertThat(text(table, "access")).as("access of %s", finding).isEqualTo("FULL_SCAN");
            assertThat(table.path("tableRows").asLong(-1)).as("tableRows of %s", finding)
                    .isEqualTo(SlowScanApp.ROWS);
            JsonNode advice = finding.path("indexAdvice").path(0);
            assertThat(text(advice, "verdict")).as("advice of %s", finding).isEqualTo("CREATE_INDEX");
            assertThat(text(advice, "createIndex")).as("createIndex of %s", finding)
                    .startsWith("CREATE INDEX").containsIgnoringCase("big (email)");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void afterTheIndexThePlanUsesItAndNothingIsAdvised(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            JsonNode finding = slowQueryOf(run, AFTER, LOOKUP);
            assertThat(finding.has("planNote")).as("planNote of %s", finding).isFalse();
            JsonNode table = finding.path("plan").path("tables").path(0);
            assertThat(text(table, "access")).as("access of %s", finding).isNotEqualTo("FULL_SCAN");
            assertThat(text(table, "index")).as("index used in %s", finding).isEqualToIgnoringCase("big_email");
            assertThat(finding.path("indexAdvice").size()).as("indexAdvice of %s", finding).isZero();
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void connectionFromDriverManagerIsNotExplained(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            JsonNode finding = slowQueryOf(run, DRIVER_MANAGER, DRIVER_LOOKUP);
            assertThat(finding.has("plan")).as("plan of %s", finding).isFalse();
            assertThat(text(finding, "planNote")).as("planNote of %s", finding)
                    .startsWith("not fetched: under -javaagent")
                    .contains("DriverManager");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void explainStatementsAreNotTheApplicationsQueries(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            Map<String, Long> ran = new TreeMap<>();
            for (String sql : run.stdoutLines("RAN")) {
                ran.merge(SqlFingerprint.of(sql).id(), 1L, Long::sum);
            }
            for (String sql : run.stdoutLines("HARNESS")) {
                ran.merge(SqlFingerprint.of(sql).id(), 1L, Long::sum);
            }
            Map<String, Long> counted = new TreeMap<>();
            run.summaryStatistics().forEach((fingerprint, record) -> counted.put(fingerprint, record.get("count").asLong()));
            assertThat(counted).as("the agent's summary statistics (fingerprint -> count) against the app's RAN and"
                    + " HARNESS lines; statistics records: %s", run.summaryStatistics().values()).isEqualTo(ran);
            // H2 saw QueryHound's EXPLAINs (they ran through the instrumented driver), the agent counted none of them.
            assertThat(run.stdoutLines("H2_COUNT")).as("H2's statement counts")
                    .anyMatch(line -> line.matches("\\d+ EXPLAIN select id, total, pause_ms\\(.*"));
            StatementCounts.assertEveryStatementCountedOnce(run);
            assertThat(run.summaryStatistics().values()).as("statistics of QueryHound's own statements")
                    .noneMatch(record -> text(record, "sql").startsWith("explain"))
                    .noneMatch(record -> text(record, "sql").contains("row_count_estimate"));
            assertThat(run.findings()).as("findings about QueryHound's own statements")
                    .noneMatch(finding -> String.valueOf(text(finding, "sql")).startsWith("explain"))
                    .noneMatch(finding -> "queryhound-explain".equals(text(finding, "thread")));
        });
    }
}
