package io.queryhound.demo.run;

import io.queryhound.demo.run.AgentOutput.Finding;
import io.queryhound.demo.run.AgentOutput.ScopeSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo end to end, as {@code ./demo} runs it: the packaged orders service in its own JVM with
 * the packaged agent attached, the default data volume, every endpoint in both forms, and the
 * agent's own output read back. Runs after {@code package} (integration-test phase), fewer requests
 * than the README command.
 */
class DemoUnderAgentTest {

    private static final long SEED = 42;
    /** Findings a fixed endpoint may still produce, each with the reason the report gives; none so far. */
    private static final Map<String, String> EXPLAINED_FIXED_FINDINGS = Map.of();

    private static Demo.Result result;
    private static String report;
    private static String progress;

    @BeforeAll
    static void runTheDemo() {
        Path target = Path.of(System.getProperty("demo.target", "target")).toAbsolutePath();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        // slowQueryMillis=250: the naive report takes seconds and the fixed endpoints tens of milliseconds;
        // the margin keeps a GC pause or a busy CI machine from turning a fixed query into a slow one.
        Demo.Options options = new Demo.Options(4, 2, 0, SEED, target.resolve("demo-test"), 0, "slowQueryMillis=250");
        result = Demo.run(Layout.of(target), options, new PrintStream(lines, true, StandardCharsets.UTF_8));
        progress = lines.toString(StandardCharsets.UTF_8);
        report = Report.render(result);
        System.out.println(progress);
        System.out.println(report);
    }

    static List<Endpoints.Endpoint> endpoints() {
        return Endpoints.all(SEED);
    }

    @Test
    void theServiceAnsweredEveryRequestAndExitedCleanly() {
        assertThat(result.exitCode()).as(progress).isZero();
        for (Map<String, Demo.FormRun> form : List.of(result.naive(), result.fixed())) {
            assertThat(form).hasSize(endpoints().size());
            form.forEach((endpoint, run) -> {
                assertThat(run.failures()).as(endpoint + ": " + run.firstFailure()).isZero();
                assertThat(run.nanos()).as(endpoint).hasSize(4);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyNaiveEndpointProducesItsFindingAtALineOfTheService(Endpoints.Endpoint endpoint) {
        String scope = result.naive().get(endpoint.key()).scope();
        List<Finding> findings = Report.findingsOf(result.output(), scope);

        assertThat(findings).as("findings of %s in%n%s", scope, report)
                .filteredOn(finding -> finding.type().equals(endpoint.expected()))
                .isNotEmpty()
                .allSatisfy(finding -> assertThat(finding.callSite())
                        .as("call site of %s", finding)
                        .startsWith("io.queryhound.demo.orders."));
    }

    @Test
    void noFixedEndpointProducesAFindingThatTheReportDoesNotExplain() {
        for (Endpoints.Endpoint endpoint : endpoints()) {
            String scope = result.fixed().get(endpoint.key()).scope();
            Set<String> types = Report.findingsOf(result.output(), scope).stream().map(Finding::type)
                    .collect(Collectors.toSet());
            types.removeAll(EXPLAINED_FIXED_FINDINGS.keySet());
            assertThat(types).as("findings of %s in%n%s", scope, report).isEmpty();
        }
    }

    @Test
    void theAgentCountedTheStatementsOfEveryRequestAndTheFixesRunFewer() {
        Map<String, ScopeSummary> scopes = result.output().scopes();
        for (Endpoints.Endpoint endpoint : endpoints()) {
            ScopeSummary naive = scopes.get(result.naive().get(endpoint.key()).scope());
            ScopeSummary fixed = scopes.get(result.fixed().get(endpoint.key()).scope());
            assertThat(naive).as("scopeStatistics of the naive %s", endpoint.key()).isNotNull();
            assertThat(fixed).as("scopeStatistics of the fixed %s", endpoint.key()).isNotNull();
            // Warm-up requests are requests too: every request the demo sent is one scope.
            assertThat(naive.count()).isEqualTo(4 + 2);
            assertThat(fixed.count()).isEqualTo(4 + 2);
            assertThat(fixed.p50Statements()).as("statements per request of the fixed %s", endpoint.key())
                    .isLessThanOrEqualTo(naive.p50Statements());
        }
        ScopeSummary recentNaive = scopes.get("GET /naive/orders/recent");
        ScopeSummary recentFixed = scopes.get("GET /fixed/orders/recent");
        assertThat(recentNaive.p50Statements()).as("50 orders, one lookup each").isGreaterThan(50);
        assertThat(recentFixed.p50Statements()).isEqualTo(1);
    }

    @Test
    void theReportNamesEveryEndpointItsFindingsAndTheTable() {
        for (Endpoints.Endpoint endpoint : endpoints()) {
            assertThat(report).contains(endpoint.title());
        }
        for (Finding finding : result.output().findings()) {
            if (finding.callSite() != null) {
                assertThat(report).contains(finding.callSite());
            }
        }
        assertThat(report).contains("Before / after, measured in this run");
        assertThat(report).contains(result.outputFile().toString());
    }
}
