package io.queryhound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.it.apps.WrappedHttpServerApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static io.queryhound.it.ChildRun.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent attached to an application that also wraps its DataSource with {@code QueryHound.wrap} (proxy-core on
 * its class path: the only app that has it). Library and agent must not both count a statement (QuickPerf #263).
 */
class AgentAndLibraryTest {

    private static ChildRun run(Jdk jdk) {
        jdk.java();
        String name = "WrappedHttpServerApp-agent-" + jdk.name();
        return Runs.get(name, () -> AgentJvm.app(WrappedHttpServerApp.class).on(jdk)
                .agent(AgentRuns.HTTP_APP_SETTINGS).proxyCoreOnClassPath().named(name).run());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void applicationAnswersEveryRequest(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> assertThat(run.stdoutLines("HTTP")).as("HTTP lines")
                .containsExactlyElementsOf(ShopApp.HTTP_SERVER.expectedHttpLines()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void summaryStatisticsCountEveryStatementOnce(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        StatementCounts.assertEveryStatementCountedOnce(run);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void nPlusOneIsReportedOnceWithItsOwnCount(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            List<JsonNode> findings = run.findings("N_PLUS_ONE");
            assertThat(findings).as("N_PLUS_ONE finding records in the agent's output").hasSize(1);
            assertThat(text(findings.get(0), "scope")).as("scope of %s", findings.get(0)).isEqualTo("GET /orders");
            assertThat(findings.get(0).path("count").asInt(-1)).as("count of %s", findings.get(0))
                    .isEqualTo(ShopApp.HTTP_SERVER.lookupsPerOrdersRequest);
        });
    }
}
