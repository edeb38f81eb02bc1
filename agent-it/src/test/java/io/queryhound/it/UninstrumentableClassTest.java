package io.queryhound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.SqlFingerprint;
import io.queryhound.it.apps.AppSupport;
import io.queryhound.it.apps.OversizedStatementApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.queryhound.it.ChildRun.text;
import static io.queryhound.it.apps.OversizedStatementApp.COMPACT_CLASS;
import static io.queryhound.it.apps.OversizedStatementApp.COMPACT_INCREMENTS;
import static io.queryhound.it.apps.OversizedStatementApp.COMPACT_SQL;
import static io.queryhound.it.apps.OversizedStatementApp.OVERSIZED_CLASS;
import static io.queryhound.it.apps.OversizedStatementApp.OVERSIZED_INCREMENTS;
import static io.queryhound.it.apps.OversizedStatementApp.OVERSIZED_SQL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's promise for a class it cannot instrument: the application runs uninstrumented for that class, and one
 * warning line says so. {@link OversizedStatementApp} generates a {@code java.sql.Statement} whose
 * {@code executeUpdate(String)} has so much code that the agent's advice pushes it over the JVM's 64 KB limit (a real
 * failure inside the agent's Byte Buddy, not a simulated one), next to a compact twin made the same way, which the
 * agent does instrument: that the twin is captured is what makes the oversized statement's absence from the output
 * mean something. The run without the agent shows that the application's results do not depend on the agent.
 */
class UninstrumentableClassTest {

    /** The agent's warning for a class it could not instrument, up to the error it names in parentheses. */
    private static final String WARNING =
            "[queryhound] WARN " + OVERSIZED_CLASS + " could not be instrumented and runs without QueryHound (";
    /** The JVM's limit on a method's code (JVMS 4.7.3: code_length must be less than 65536). */
    private static final int CODE_LIMIT = 65_535;
    /**
     * The most room the oversized method may leave below {@link #CODE_LIMIT}: well under the about 70 bytes the
     * agent's advice adds to an {@code executeUpdate(String)}, so that its failure does not hang on a few bytes.
     */
    private static final int MAX_ROOM = 32;

    private static final String OVERSIZED = SqlFingerprint.of(OVERSIZED_SQL).id();
    private static final String COMPACT = SqlFingerprint.of(COMPACT_SQL).id();
    private static final String ORDERS = SqlFingerprint.of(OversizedStatementApp.ORDERS_QUERY).id();
    private static final String LOOKUP = SqlFingerprint.of(OversizedStatementApp.LOOKUP_QUERY).id();

    private static ChildRun withAgent(Jdk jdk) {
        return AgentRuns.withAgent(OversizedStatementApp.class, jdk);
    }

    private static ChildRun withoutAgent(Jdk jdk) {
        return AgentRuns.withoutAgent(OversizedStatementApp.class, jdk);
    }

    /** The UPDATE lines the app must print: each statement's result, {@link OversizedStatementApp#CALLS} times. */
    private static List<String> expectedUpdates() {
        List<String> lines = new ArrayList<>();
        for (int call = 0; call < OversizedStatementApp.CALLS; call++) {
            lines.add(OVERSIZED_CLASS + " "
                    + OversizedStatementApp.expectedResult(OVERSIZED_INCREMENTS, OVERSIZED_SQL));
            lines.add(COMPACT_CLASS + " " + OversizedStatementApp.expectedResult(COMPACT_INCREMENTS, COMPACT_SQL));
        }
        return lines;
    }

    /** Without the agent the generated classes load, pass the verifier and compute their results. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void withoutTheAgentTheGeneratedStatementsWork(Jdk jdk) {
        ChildRun run = withoutAgent(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutLines("UPDATE")).as("UPDATE lines").containsExactlyElementsOf(expectedUpdates());
            assertThat(run.stdoutValue("NAMES")).as("the N+1's lookups and the names they found")
                    .isEqualTo(AppSupport.ORDERS + " Customer 1,Customer 2,Customer 3,Customer 4,Customer 5");
            assertThat(run.stderr()).as("stderr without the agent").doesNotContain("[queryhound]");
        });
    }

    /**
     * The oversized method really is near the limit, with less room left than the agent's advice needs; the compact
     * one is far from it. Measured by the app, not assumed from the instruction count.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void oversizedMethodIsJustUnderTheJvmLimit(Jdk jdk) {
        ChildRun run = withoutAgent(jdk).assertExitedNormally();
        run.verify(() -> {
            List<String> generated = run.stdoutLines("GENERATED");
            assertThat(generated).as("GENERATED lines").hasSize(2);
            assertThat(generated.get(0)).as("the oversized class's line").startsWith(OVERSIZED_CLASS + " ");
            int oversizedBytes = Integer.parseInt(generated.get(0).substring(OVERSIZED_CLASS.length() + 1));
            assertThat(oversizedBytes).as("code bytes of %s.executeUpdate", OVERSIZED_CLASS)
                    .isBetween(CODE_LIMIT - MAX_ROOM, CODE_LIMIT);
            assertThat(generated.get(1)).as("the compact class's line").startsWith(COMPACT_CLASS + " ");
            int compactBytes = Integer.parseInt(generated.get(1).substring(COMPACT_CLASS.length() + 1));
            assertThat(compactBytes).as("code bytes of %s.executeUpdate", COMPACT_CLASS).isLessThan(100);
        });
    }

    /** With the agent, the application prints exactly what it prints without it, and that is the right answer. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void applicationResultsAreTheSameAsWithoutTheAgent(Jdk jdk) {
        ChildRun plain = withoutAgent(jdk).assertExitedNormally();
        ChildRun run = withAgent(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutLines("UPDATE")).as("UPDATE lines with the agent")
                    .containsExactlyElementsOf(expectedUpdates());
            for (String tag : List.of("GENERATED", "UPDATE", "NAMES")) {
                assertThat(run.stdoutLines(tag)).as("%s lines with the agent, against those without it", tag)
                        .isNotEmpty()
                        .containsExactlyElementsOf(plain.stdoutLines(tag));
            }
        });
    }

    /**
     * Exactly one warning, naming the class and ASM's reason; besides it only the agent's start line. The compact
     * twin, instrumented, is named nowhere.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void oneWarningLineNamesTheClass(Jdk jdk) {
        ChildRun run = withAgent(jdk).assertExitedNormally();
        run.verify(() -> {
            List<String> problems = run.agentStderrLines().stream()
                    .filter(line -> line.startsWith("[queryhound] WARN") || line.startsWith("[queryhound] ERROR"))
                    .toList();
            assertThat(problems).as("stderr lines beginning [queryhound] WARN or [queryhound] ERROR").hasSize(1);
            String warning = problems.get(0);
            assertThat(warning).as("the warning").startsWith(WARNING).endsWith(")")
                    .contains("Method too large")
                    .contains(OVERSIZED_CLASS.replace('.', '/') + ".executeUpdate");
            List<String> others = new ArrayList<>(run.agentStderrLines());
            others.remove(warning);
            assertThat(others).as("the other stderr lines beginning [queryhound]").hasSize(1);
            assertThat(others.get(0)).as("the agent's start line").startsWith("[queryhound] agent ");
            assertThat(run.stderr()).as("stderr").doesNotContain(COMPACT_CLASS);
            assertThat(Collections.frequency(run.stderr().lines().toList(), warning))
                    .as("occurrences of the warning line on stderr").isEqualTo(1);
        });
    }

    /**
     * The oversized statement's executions are nowhere in the agent's output, whereas its compact twin's, called as
     * often in the same way, are counted exactly: the agent saw both classes and lost only the one it could not
     * instrument.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void oversizedStatementRunsUninstrumented(Jdk jdk) {
        ChildRun run = withAgent(jdk).assertExitedNormally();
        run.verify(() -> {
            JsonNode compact = run.summaryStatistics().get(COMPACT);
            assertThat(compact).as("summary statistics record of %s", COMPACT_SQL).isNotNull();
            assertThat(compact.path("count").asLong(-1)).as("count of %s", compact)
                    .isEqualTo(OversizedStatementApp.CALLS);
            assertThat(run.summaryStatistics()).as("summary statistics by fingerprint").doesNotContainKey(OVERSIZED);
            assertThat(run.records(record -> OVERSIZED.equals(text(record, "fingerprint"))
                    || record.toString().contains("oversized_counter") || record.toString().contains(OVERSIZED_CLASS)))
                    .as("records about %s or its SQL (%s)", OVERSIZED_CLASS, OVERSIZED_SQL).isEmpty();
        });
    }

    /** Everything else is captured as usual: H2's own counts agree with the agent's, and the N+1 is found. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void restOfTheApplicationIsStillCaptured(Jdk jdk) {
        ChildRun run = withAgent(jdk).assertExitedNormally();
        run.verify(() -> {
            for (String sql : List.of(OversizedStatementApp.ORDERS_QUERY, OversizedStatementApp.LOOKUP_QUERY)) {
                H2Statements.Counted counted = H2Statements.find(run, sql, H2Statements.exactly(sql));
                JsonNode record = run.summaryStatistics().get(counted.fingerprint());
                assertThat(record).as("summary statistics record of %s", sql).isNotNull();
                assertThat(record.path("count").asLong(-1)).as("count of %s against H2's", record)
                        .isEqualTo(counted.executions());
            }
            assertThat(run.summaryStatistics().get(LOOKUP).path("count").asLong(-1)).as("lookups counted")
                    .isEqualTo(AppSupport.ORDERS);

            List<JsonNode> findings = run.findings("N_PLUS_ONE");
            assertThat(findings).as("N_PLUS_ONE findings").hasSize(1);
            JsonNode finding = findings.get(0);
            assertThat(text(finding, "fingerprint")).as("fingerprint of %s", finding).isEqualTo(LOOKUP);
            assertThat(text(finding, "scopeKind")).as("scopeKind of %s", finding).isEqualTo("implicit");
            assertThat(finding.path("count").asInt(-1)).as("count of %s", finding).isEqualTo(AppSupport.ORDERS);
            assertThat(finding.path("distinctParams").asInt(-1)).as("distinctParams of %s", finding)
                    .isEqualTo(AppSupport.CUSTOMERS);
            assertThat(text(finding.path("trigger"), "fingerprint")).as("trigger of %s", finding).isEqualTo(ORDERS);
            assertThat(text(finding, "callSite")).as("callSite of %s", finding)
                    .startsWith("io.queryhound.it.apps.OversizedStatementApp.customerNamesOfOrders(");
        });
    }
}
