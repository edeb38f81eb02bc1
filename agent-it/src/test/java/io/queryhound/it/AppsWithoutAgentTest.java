package io.queryhound.it;

import io.queryhound.it.apps.AppSupport;
import io.queryhound.it.apps.NightlyJobApp;
import io.queryhound.it.apps.WrappedHttpServerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The applications on their own, without the agent, on the current JDK: they must answer every request and run the
 * statements the agent tests count on, or those tests would prove nothing. These pass whatever the agent does.
 */
class AppsWithoutAgentTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ShopApp.class)
    void shopAppAnswersEveryRequestAndRunsTheExpectedStatements(ShopApp app) {
        ChildRun run = AgentRuns.withoutAgent(app.main, Jdk.CURRENT).assertExitedNormally();
        assertShop(run, app);
        run.verify(() -> {
            assertThat(run.agentStderrLines()).as("[queryhound] lines without the agent").isEmpty();
            assertThat(run.outputFileExists()).as("an output file without the agent").isFalse();
            assertThat(run.stdoutValue("BRIDGE_BOOT")).as("agent bridge on the boot loader").isEqualTo("absent");
        });
    }

    @Test
    void wrappingAppWorksWithProxyCoreOnItsClassPath() {
        Jdk.CURRENT.java();
        ChildRun run = Runs.get("WrappedHttpServerApp-plain-CURRENT", () -> AgentJvm.app(WrappedHttpServerApp.class)
                .proxyCoreOnClassPath().named("WrappedHttpServerApp-plain-CURRENT").run()).assertExitedNormally();
        assertShop(run, ShopApp.HTTP_SERVER);
        run.verify(() -> assertThat(run.stdoutValue("WRAPPED")).as("what QueryHound.wrap returned")
                .isEqualTo("wrapper unwrapsToPool=true"));
    }

    @Test
    void nightlyJobRunsTheExpectedStatements() {
        ChildRun run = AgentRuns.withoutAgent(NightlyJobApp.class, Jdk.CURRENT).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutLines("JOB_RUN")).containsExactly("1 orders=10", "2 orders=10");
            assertThat(executions(run, "select name from customer where id = ?")).isEqualTo(2L * AppSupport.ORDERS);
            assertThat(executions(run, "select id, customer_id from orders order by id")).isEqualTo(2L);
            assertThat(executions(run, "insert into job_log (run_no, order_id, line) values (?, ?, ?)"))
                    .isEqualTo(2L * AppSupport.ORDERS);
            assertThat(executions(run, "select count(*) from job_log")).isEqualTo(2L);
            assertThat(executions(run, "select total from orders where id = ?")).isEqualTo(NightlyJobApp.AUDITED_ORDERS);
            assertThat(run.stdoutValue("BRIDGE_BOOT")).isEqualTo("absent");
        });
    }

    @Test
    void childClassPathHasNeitherTheAgentNorProxyCore() {
        assertThat(AgentJvm.applicationClassPath(false))
                .as("child class path")
                .noneMatch(entry -> entry.contains("proxy-core"))
                .noneMatch(entry -> entry.contains("queryhound-agent"))
                .noneMatch(entry -> entry.contains("/agent/target"))
                .noneMatch(entry -> entry.contains("surefire"))
                .anyMatch(entry -> entry.endsWith("test-classes"))
                .anyMatch(entry -> entry.contains("hibernate-core"));
        assertThat(AgentJvm.applicationClassPath(true)).as("class path of the app that uses the library")
                .anyMatch(entry -> entry.contains("proxy-core"));
    }

    private static void assertShop(ChildRun run, ShopApp app) {
        run.verify(() -> {
            assertThat(run.stdoutLines("HTTP")).as("HTTP lines").containsExactlyElementsOf(app.expectedHttpLines());
            assertThat(H2Statements.find(run, "lookup", app.lookupSql).executions()).as("customer lookups")
                    .isEqualTo((long) ShopApp.ORDERS_REQUESTS * app.lookupsPerOrdersRequest);
            assertThat(H2Statements.find(run, "orders", app.ordersSql).executions()).as("orders queries")
                    .isEqualTo(ShopApp.ORDERS_REQUESTS);
            assertThat(H2Statements.find(run, "customers", app.customersSql).executions()).as("customers queries")
                    .isEqualTo(ShopApp.CUSTOMERS_REQUESTS);
        });
    }

    private static long executions(ChildRun run, String sql) {
        return H2Statements.find(run, sql, H2Statements.exactly(sql)).executions();
    }
}
