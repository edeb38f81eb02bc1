package io.queryhound.assertions;

import io.queryhound.junit.ExpectQueries;
import io.queryhound.junit.MaxQueries;
import io.queryhound.junit.NoBatchableDml;
import io.queryhound.junit.NoNPlusOne;
import io.queryhound.junit.SlowQueryBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.query;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Bad use gets a clear configuration error instead of a confusing pass or failure: impossible
 * counts and thresholds, annotations that say nothing, and (in a fresh JVM) expectations in a JVM
 * where nothing captures queries.
 */
class BadUseExtensionTest {

    private static EngineExecutionResults results;
    private static EngineExecutionResults onClass;

    @BeforeAll
    static void runFixtures() {
        results = run(Bad.class);
        onClass = run(BadOnClass.class);
    }

    @Test
    void everyMisconfiguredTestFailsWithoutRunningItsBody() {
        results.testEvents().assertStatistics(stats -> stats.started(9).succeeded(0).failed(9));
        onClass.testEvents().assertStatistics(stats -> stats.started(1).succeeded(0).failed(1));
        assertThat(Bad.BODIES.get()).as("bodies of misconfigured tests that ran").isZero();
    }

    @Test
    void aNegativeCountIsAConfigurationError() {
        assertThat(failure(results, "negativeSelect"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@ExpectQueries(select = -1) on BadUseExtensionTest.Bad.negativeSelect():"
                        + " a query count must be 0 or more");
        assertThat(failure(results, "negativeMaxTotal"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@MaxQueries(total = -3) on BadUseExtensionTest.Bad.negativeMaxTotal():"
                        + " a query count must be 0 or more");
    }

    @Test
    void aBadAnnotationOnTheClassIsNamedAsOnTheClass() {
        assertThat(failure(onClass, "inheritsTheBadAnnotation"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@ExpectQueries(insert = -2) on BadUseExtensionTest.BadOnClass:"
                        + " a query count must be 0 or more");
    }

    @Test
    void expectQueriesWithoutACounterIsAConfigurationError() {
        assertThat(failure(results, "expectNothing"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@ExpectQueries on BadUseExtensionTest.Bad.expectNothing() names no counter: say what to"
                        + " expect, as in @ExpectQueries(select = 2, insert = 1), or use"
                        + " @ExpectQueries(strict = true) for a test that runs no query at all");
    }

    @Test
    void maxQueriesWithoutACounterIsAConfigurationError() {
        assertThat(failure(results, "maxNothing"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@MaxQueries on BadUseExtensionTest.Bad.maxNothing() names no counter: say what the"
                        + " limit is, as in @MaxQueries(total = 5) or @MaxQueries(select = 3)");
    }

    @Test
    void aLoopThresholdBelowTwoIsAConfigurationError() {
        assertThat(failure(results, "nPlusOneThresholdOne"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@NoNPlusOne(threshold = 1) on BadUseExtensionTest.Bad.nPlusOneThresholdOne():"
                        + " the threshold must be 2 or more (a loop is at least two executions from one line)");
        assertThat(failure(results, "batchableThresholdZero"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@NoBatchableDml(threshold = 0) on BadUseExtensionTest.Bad.batchableThresholdZero():"
                        + " the threshold must be 2 or more");
    }

    @Test
    void aBudgetBelowOneMillisecondIsAConfigurationError() {
        assertThat(failure(results, "zeroBudget"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SlowQueryBudget(millis = 0) on BadUseExtensionTest.Bad.zeroBudget():"
                        + " the budget must be at least 1 ms");
        assertThat(failure(results, "negativeBudget"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SlowQueryBudget(millis = -5) on BadUseExtensionTest.Bad.negativeBudget():"
                        + " the budget must be at least 1 ms");
    }

    @Test
    void oneBadCounterAmongGoodOnesIsStillAConfigurationError() {
        assertThat(failure(results, "oneBadAmongGood"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@ExpectQueries(delete = -1) on BadUseExtensionTest.Bad.oneBadAmongGood():"
                        + " a query count must be 0 or more");
    }

    // ------------------------------------------------------------------ nothing captures queries (fresh JVM)

    @Test
    void withoutAWrappedDataSourceOrTheAgentTheFailureSaysHowToCaptureQueries(@TempDir Path dir) throws Exception {
        Map<String, String> outcome = runNoCaptureMain(dir);

        assertThat(outcome.get("CAPTURE_INSTALLED")).as("the fresh JVM never wrapped a DataSource").isEqualTo("false");

        String test = outcome.get("TEST_expectsOneSelect");
        assertThat(test).as("the @ExpectQueries(select = 1) fixture").startsWith("FAILED|");
        assertNoCaptureExplanation(test, "NoCaptureMain.Unwrapped.expectsOneSelect()");

        String block = outcome.get("BLOCK");
        assertThat(block).as("QueryHound.expect(select(1)).during(...)")
                .startsWith("THREW|java.lang.IllegalStateException|");
        assertNoCaptureExplanation(block, "NoCaptureMain.main()");

        assertThat(outcome.get("TEST_failsOnItsOwn"))
                .isEqualTo("FAILED|java.lang.IllegalStateException|the test's own failure");
    }

    /** A test that only asks for its Scope expects nothing: there is nothing QueryHound could fail to check. */
    @Test
    void withoutCaptureATestThatExpectsNothingStillPasses(@TempDir Path dir) throws Exception {
        assertThat(runNoCaptureMain(dir).get("TEST_onlyWantsTheScope")).isEqualTo("SUCCESSFUL||");
    }

    private static void assertNoCaptureExplanation(String outcome, String name) {
        String[] parts = outcome.split("\\|", 3);
        assertThat(parts).hasSize(3);
        // A configuration problem, not a failed expectation.
        assertThat(parts[1]).isIn(IllegalStateException.class.getName(),
                ExtensionConfigurationException.class.getName());
        assertThat(parts[2])
                .contains(name)
                .contains("nothing in this JVM captures JDBC queries")
                .contains("QueryHound.wrap(dataSource)");
    }

    private static Map<String, String> noCaptureOutcome;

    /** Runs {@link NoCaptureMain} once in a new JVM and returns its lines by key. */
    private static synchronized Map<String, String> runNoCaptureMain(Path dir) throws Exception {
        if (noCaptureOutcome == null) {
            noCaptureOutcome = fork(dir);
        }
        return noCaptureOutcome;
    }

    /** The user did wrap, but QueryHound is switched off: the explanation must say that, not "wrap it". */
    @Test
    void switchedOffQueryHoundIsNamedAsTheReasonNothingIsCaptured(@TempDir Path dir) throws Exception {
        Map<String, String> outcome = fork(dir, "-Dqueryhound.enabled=false", "-DnoCapture.wrapFirst=true");
        assertThat(outcome.get("CAPTURE_INSTALLED")).isEqualTo("false");
        for (String key : new String[] {"TEST_expectsOneSelect", "BLOCK"}) {
            assertThat(outcome.get(key)).as(key)
                    .contains("|java.lang.IllegalStateException|")
                    .contains("QueryHound is switched off in this JVM (enabled=false")
                    .contains("Remove that setting for the tests.");
        }
    }

    private static Map<String, String> fork(Path dir, String... properties) throws Exception {
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dqueryhound.output=none"));
        command.addAll(List.of(properties));
        command.add(NoCaptureMain.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("QUERYHOUND_"));
        builder.environment().remove("JAVA_TOOL_OPTIONS"); // no agent sneaks in
        Process process = builder.start();
        boolean exited;
        try {
            exited = process.waitFor(60, TimeUnit.SECONDS);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String report = "\nchild stdout:\n" + out + "\nchild stderr:\n" + Files.readString(stderr, StandardCharsets.UTF_8);
        if (!exited) {
            fail("the child JVM did not exit within 60 s" + report);
        }
        assertThat(process.exitValue()).as("child exit code" + report).isZero();
        assertThat(out).as("child output" + report).contains("DONE");
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : out.split("\\R")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                lines.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return lines;
    }

    // ------------------------------------------------------------------ fixtures

    static class Bad {
        static final DataSource DB = database("create table item(id int)");
        static final AtomicInteger BODIES = new AtomicInteger();

        static void body() {
            BODIES.incrementAndGet();
            query(DB, "select id from item");
        }

        @Test
        @ExpectQueries(select = -1)
        void negativeSelect() {
            body();
        }

        @Test
        @MaxQueries(total = -3)
        void negativeMaxTotal() {
            body();
        }

        @Test
        @ExpectQueries(select = 1, delete = -1)
        void oneBadAmongGood() {
            body();
        }

        @Test
        @ExpectQueries
        void expectNothing() {
            body();
        }

        @Test
        @MaxQueries
        void maxNothing() {
            body();
        }

        @Test
        @NoNPlusOne(threshold = 1)
        void nPlusOneThresholdOne() {
            body();
        }

        @Test
        @NoBatchableDml(threshold = 0)
        void batchableThresholdZero() {
            body();
        }

        @Test
        @SlowQueryBudget(millis = 0)
        void zeroBudget() {
            body();
        }

        @Test
        @SlowQueryBudget(millis = -5)
        void negativeBudget() {
            body();
        }
    }

    @ExpectQueries(insert = -2)
    static class BadOnClass {
        @Test
        void inheritsTheBadAnnotation() {
            Bad.body();
        }
    }
}
