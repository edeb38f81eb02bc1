package io.queryhound.it.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.SqlFingerprint;
import io.queryhound.it.AgentJvm;
import io.queryhound.it.ChildRun;
import io.queryhound.it.Jdk;
import io.queryhound.it.apps.reliability.DriverFaultsApp;
import io.queryhound.it.apps.reliability.DriverFaultsApp.Case;
import io.queryhound.it.apps.reliability.Fault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver fails under the agent, at each point where a driver can (prepare, execute, {@code next()} after three
 * rows, result, statement and connection close, and a failure while reading followed by one at close): the
 * application sees exactly what it sees without the agent, the statements after each fault are still counted, and
 * the agent says nothing on stderr but its start line. The faults come from {@code FaultyDriver}, a delegating
 * driver over the real H2 driver, whose classes the agent instruments as well as H2's: every query passes two
 * instrumented layers and must be counted once. The library's counterpart is proxy-core's DriverFaultsTest.
 */
class DriverFaultsUnderAgentTest {

    private static final String[] SETTINGS = {"statsIntervalSeconds=3600", "slowQueryMillis=60000"};

    @BeforeAll
    static void startRuns() {
        for (Jdk jdk : Jdk.values()) {
            if (ReliabilityRuns.installed(jdk)) {
                ReliabilityRuns.start(name(jdk, true), run(jdk, true));
                ReliabilityRuns.start(name(jdk, false), run(jdk, false));
            }
        }
    }

    private static ChildRun withAgent(Jdk jdk) {
        jdk.java();
        return ReliabilityRuns.get(name(jdk, true), run(jdk, true));
    }

    private static ChildRun withoutAgent(Jdk jdk) {
        jdk.java();
        return ReliabilityRuns.get(name(jdk, false), run(jdk, false));
    }

    private static String name(Jdk jdk, boolean agent) {
        return "reliability-DriverFaultsApp-" + (agent ? "agent-" : "plain-") + jdk.name();
    }

    private static Supplier<ChildRun> run(Jdk jdk, boolean agent) {
        return () -> {
            AgentJvm child = AgentJvm.app(DriverFaultsApp.class).on(jdk).named(name(jdk, agent))
                    .timeout(ReliabilityRuns.CHILD_TIMEOUT);
            return (agent ? child.agent(SETTINGS) : child).run();
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void theApplicationSeesEachFailureAsWithoutTheAgent(Jdk jdk) {
        ChildRun plain = withoutAgent(jdk).assertExitedNormally();
        List<String> expected = plain.stdoutLines("OUTCOME");
        plain.verify(() -> {
            assertThat(expected).as("OUTCOME lines without the agent").hasSize(Case.values().length)
                    .allSatisfy(line -> assertThat(line).doesNotContain("no exception")
                            .contains("the driver's own exception objects: true", "faults not fired: []"));
            assertThat(expected).as("the failure while reading").filteredOn(line -> line.startsWith("NEXT |"))
                    .singleElement().asString().startsWith("NEXT | rows [1, 2, 3] | ");
            assertThat(expected).as("the failure at close, suppressed by the one while reading")
                    .filteredOn(line -> line.startsWith("NEXT_THEN_CONNECTION_CLOSE |")).singleElement().asString()
                    .contains("suppressed [java.sql.SQLException: injected fault at connection close]");
        });
        ChildRun run = withAgent(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutLines("OUTCOME"))
                    .as("OUTCOME lines (rows read, exception class, message, SQLState, code, cause, suppressed,"
                            + " identity) with the agent, against those without it")
                    .containsExactlyElementsOf(expected);
            assertThat(run.stdoutLines("ROWS")).as("rows read per statement").isEqualTo(plain.stdoutLines("ROWS"));
            assertThat(run.stdoutLines("LATER_FAILED")).as("lookups after a fault that failed").isEmpty();
        });
        System.out.printf(Locale.ROOT, "[reliability] under the agent on %s: driver faults at prepare, execute, next"
                + " after 3 rows, result, statement and connection close, and next then connection close: %d of %d"
                + " outcomes (exception, message, SQLState, code, cause, suppressed, rows read, the driver's own"
                + " objects) identical to without the agent%n", jdk, expected.size(), Case.values().length);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void everyExecutionIsCountedOnceThroughBothLayers(Jdk jdk) {
        ChildRun run = withAgent(jdk).assertExitedNormally();
        long[] totals = new long[3];
        run.verify(() -> {
            Map<String, JsonNode> statistics = run.summaryStatistics();
            for (Case failure : Case.values()) {
                JsonNode record = statistics.get(SqlFingerprint.of(failure.sql()).id());
                assertThat(record).as("summary statistics of %s", failure.sql()).isNotNull();
                // The lookup whose prepare failed never ran; every other faulted lookup did.
                long executions = DriverFaultsApp.LATER_RUNS + (failure.faults().contains(Fault.PREPARE) ? 0 : 1);
                long errors = failure.faults().contains(Fault.EXECUTE) ? 1 : 0;
                long rows = Long.parseLong(run.stdoutLines("ROWS").stream()
                        .filter(line -> line.startsWith(failure + " ")).findFirst().orElseThrow()
                        .substring(failure.name().length() + 1));
                assertThat(record.path("count").asLong(-1)).as("executions of %s", failure).isEqualTo(executions);
                assertThat(record.path("errors").asLong(-1)).as("failed executions of %s", failure).isEqualTo(errors);
                assertThat(record.path("rows").asLong(-1)).as("rows read of %s", failure).isEqualTo(rows);
                totals[0] += executions;
                totals[1] += rows;
                totals[2] += errors;
            }
        });
        System.out.printf(Locale.ROOT, "[reliability] under the agent on %s: after each of %d driver faults the %d"
                + " later lookups are counted; through two instrumented layers (delegating driver over H2) the agent"
                + " counted %d executions, %d rows, %d error, as the application ran them%n", jdk,
                Case.values().length, DriverFaultsApp.LATER_RUNS, totals[0], totals[1], totals[2]);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void theAgentSaysNothingButItsStartLine(Jdk jdk) {
        ChildRun plain = withoutAgent(jdk).assertExitedNormally();
        ChildRun run = withAgent(jdk).assertExitedNormally();
        run.verify(() -> {
            String banner = AgentStderr.banner(run);
            assertThat(AgentStderr.agentLinesBesidesBanner(run)).as("the agent's warnings and errors").isEmpty();
            assertThat(AgentStderr.otherLines(run)).as("the rest of stderr, against the run without the agent")
                    .isEqualTo(plain.stderr().lines().toList());
            System.out.printf(Locale.ROOT, "[reliability] under the agent on %s: through %d driver faults, stderr"
                    + " holds the agent's start line only: %s%n", jdk, Case.values().length, banner);
        });
    }
}
