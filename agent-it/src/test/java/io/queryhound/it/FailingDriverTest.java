package io.queryhound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.SqlFingerprint;
import io.queryhound.it.apps.failing.FailingDriverApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.queryhound.it.apps.failing.FailingDriverApp.H2_DUPLICATE_KEY;
import static io.queryhound.it.apps.failing.FailingDriverApp.H2_MISSING_TABLE;
import static io.queryhound.it.apps.failing.FailingDriverApp.H2_SYNTAX_ERROR;
import static io.queryhound.it.apps.failing.FailingDriverApp.VENDOR_BATCH;
import static io.queryhound.it.apps.failing.FailingDriverApp.VENDOR_EXECUTE;
import static io.queryhound.it.apps.failing.FailingDriverApp.VENDOR_PREPARED;
import static io.queryhound.it.apps.failing.FailingDriverApp.VENDOR_QUERY;
import static io.queryhound.it.apps.failing.FailingDriverApp.VENDOR_UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements the driver rejects, and the casts, {@code instanceof} checks and {@code unwrap} calls applications
 * make: with the agent, the application sees exactly what it sees without it (the same exception objects' class,
 * message, SQLState and code; the same objects behind every cast), and the agent counts each failed execution as
 * an error.
 */
class FailingDriverTest {

    private static final String[] SETTINGS = {"statsIntervalSeconds=3600", "slowQueryMillis=250"};

    /** Executions and failures of each statement, as {@link FailingDriverApp} runs them. */
    private static final Map<String, long[]> EXECUTIONS_AND_ERRORS = new LinkedHashMap<>();

    static {
        EXECUTIONS_AND_ERRORS.put(H2_MISSING_TABLE, new long[] {1, 1});
        EXECUTIONS_AND_ERRORS.put(H2_SYNTAX_ERROR, new long[] {1, 1});
        EXECUTIONS_AND_ERRORS.put(H2_DUPLICATE_KEY, new long[] {3, 2});
        EXECUTIONS_AND_ERRORS.put(VENDOR_QUERY, new long[] {1, 1});
        EXECUTIONS_AND_ERRORS.put(VENDOR_UPDATE, new long[] {1, 1});
        EXECUTIONS_AND_ERRORS.put(VENDOR_EXECUTE, new long[] {1, 1});
        EXECUTIONS_AND_ERRORS.put(VENDOR_PREPARED, new long[] {3, 3});
        // One executeBatch of two rows: counted once.
        EXECUTIONS_AND_ERRORS.put(VENDOR_BATCH, new long[] {1, 1});
    }

    private static ChildRun withAgent(Jdk jdk) {
        jdk.java();
        String name = "FailingDriverApp-agent-" + jdk.name();
        return Runs.get(name, () -> AgentJvm.app(FailingDriverApp.class).on(jdk).agent(SETTINGS).named(name).run());
    }

    private static ChildRun withoutAgent(Jdk jdk) {
        return AgentRuns.withoutAgent(FailingDriverApp.class, jdk);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void withoutTheAgentTheDriversRejectWhatTheyShould(Jdk jdk) {
        ChildRun run = withoutAgent(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutLines("NO_EXC")).as("statements that should have failed but did not").isEmpty();
            assertThat(run.stdoutLines("EXC")).as("EXC lines").extracting(line -> line.substring(0, line.indexOf(' ')))
                    .containsExactly(
                            "org.h2.jdbc.JdbcSQLSyntaxErrorException",
                            "org.h2.jdbc.JdbcSQLSyntaxErrorException",
                            "org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException",
                            "org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException",
                            "io.queryhound.it.apps.failing.FailingDriverException",
                            "io.queryhound.it.apps.failing.FailingDriverException",
                            "io.queryhound.it.apps.failing.FailingDriverException",
                            "io.queryhound.it.apps.failing.FailingDriverException",
                            "io.queryhound.it.apps.failing.FailingDriverException",
                            "io.queryhound.it.apps.failing.FailingDriverException",
                            "io.queryhound.it.apps.failing.FailingDriverException");
            assertThat(run.stdoutLines("EXC")).as("vendor EXC lines").filteredOn(line -> line.contains("Failing"))
                    .allMatch(line -> line.endsWith(" | XF001 | 4711"));
            assertThat(run.stdoutLines("CHECK")).as("CHECK lines whose answer is false")
                    .filteredOn(line -> line.endsWith(" = false"))
                    .containsExactly("raw stmt instanceof JdbcPreparedStatement = false");
            assertThat(run.stdoutLines("CHECK")).as("CHECK lines").hasSize(29);
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void exceptionsReachTheApplicationUnchanged(Jdk jdk) {
        List<String> expected = withoutAgent(jdk).assertExitedNormally().stdoutLines("EXC");
        ChildRun run = withAgent(jdk).assertExitedNormally();
        run.verify(() -> assertThat(run.stdoutLines("EXC"))
                .as("EXC lines (class | message | SQLState | error code) with the agent, against those without it")
                .containsExactlyElementsOf(expected));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void castsInstanceofAndUnwrapBehaveAsWithoutTheAgent(Jdk jdk) {
        List<String> expected = withoutAgent(jdk).assertExitedNormally().stdoutLines("CHECK");
        ChildRun run = withAgent(jdk).assertExitedNormally();
        run.verify(() -> assertThat(run.stdoutLines("CHECK"))
                .as("CHECK lines with the agent, against those without it")
                .containsExactlyElementsOf(expected));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void failedExecutionsAreCountedAsErrors(Jdk jdk) {
        ChildRun run = withAgent(jdk).assertExitedNormally();
        run.verify(() -> {
            Map<String, JsonNode> statistics = run.summaryStatistics();
            for (Map.Entry<String, long[]> statement : EXECUTIONS_AND_ERRORS.entrySet()) {
                String sql = statement.getKey();
                JsonNode record = statistics.get(SqlFingerprint.of(sql).id());
                assertThat(record).as("summary statistics record of %s", sql).isNotNull();
                assertThat(record.path("count").asLong(-1)).as("count of %s", record).isEqualTo(statement.getValue()[0]);
                assertThat(record.path("errors").asLong(-1)).as("errors of %s", record)
                        .isEqualTo(statement.getValue()[1]);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void agentAnnouncesItsNonDefaultSettings(Jdk jdk) {
        ChildRun run = withAgent(jdk).assertExitedNormally();
        run.verify(() -> AgentBanner.assertAnnounced(run, SETTINGS));
    }
}
