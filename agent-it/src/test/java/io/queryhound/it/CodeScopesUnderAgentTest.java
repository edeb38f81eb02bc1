package io.queryhound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.it.apps.NightlyJobApp;
import io.queryhound.it.apps.ScopedJobApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static io.queryhound.it.ChildRun.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that calls QueryHound's library API itself, run with the agent: {@code QueryHound.wrap} hands the
 * pool back (the agent captures it; no second engine writes a second output), and a scope opened with
 * {@code QueryHound.scope} is a scope of the agent's engine too, so the N+1 inside it is reported in it and the
 * same loop outside it in the thread's implicit scope.
 */
class CodeScopesUnderAgentTest {

    private static ChildRun run(Jdk jdk) {
        jdk.java();
        String name = "ScopedJobApp-agent-" + jdk.name();
        return Runs.get(name, () -> AgentJvm.app(ScopedJobApp.class).on(jdk).agent("statsIntervalSeconds=3600")
                .proxyCoreOnClassPath().named(name).run());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void wrapHandsThePoolBackAndNoSecondEngineWrites(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutValue("WRAPPED")).as("what QueryHound.wrap returned").isEqualTo("unchanged");
            assertThat(run.stdoutValue("IN_SCOPE")).as("the audit in the scope").startsWith("sum=");
            assertThat(run.stderr().lines().filter(line -> line.startsWith("{")))
                    .as("JSON records on stderr (the library's default output)").isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void theN1InsideTheCodeScopeIsReportedInItAndTheOneOutsideInTheImplicitScope(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            List<JsonNode> findings = run.findings("N_PLUS_ONE");
            assertThat(findings).as("N_PLUS_ONE findings").hasSize(1);
            JsonNode finding = findings.get(0);
            assertThat(text(finding, "scope")).as("scope of %s", finding).isEqualTo(ScopedJobApp.SCOPE);
            assertThat(text(finding, "scopeKind")).as("scopeKind of %s", finding).isEqualTo("explicit");
            assertThat(finding.path("count").asInt(-1)).as("count of %s", finding)
                    .isEqualTo(NightlyJobApp.AUDITED_ORDERS);
            assertThat(text(finding, "callSite")).as("callSite of %s", finding)
                    .startsWith("io.queryhound.it.apps.NightlyJobApp.auditTotals(NightlyJobApp.java:");
            // The same loop again, outside the scope: the same finding in another scope, so summarised at exit.
            List<JsonNode> summaries = run.findingSummaries("N_PLUS_ONE");
            assertThat(summaries).as("N_PLUS_ONE findingSummary records").hasSize(1);
            JsonNode summary = summaries.get(0);
            assertThat(text(summary, "lastScope")).as("lastScope of %s", summary).isEqualTo("main");
            assertThat(summary.path("occurrences").asInt(-1)).as("occurrences of %s", summary).isEqualTo(1);
            assertThat(summary.path("count").asInt(-1)).as("count of %s", summary)
                    .isEqualTo(NightlyJobApp.AUDITED_ORDERS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void everyStatementIsCountedOnce(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        StatementCounts.assertEveryStatementCountedOnce(run);
    }
}
