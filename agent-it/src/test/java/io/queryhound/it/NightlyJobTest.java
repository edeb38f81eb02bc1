package io.queryhound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.SqlFingerprint;
import io.queryhound.it.apps.AppSupport;
import io.queryhound.it.apps.NightlyJobApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static io.queryhound.it.ChildRun.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch job with no HTTP in sight: {@code NightlyJob#run} (twice) and {@code NightlyJob#archive} are made scopes by
 * the {@code scopeMethods} setting, whose value holds a comma (the second method continues the first's value); the
 * rest of {@code main} lands in the main thread's implicit scope.
 */
class NightlyJobTest {

    private static final String RUN_SCOPE = "io.queryhound.it.apps.NightlyJob#run";
    private static final String ARCHIVE_SCOPE = "io.queryhound.it.apps.NightlyJob#archive";
    private static final String[] SETTINGS = {
        "statsIntervalSeconds=3600", "slowQueryMillis=250", "scopeMethods=" + RUN_SCOPE + "," + ARCHIVE_SCOPE};

    private static final String LOOKUP = SqlFingerprint.of("select name from customer where id = ?").id();
    private static final String DRIVER = SqlFingerprint.of("select id, customer_id from orders order by id").id();
    private static final String INSERT =
            SqlFingerprint.of("insert into job_log (run_no, order_id, line) values (?, ?, ?)").id();
    private static final String COUNT = SqlFingerprint.of("select count(*) from job_log").id();
    private static final String AUDIT = SqlFingerprint.of("select total from orders where id = ?").id();

    private static ChildRun run(Jdk jdk) {
        jdk.java();
        String name = "NightlyJobApp-agent-" + jdk.name();
        return Runs.get(name, () -> AgentJvm.app(NightlyJobApp.class).on(jdk).agent(SETTINGS).named(name).run());
    }

    private static List<JsonNode> findingsOf(ChildRun run, String type, String scope) {
        return run.findings(type).stream().filter(finding -> scope.equals(text(finding, "scope"))).toList();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void jobRunsToItsEnd(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutLines("JOB_RUN")).containsExactly("1 orders=10", "2 orders=10");
            assertThat(run.stdoutLines("ARCHIVE")).containsExactly("lines=20 checked=20");
            assertThat(run.stdoutLines("AUDIT")).containsExactly("sum=12.00");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void agentAnnouncesItsNonDefaultSettings(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> AgentBanner.assertAnnounced(run, "statsIntervalSeconds=3600", "slowQueryMillis=250",
                RUN_SCOPE, ARCHIVE_SCOPE));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void jobLoopIsAnNPlusOneOfTheMethodScope(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            List<JsonNode> findings = findingsOf(run, "N_PLUS_ONE", RUN_SCOPE);
            assertThat(findings).as("N_PLUS_ONE findings of scope %s", RUN_SCOPE).hasSize(1);
            JsonNode finding = findings.get(0);
            assertThat(text(finding, "scopeKind")).as("scopeKind of %s", finding).isEqualTo("method");
            assertThat(text(finding, "fingerprint")).as("fingerprint of %s", finding).isEqualTo(LOOKUP);
            assertThat(finding.path("count").asInt(-1)).as("count of %s", finding).isEqualTo(AppSupport.ORDERS);
            assertThat(finding.path("distinctParams").asInt(-1)).as("distinctParams of %s", finding)
                    .isEqualTo(AppSupport.CUSTOMERS);
            assertThat(text(finding, "callSite")).as("callSite of %s", finding)
                    .startsWith("io.queryhound.it.apps.NightlyJob.run(");
            assertThat(text(finding.path("trigger"), "fingerprint")).as("trigger of %s", finding).isEqualTo(DRIVER);
            assertThat(finding.path("trigger").path("rows").asInt(-1)).as("trigger rows of %s", finding)
                    .isEqualTo(AppSupport.ORDERS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void jobWriteLoopIsBatchable(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            List<JsonNode> findings = findingsOf(run, "BATCHABLE_DML", RUN_SCOPE);
            assertThat(findings).as("BATCHABLE_DML findings of scope %s", RUN_SCOPE).hasSize(1);
            JsonNode finding = findings.get(0);
            assertThat(text(finding, "scopeKind")).as("scopeKind of %s", finding).isEqualTo("method");
            assertThat(text(finding, "fingerprint")).as("fingerprint of %s", finding).isEqualTo(INSERT);
            assertThat(finding.path("count").asInt(-1)).as("count of %s", finding).isEqualTo(AppSupport.ORDERS);
            assertThat(text(finding, "callSite")).as("callSite of %s", finding)
                    .startsWith("io.queryhound.it.apps.NightlyJob.run(");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void secondJobRunIsSummarised(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            for (String type : List.of("N_PLUS_ONE", "BATCHABLE_DML")) {
                List<JsonNode> summaries = run.findingSummaries(type).stream()
                        .filter(summary -> RUN_SCOPE.equals(text(summary, "lastScope")))
                        .toList();
                assertThat(summaries).as("%s findingSummary records of %s", type, RUN_SCOPE).hasSize(1);
                JsonNode summary = summaries.get(0);
                assertThat(summary.path("occurrences").asInt(-1)).as("occurrences of %s", summary).isEqualTo(1);
                assertThat(summary.path("totalOccurrences").asInt(-1)).as("totalOccurrences of %s", summary)
                        .isEqualTo(2);
                assertThat(summary.path("count").asInt(-1)).as("count of %s", summary).isEqualTo(AppSupport.ORDERS);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void secondConfiguredMethodIsAScopeToo(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            List<JsonNode> findings = findingsOf(run, "REPEATED_QUERY", ARCHIVE_SCOPE);
            assertThat(findings).as("REPEATED_QUERY findings of scope %s", ARCHIVE_SCOPE).hasSize(1);
            JsonNode finding = findings.get(0);
            assertThat(text(finding, "scopeKind")).as("scopeKind of %s", finding).isEqualTo("method");
            assertThat(text(finding, "fingerprint")).as("fingerprint of %s", finding).isEqualTo(COUNT);
            assertThat(finding.path("count").asInt(-1)).as("count of %s", finding).isEqualTo(2);
            assertThat(finding.path("distinctParams").asInt(-1)).as("distinctParams of %s", finding).isEqualTo(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void queriesOutsideTheJobLandInTheImplicitScope(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        run.verify(() -> {
            List<JsonNode> implicit = run.findings().stream()
                    .filter(finding -> "implicit".equals(text(finding, "scopeKind")))
                    .toList();
            List<JsonNode> audit = implicit.stream()
                    .filter(finding -> "N_PLUS_ONE".equals(text(finding, "type")))
                    .toList();
            assertThat(audit).as("N_PLUS_ONE findings of implicit scopes").hasSize(1);
            JsonNode finding = audit.get(0);
            assertThat(text(finding, "fingerprint")).as("fingerprint of %s", finding).isEqualTo(AUDIT);
            assertThat(finding.path("count").asInt(-1)).as("count of %s", finding)
                    .isEqualTo(NightlyJobApp.AUDITED_ORDERS);
            assertThat(finding.path("distinctParams").asInt(-1)).as("distinctParams of %s", finding)
                    .isEqualTo(NightlyJobApp.AUDITED_ORDERS);
            assertThat(text(finding, "callSite")).as("callSite of %s", finding)
                    .startsWith("io.queryhound.it.apps.NightlyJobApp.auditTotals(");
            assertThat(text(finding, "thread")).as("thread of %s", finding).isEqualTo("main");
            assertThat(implicit).as("implicit-scope findings whose call site is in the job")
                    .noneMatch(f -> String.valueOf(text(f, "callSite")).startsWith("io.queryhound.it.apps.NightlyJob."));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void summaryStatisticsCountEveryStatementOnce(Jdk jdk) {
        ChildRun run = run(jdk).assertExitedNormally();
        StatementCounts.assertEveryStatementCountedOnce(run);
    }
}
