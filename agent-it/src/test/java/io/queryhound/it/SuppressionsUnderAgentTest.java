package io.queryhound.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.it.apps.AppSupport;
import io.queryhound.it.apps.SuppressionApp;
import io.queryhound.junit.NoNPlusOne;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryHoundBaseline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.queryhound.it.ChildRun.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Suppressions and baselines with the agent: {@code @QueryHoundSuppress} in the application's own class loader,
 * {@code suppress.<label>} agent arguments by call-site pattern and by fingerprint, a suppressions file, and the whole
 * baseline round trip. A first run's output becomes a
 * baseline ({@code java -jar queryhound-agent.jar baseline write}); a second run adds a new N+1 and, with
 * {@code baseline=<file>}, marks every old finding baselined and only the new one not; {@code baseline diff} shows
 * the new one alone; and a JUnit suite judged against the same baseline fails on the new loop only. Bad
 * suppressions and a malformed baseline are reported once and the application runs to its end.
 */
class SuppressionsUnderAgentTest {

    private static final String REPORTS = SuppressionApp.Reports.class.getName();
    private static final String NAMES_REASON = "customer names are cached, judged fine";
    private static final String TOTALS_REASON = "totals come from a summary table next quarter";
    private static final String LARGEST_REASON = "five customers in this report";
    private static final String TOTALS_ID = SqlFingerprint.of(SuppressionApp.Reports.CUSTOMER_TOTAL, SqlDialect.H2).id();
    private static Path suppressionsFile;

    private static ChildRun first;
    private static ChildRun second;
    private static ChildRun broken;
    private static Path baseline;
    private static Cli write;
    private static Cli diff;

    /** One run of the agent jar's command line. */
    record Cli(int exitCode, String out, String err) {
    }

    private static AgentJvm app(String name, String... extraSettings) {
        // Slow queries and connections depend on the machine: only the loops are under test.
        List<String> settings = new ArrayList<>(List.of("statsIntervalSeconds=3600", "slowQueryMillis=600000",
                "slowConnectionMillis=600000",
                // A comma in the reason: agent arguments continue a value over parts without '='.
                "suppress.names=N_PLUS_ONE@" + REPORTS + ".customerNames -- " + NAMES_REASON,
                "suppress.bad=N_PLUS_ONE@io.queryhound.it.apps.*",
                "suppress.totals=N_PLUS_ONE:" + TOTALS_ID + " -- " + TOTALS_REASON,
                "suppressions=" + suppressionsFile));
        settings.addAll(List.of(extraSettings));
        return AgentJvm.app(SuppressionApp.class).agent(settings.toArray(String[]::new)).proxyCoreOnClassPath()
                .named(name);
    }

    @BeforeAll
    static void runFirstWriteBaselineRunSecond() throws Exception {
        suppressionsFile = AgentJvm.runsDirectory().resolve("SuppressionApp-files").resolve("suppressions.txt");
        Files.createDirectories(suppressionsFile.getParent());
        Files.writeString(suppressionsFile, "# reviewed 2026-11\nN_PLUS_ONE:"
                + SqlFingerprint.of(SuppressionApp.Reports.LARGEST_ORDER, SqlDialect.H2).id() + " -- " + LARGEST_REASON
                + "\n", StandardCharsets.UTF_8);
        first = app("SuppressionApp-first").run().assertExitedNormally();
        baseline = AgentJvm.runsDirectory().resolve("SuppressionApp-baseline").resolve("queryhound-baseline.json");
        Files.createDirectories(baseline.getParent());
        write = cli("baseline", "write", first.outputFile().toString());
        Files.writeString(baseline, write.out(), StandardCharsets.UTF_8);

        second = app("SuppressionApp-second", "baseline=" + baseline)
                .jvmOptions("-D" + SuppressionApp.NEW_LOOP + "=true").run().assertExitedNormally();
        diff = cli("baseline", "diff", baseline.toString(), second.outputFile().toString());

        Path brokenFile = baseline.resolveSibling("broken-baseline.json");
        Files.writeString(brokenFile, "{\"queryhound\": \"baseline\", \"schema\": 1, \"findings\": [", StandardCharsets.UTF_8);
        broken = app("SuppressionApp-broken-baseline", "baseline=" + brokenFile).run();
    }

    private static Cli cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Jdk.CURRENT.java().toString(), "-jar", AgentJvm.agentJar().toString()));
        command.addAll(List.of(args));
        Path directory = baseline.getParent();
        Path out = directory.resolve("cli-out.txt");
        Path err = directory.resolve("cli-err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Cli(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static JsonNode loopOf(ChildRun run, String method) {
        List<JsonNode> found = run.records(record -> "finding".equals(text(record, "record"))
                && "N_PLUS_ONE".equals(text(record, "type"))
                && String.valueOf(text(record, "callSite")).startsWith(REPORTS + "." + method + "("));
        assertThat(found).as("the N_PLUS_ONE finding of %s in %s", method, run.describe()).hasSize(1);
        return found.get(0);
    }

    @Test
    void theAnnotationInTheApplicationsClassLoaderSuppressesWithItsReason() {
        JsonNode regions = loopOf(first, "regionTotals");
        assertThat(regions.path("suppressed").asBoolean()).as("%s", regions).isTrue();
        assertThat(text(regions, "reason")).isEqualTo("five regions at most; reviewed in ticket 812");
        assertThat(text(regions, "suppressedBy")).isEqualTo("@QueryHoundSuppress on " + REPORTS + ".regionTotals()");
    }

    @Test
    void anAgentArgumentSuppressesByCallSitePattern() {
        JsonNode names = loopOf(first, "customerNames");
        assertThat(names.path("suppressed").asBoolean()).as("%s", names).isTrue();
        assertThat(text(names, "reason")).isEqualTo(NAMES_REASON);
        assertThat(text(names, "suppressedBy")).isEqualTo("suppress.names (from agent arguments)");
    }

    @Test
    void anAgentArgumentSuppressesByFingerprint() {
        JsonNode totals = loopOf(first, "customerTotals");
        assertThat(text(totals, "fingerprint")).isEqualTo(TOTALS_ID);
        assertThat(totals.path("suppressed").asBoolean()).as("%s", totals).isTrue();
        assertThat(text(totals, "reason")).isEqualTo(TOTALS_REASON);
        assertThat(text(totals, "suppressedBy")).isEqualTo("suppress.totals (from agent arguments)");
    }

    @Test
    void aLineOfASuppressionsFileSuppresses() {
        JsonNode largest = loopOf(first, "largestOrders");
        assertThat(largest.path("suppressed").asBoolean()).as("%s", largest).isTrue();
        assertThat(text(largest, "reason")).isEqualTo(LARGEST_REASON);
        assertThat(text(largest, "suppressedBy")).isEqualTo("suppressions file "
                + suppressionsFile.toAbsolutePath().normalize() + " line 2");
    }

    @Test
    void suppressionsWithoutReasonAreReportedOnceNamingWhereAndIgnored() {
        assertThat(loopOf(first, "blankReason").has("suppressed")).as("a blank reason suppresses nothing").isFalse();
        assertThat(loopOf(first, "orderCounts").has("suppressed")).as("suppress.bad suppresses nothing").isFalse();
        List<String> lines = first.agentStderrLines().stream().filter(line -> line.contains(" WARN ")).toList();
        assertThat(lines.stream().filter(line -> line.contains("suppress.bad"))).singleElement().asString()
                .contains("suppression suppress.bad='N_PLUS_ONE@io.queryhound.it.apps.*' in suppress.bad (from agent"
                        + " arguments) has no reason", "it is ignored");
        assertThat(lines.stream().filter(line -> line.contains("blankReason"))).singleElement().asString()
                .contains("@QueryHoundSuppress on " + REPORTS + ".blankReason() has no reason", "the annotation is ignored");
    }

    @Test
    void theBaselineIsWrittenFromTheFirstRunWithoutSuppressedFindings() {
        assertThat(write.exitCode()).as("%s", write).isZero();
        assertThat(write.out()).startsWith("{\n  \"queryhound\": \"baseline\",\n  \"schema\": 1,\n")
                .contains("\"callSite\":\"" + REPORTS + ".orderCounts\"", "\"callSite\":\"" + REPORTS + ".blankReason\"")
                .doesNotContain(REPORTS + ".regionTotals", REPORTS + ".customerNames", "Millis", "timestamp", "count\"");
    }

    @Test
    void withTheBaselineOnlyTheNewLoopIsNotBaselined() {
        assertThat(loopOf(second, "orderCounts").path("baselined").asBoolean()).isTrue();
        assertThat(loopOf(second, "blankReason").path("baselined").asBoolean()).isTrue();
        JsonNode added = loopOf(second, "orderTotals");
        assertThat(added.has("baselined")).as("%s", added).isFalse();
        assertThat(added.has("suppressed")).isFalse();
        assertThat(loopOf(second, "regionTotals").path("suppressed").asBoolean()).isTrue();
        List<JsonNode> unmarked = second.records(record -> "finding".equals(text(record, "record"))
                && !record.has("baselined") && !record.has("suppressed"));
        assertThat(unmarked).as("findings neither baselined nor suppressed").containsExactly(added);
    }

    @Test
    void baselineDiffShowsOnlyTheNewLoopAsNew() {
        assertThat(diff.exitCode()).as("%s", diff).isEqualTo(1);
        String out = diff.out();
        String newSection = out.substring(out.indexOf("New ("), out.indexOf("Fixed ("));
        assertThat(newSection).startsWith("New (1): ").contains("N_PLUS_ONE ", " at " + REPORTS + ".orderTotals");
        assertThat(out.substring(out.indexOf("Fixed ("), out.indexOf("Unchanged ("))).startsWith("Fixed (0)");
        assertThat(out.substring(out.indexOf("Unchanged ("))).contains(" at " + REPORTS + ".orderCounts");
    }

    @Test
    void aMalformedBaselineIsReportedOnceAndTheApplicationRunsToItsEnd() {
        broken.assertExitedNormally();
        assertThat(broken.agentStderrLines().stream().filter(line -> line.contains("baseline file")))
                .singleElement().asString().contains("broken-baseline.json", "is malformed",
                        "the baseline is ignored and every finding counts as new");
        assertThat(broken.records(record -> record.has("baselined"))).isEmpty();
    }

    // ---------------------------------------------------------------- the same baseline in a JUnit suite

    private static QueryHoundEngine engine;
    private static HikariDataSource pool;
    static SuppressionApp.Reports reports;

    /** The application's tests, run in library mode (no agent in this JVM) and judged against the run's baseline. */
    static class ReportTests {
        @Test
        @NoNPlusOne
        void knownLoop() throws SQLException {
            reports.orderCounts();
        }

        @Test
        @NoNPlusOne
        void newLoop() throws SQLException {
            reports.orderTotals();
        }
    }

    @AfterAll
    static void closeLibrary() {
        if (engine != null) {
            engine.close();
            pool.close();
        }
    }

    @Test
    void aJUnitSuiteJudgedAgainstTheBaselineFailsOnTheNewLoopOnly() throws SQLException {
        AppSupport database = AppSupport.openDatabase("suppression-junit");
        pool = database.pool("suppression-junit");
        AppSupport.createShop(pool);
        engine = QueryHound.builder().output("none").shutdownHook(false).build();
        reports = new SuppressionApp.Reports(engine.wrap(pool));

        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(QueryHoundBaseline.CONFIGURATION_PARAMETER, baseline.toString())
                .selectors(selectClass(ReportTests.class))
                .execute();

        List<Event> failed = results.testEvents().failed().list();
        assertThat(results.testEvents().succeeded().list()).singleElement()
                .satisfies(event -> assertThat(event.getTestDescriptor().getDisplayName()).isEqualTo("knownLoop()"));
        assertThat(failed).singleElement().satisfies(event -> {
            assertThat(event.getTestDescriptor().getDisplayName()).isEqualTo("newLoop()");
            Throwable thrown = event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
            assertThat(thrown).isInstanceOf(QueryExpectationError.class)
                    .hasMessageContaining(REPORTS + ".orderTotals(SuppressionApp.java:");
        });
    }
}
