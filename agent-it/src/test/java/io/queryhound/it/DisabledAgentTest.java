package io.queryhound.it;

import io.queryhound.it.apps.HttpServerApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code enabled=false}: the agent says so in one line and does nothing else. It installs nothing, writes nothing,
 * and does not even put its bridge class on the boot class path.
 */
class DisabledAgentTest {

    private static ChildRun run(Jdk jdk) {
        jdk.java();
        String name = "HttpServerApp-disabled-" + jdk.name();
        return Runs.get(name, () -> AgentJvm.app(HttpServerApp.class).on(jdk).agent("enabled=false").named(name).run());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void applicationRunsAsWithoutTheAgent(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> assertThat(run.stdoutLines("HTTP")).as("HTTP lines")
                .containsExactlyElementsOf(ShopApp.HTTP_SERVER.expectedHttpLines()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void agentSaysOnceThatItIsDisabled(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.agentStderrLines()).as("stderr lines beginning [queryhound]").hasSize(1);
            assertThat(run.agentStderrLines().get(0)).as("the agent's one line").contains("enabled=false");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void nothingIsWritten(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.records()).as("records in the output file %s", run.outputFile()).isEmpty();
            assertThat(run.stderr().lines().filter(line -> line.startsWith("{\"schema\"")))
                    .as("JSON records on stderr").isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void bridgeIsNotOnTheBootLoader(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> assertThat(run.stdoutValue("BRIDGE_BOOT"))
                .as("Class.forName(\"io.queryhound.internal.bridge.AgentBridge\", false, null) in the application")
                .isEqualTo("absent"));
    }
}
