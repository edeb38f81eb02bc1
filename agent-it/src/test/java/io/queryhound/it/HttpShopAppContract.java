package io.queryhound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.it.apps.AppSupport;
import io.queryhound.it.apps.ShopRoutes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static io.queryhound.it.ChildRun.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the agent must do for every HTTP application of the shop, whatever serves it: each test runs on the current
 * JDK and on Temurin 25, and all tests of one (application, JDK) share one child run.
 *
 * <p>The application calls itself with {@link ShopRoutes#REQUESTS}: three requests to {@code GET /orders} (an N+1
 * loop of customer lookups, with and without a query string) and two to {@code GET /customers/ok} (one query).
 */
abstract class HttpShopAppContract {

    /** The application under test and what it must do. */
    abstract ShopApp shopApp();

    ChildRun run(Jdk jdk) {
        return AgentRuns.withAgent(shopApp().main, jdk);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void appAnswersEveryRequestWithTheAgentAttached(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> assertThat(run.stdoutLines("HTTP"))
                .as("HTTP lines (status, method, path, first line of the body)")
                .containsExactlyElementsOf(shopApp().expectedHttpLines()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void agentAnnouncesItselfInOneStderrLine(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> AgentBanner.assertAnnounced(run, AgentRuns.HTTP_APP_SETTINGS));
    }

    /**
     * Nothing of ours on the application's stderr but the start line: no Byte Buddy or JDK warning caused by the
     * agent (JDK 24+ reports uses of sun.misc.Unsafe). The one exception is the JVM's own note that class data
     * sharing now covers boot classes only, which it prints for any agent that adds to the boot class path.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void stderrHoldsOnlyTheStartLineBesidesWhatTheApplicationWrites(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        ChildRun plain = AgentRuns.withoutAgent(shopApp().main, jdk).assertExitedNormally();
        run.verify(() -> assertThat(run.stderr().lines()
                        .filter(line -> !line.startsWith("[queryhound] agent "))
                        .filter(line -> !line.endsWith(" warning: Sharing is only supported for boot loader classes"
                                + " because bootstrap classpath has been appended")))
                .as("stderr lines with the agent, less its start line and the JVM's class data sharing note")
                .containsExactlyElementsOf(plain.stderr().lines().toList()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void nPlusOneRequestIsOneFindingOfTheRouteScope(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        H2Statements.Counted lookup = H2Statements.find(run, "the customer lookup", shopApp().lookupSql);
        H2Statements.Counted orders = H2Statements.find(run, "the orders query", shopApp().ordersSql);
        run.verify(() -> {
            List<JsonNode> findings = run.findings("N_PLUS_ONE");
            assertThat(findings).as("N_PLUS_ONE finding records").hasSize(1);
            JsonNode finding = findings.get(0);
            assertThat(text(finding, "scope")).as("scope of %s", finding).isEqualTo("GET /orders");
            assertThat(text(finding, "scopeKind")).as("scopeKind of %s", finding).isEqualTo("http");
            assertThat(text(finding, "fingerprint")).as("fingerprint of %s (H2 ran %s)", finding, lookup.sql())
                    .isEqualTo(lookup.fingerprint());
            assertThat(text(finding, "sql")).as("sql of %s", finding).isEqualTo(lookup.template());
            assertThat(finding.path("count").asInt(-1)).as("count of %s", finding)
                    .isEqualTo(shopApp().lookupsPerOrdersRequest);
            assertThat(finding.path("distinctParams").asInt(-1)).as("distinctParams of %s", finding)
                    .isEqualTo(AppSupport.CUSTOMERS);
            assertThat(text(finding, "callSite")).as("callSite of %s", finding).startsWith(shopApp().callSitePrefix);
            List<String> stack = new ArrayList<>();
            finding.path("stack").forEach(frame -> stack.add(frame.asText()));
            assertThat(stack).as("stack (callers of the call site) of %s", finding)
                    .anyMatch(frame -> frame.startsWith(shopApp().handlerFramePrefix));
            JsonNode trigger = finding.path("trigger");
            assertThat(text(trigger, "fingerprint")).as("trigger fingerprint of %s (H2 ran %s)", finding, orders.sql())
                    .isEqualTo(orders.fingerprint());
            assertThat(trigger.path("rows").asInt(-1)).as("trigger rows of %s", finding).isEqualTo(AppSupport.ORDERS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void laterNPlusOneRequestsAreSummarisedNotRepeated(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            List<JsonNode> findings = run.findings("N_PLUS_ONE");
            assertThat(findings).as("N_PLUS_ONE finding records").hasSize(1);
            List<JsonNode> summaries = run.findingSummaries("N_PLUS_ONE");
            assertThat(summaries).as("N_PLUS_ONE findingSummary records (written once, at exit)").hasSize(1);
            JsonNode summary = summaries.get(0);
            assertThat(text(summary, "fingerprint")).as("fingerprint of %s", summary)
                    .isEqualTo(text(findings.get(0), "fingerprint"));
            assertThat(text(summary, "callSite")).as("callSite of %s", summary)
                    .isEqualTo(text(findings.get(0), "callSite"));
            assertThat(summary.path("occurrences").asInt(-1)).as("occurrences of %s", summary).isEqualTo(2);
            assertThat(summary.path("totalOccurrences").asInt(-1)).as("totalOccurrences of %s", summary).isEqualTo(3);
            assertThat(summary.path("count").asInt(-1)).as("count of %s", summary)
                    .isEqualTo(2 * shopApp().lookupsPerOrdersRequest);
            assertThat(text(summary, "lastScope")).as("lastScope of %s", summary).isEqualTo("GET /orders");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void cleanRequestHasNoFinding(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.findings()).as("findings of scope GET /customers/ok")
                    .filteredOn(finding -> "GET /customers/ok".equals(text(finding, "scope")))
                    .isEmpty();
            assertThat(run.records(record -> "findingSummary".equals(text(record, "record"))
                    && "GET /customers/ok".equals(text(record, "lastScope"))))
                    .as("finding summaries of scope GET /customers/ok").isEmpty();
            assertThat(run.records(record -> text(record, "scope") != null && text(record, "scope").contains("?")))
                    .as("records whose scope name has a query string").isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void summaryStatisticsCountEveryStatementOnce(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        StatementCounts.assertEveryStatementCountedOnce(run);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void bridgeIsOnTheBootLoaderWhileTheAgentIsEnabled(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> assertThat(run.stdoutValue("BRIDGE_BOOT"))
                .as("Class.forName(\"io.queryhound.internal.bridge.AgentBridge\", false, null) in the application")
                .isEqualTo("present"));
    }
}
