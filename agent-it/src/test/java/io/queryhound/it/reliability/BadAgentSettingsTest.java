package io.queryhound.it.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.SqlFingerprint;
import io.queryhound.it.AgentJvm;
import io.queryhound.it.ChildRun;
import io.queryhound.it.Jdk;
import io.queryhound.it.apps.reliability.OrdersApp;
import io.queryhound.it.apps.reliability.OrdersWorkload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values of the wrong type on the {@code -javaagent} line: each is reported in one line that names the key, the
 * value, what is accepted and the default that is used instead, and the agent then works with that default; here
 * the default N+1 threshold still finds the application's N+1 loop, and the default {@code enabled=true} keeps the
 * agent on.
 */
class BadAgentSettingsTest {

    /** Key, bad value, what the README says is accepted, and the default. */
    private record BadSetting(String key, String value, String accepted, String defaultValue) {
    }

    private static final List<BadSetting> BAD = List.of(
            new BadSetting("slowQueryMillis", "abc", "a whole number from 1 to 86400000", "100"),
            new BadSetting("nPlusOneThreshold", "-3", "a whole number from 2 to 1000000", "3"),
            new BadSetting("enabled", "maybe", "true or false", "true"));

    @BeforeAll
    static void startRuns() {
        ReliabilityRuns.startOrdersWithoutAgent();
        for (Jdk jdk : Jdk.values()) {
            if (ReliabilityRuns.installed(jdk)) {
                ReliabilityRuns.start(name(jdk), run(jdk));
            }
        }
    }

    private static ChildRun withAgent(Jdk jdk) {
        jdk.java();
        return ReliabilityRuns.get(name(jdk), run(jdk));
    }

    private static String name(Jdk jdk) {
        return "reliability-OrdersApp-bad-settings-" + jdk.name();
    }

    private static Supplier<ChildRun> run(Jdk jdk) {
        String[] settings = ReliabilityRuns.ordersSettings(
                BAD.stream().map(bad -> bad.key() + "=" + bad.value()).toArray(String[]::new));
        return () -> AgentJvm.app(OrdersApp.class).on(jdk).named(name(jdk)).agent(settings)
                .timeout(ReliabilityRuns.CHILD_TIMEOUT).run();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void eachBadValueIsOneLineAndTheDefaultStillFindsTheNPlusOne(Jdk jdk) {
        ChildRun plain = ReliabilityRuns.ordersWithoutAgent(jdk).assertExitedNormally();
        ChildRun run = withAgent(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutLines("RESULT")).as("the application's results, against those without the agent")
                    .isNotEmpty().isEqualTo(plain.stdoutLines("RESULT"));
            List<String> said = AgentStderr.agentLinesBesidesBanner(run);
            assertThat(said).as("one line per bad setting").hasSize(BAD.size());
            for (BadSetting bad : BAD) {
                assertThat(said).as("the line about %s", bad.key())
                        .filteredOn(line -> line.contains("setting " + bad.key() + "="))
                        .singleElement().asString()
                        .contains("'" + bad.value() + "'", "agent arguments", "expected " + bad.accepted(),
                                "using the default " + bad.defaultValue());
            }
            JsonNode nPlusOne = run.findings("N_PLUS_ONE").stream()
                    .filter(f -> SqlFingerprint.of(OrdersWorkload.CUSTOMER_QUERY).id().equals(ChildRun.text(f, "fingerprint")))
                    .findFirst().orElse(null);
            assertThat(nPlusOne).as("the N+1 loop's finding, with the default threshold").isNotNull();
            assertThat(nPlusOne.path("count").asLong()).as("its executions").isEqualTo(OrdersWorkload.ORDERS);
            assertThat(AgentStderr.otherLines(run)).as("the rest of stderr").isEqualTo(plain.stderr().lines().toList());
            System.out.printf(Locale.ROOT, "[reliability] under the agent on %s: %d settings of the wrong type"
                    + " (slowQueryMillis=abc, nPlusOneThreshold=-3, enabled=maybe) reported in %d lines, defaults"
                    + " used; the N+1 loop still found (%d executions)%n", jdk, BAD.size(), said.size(),
                    nPlusOne.path("count").asLong());
        });
    }
}
