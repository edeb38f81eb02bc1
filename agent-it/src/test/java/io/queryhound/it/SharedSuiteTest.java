package io.queryhound.it;

import io.queryhound.it.suite.SharedSuiteMain;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * proxy-core's behaviour suite (the detection, assertion and example tests that library mode passes) run in a
 * child JVM twice per JDK: once as it runs in proxy-core's own build, where {@code QueryHound.wrap} returns a
 * proxy, and once under the agent, where {@code wrap} hands the DataSource back unchanged and every query reaches
 * the same engines through the agent's advice instead. Each test asserts the findings it expects, so the same tests
 * passing in both runs is the same findings in both.
 */
class SharedSuiteTest {

    /** Far more than a run takes (about 30 s); the suite has tests that deliberately wait for scopes to go idle. */
    private static final Duration SUITE_TIMEOUT = Duration.ofMinutes(5);

    /** Well below the suite's size, well above what a broken discovery (a wrong package, a missing jar) finds. */
    private static final int AT_LEAST = 250;

    private static ChildRun suite(Jdk jdk, boolean withAgent) {
        jdk.java();
        String name = "SharedSuite-" + (withAgent ? "agent-" : "library-") + jdk.name();
        return Runs.get(name, () -> {
            AgentJvm child = AgentJvm.app(SharedSuiteMain.class).on(jdk).proxyCoreOnClassPath()
                    .workingDirectory(proxyCoreDirectory()).named(name).timeout(SUITE_TIMEOUT);
            if (withAgent) {
                // Quiet: the suite's own engines are what it checks; the agent's engine only has to stay out of
                // their way.
                child.agent("statsIntervalSeconds=3600");
            }
            return child.run();
        });
    }

    /** Where proxy-core's tests expect to run: some read its docs and test data by relative path. */
    private static Path proxyCoreDirectory() {
        String configured = System.getProperty("agentit.proxyCoreDir");
        Path directory = (configured != null ? Path.of(configured) : Path.of("..", "proxy-core"))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(directory.resolve("src"))) {
            fail("Expecting proxy-core's sources at %s", directory);
        }
        return directory;
    }

    /** Test unique id to outcome (SUCCESSFUL, FAILED, ABORTED, SKIPPED), from the child's report. */
    private static Map<String, String> outcomes(ChildRun run) {
        Path report = run.outputFile().resolveSibling("suite.txt");
        if (!Files.isRegularFile(report)) {
            fail("The suite wrote no report at %s%n%s", report, run.describe());
        }
        Map<String, String> outcomes = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(report)) {
                String[] parts = line.split(" ", 3);
                if (parts.length >= 2) {
                    outcomes.put(parts[1], line);
                }
            }
        } catch (java.io.IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
        return outcomes;
    }

    private static List<String> withOutcome(Map<String, String> outcomes, String outcome) {
        return outcomes.values().stream().filter(line -> line.startsWith(outcome + " ")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void suitePassesInLibraryMode(Jdk jdk) {
        ChildRun run = suite(jdk, false);
        run.verify(() -> {
            Map<String, String> outcomes = outcomes(run);
            assertThat(withOutcome(outcomes, "FAILED")).as("failed tests in library mode").isEmpty();
            assertThat(withOutcome(outcomes, "SUCCESSFUL")).as("passed tests in library mode").hasSizeGreaterThan(AT_LEAST);
            assertThat(run.stdoutValue("AGENT_ATTACHED")).as("agent attached in the library run").isEqualTo("false");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void suitePassesUnderTheAgent(Jdk jdk) {
        ChildRun run = suite(jdk, true);
        run.verify(() -> {
            assertThat(run.stdoutValue("AGENT_ATTACHED")).as("agent attached in the agent run").isEqualTo("true");
            Map<String, String> outcomes = outcomes(run);
            assertThat(withOutcome(outcomes, "FAILED")).as("failed tests under the agent").isEmpty();
            assertThat(withOutcome(outcomes, "SUCCESSFUL")).as("passed tests under the agent").hasSizeGreaterThan(AT_LEAST);
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void theSameTestsPassInBothModes(Jdk jdk) {
        ChildRun library = suite(jdk, false);
        ChildRun agent = suite(jdk, true);
        agent.verify(() -> {
            List<String> passedInLibraryMode = withOutcome(outcomes(library), "SUCCESSFUL");
            List<String> passedUnderTheAgent = withOutcome(outcomes(agent), "SUCCESSFUL");
            assertThat(passedUnderTheAgent).as("tests passed under the agent, against library mode's")
                    .containsExactlyElementsOf(passedInLibraryMode);
        });
    }
}
