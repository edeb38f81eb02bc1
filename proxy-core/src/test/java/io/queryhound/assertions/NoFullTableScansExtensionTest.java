package io.queryhound.assertions;

import io.queryhound.QueryHound;
import io.queryhound.junit.NoFullTableScans;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failedRow;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.query;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static io.queryhound.junit.QueryAssertions.assertThat;
import static io.queryhound.junit.QueryExpectation.noFullTableScans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @NoFullTableScans} and {@code noFullTableScans(minRows)} against a real H2 with a 20,000-row table:
 * every distinct SELECT the test ran is explained after it; one that reads the large table in full fails
 * the test with its plan and the index that would avoid it, while lookups by key and scans of a small
 * table pass.
 *
 * <p>Runs in library mode and again under {@code -javaagent} (agent-it's shared suite): there the agent hands
 * over the outermost DataSource of each connection and the values bound to each statement, and the EXPLAIN's
 * own JDBC calls are kept out of the recording.
 */
class NoFullTableScansExtensionTest {

    static final DataSource DB = database(
            "create table orders (id bigint primary key, customer_id int, total int)",
            "insert into orders select x, mod(x, 1000), mod(x, 500) from system_range(1, 20000)",
            "create table region (id int primary key, name varchar(20))",
            "insert into region select x, 'r' || x from system_range(1, 100)");

    private static EngineExecutionResults results;

    @BeforeAll
    static void runFixture() {
        results = run(Scans.class);
    }

    @Test
    void everyFixtureTestRan() {
        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
    }

    @Test
    void aFullScanOfALargeTableFailsWithPlanAndIndex() {
        Throwable thrown = failure(results, "byUnindexedColumn");
        assertThat(thrown).isExactlyInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage())
                .startsWith("Query expectations failed in NoFullTableScansExtensionTest.Scans.byUnindexedColumn()\n")
                .containsPattern(failedRow("full table scans (> 10000 rows)", "none", 1))
                .contains("  FULL SCAN: 2x select id, total from orders where customer_id = ?\n",
                        "    plan: full scan of PUBLIC.ORDERS (20000 rows)\n",
                        "    fix: orders: CREATE INDEX qh_orders_customer_id ON orders (customer_id)",
                        // the statements block below still says which lines ran it
                        "<- io.queryhound.assertions.NoFullTableScansExtensionTest$Scans.byUnindexedColumn(");
    }

    @Test
    void aHigherMinRowsLetsTheSameScanPass() {
        assertPassed(results, "sameScanUnderAHigherMinRows", "byKeyAndSmallTable");
    }

    @Test
    void onlyTheScanningStatementCounts() {
        assertThat(failure(results, "oneOfThree").getMessage())
                .containsPattern(failedRow("full table scans (> 10000 rows)", "none", 1))
                .contains("FULL SCAN: 1x select count(*) from orders where total > ?")
                .doesNotContain("FULL SCAN: 1x select id from orders where id = ?");
    }

    @Test
    void blockApiExplainsEveryDistinctSelectOfTheBlock() {
        assertThatThrownBy(() -> QueryHound.expect(noFullTableScans(10_000))
                .during(() -> query(DB, "select id from orders where total = ?", 7)))
                .isInstanceOf(QueryExpectationError.class)
                .hasMessageContaining("full scan of PUBLIC.ORDERS (20000 rows)")
                .hasMessageContaining("CREATE INDEX qh_orders_total ON orders (total)");

        QueryLog log = QueryHound.record(() -> query(DB, "select name from region where name = ?", "r1")
                + query(DB, "select total from orders where id = ?", 5));
        assertThat(log).hasNoFullTableScans(10_000);
        assertThat(log.plan(log.statements().get(0).fingerprint(), 10).fullScans())
                .as("a 100-row table read in full counts under minRows = 10").isNotEmpty();
    }

    static class Scans {

        @Test
        @NoFullTableScans(minRows = 10_000)
        void byUnindexedColumn() {
            query(DB, "select id, total from orders where customer_id = ?", 1);
            query(DB, "select id, total from orders where customer_id = ?", 2);
        }

        @Test
        @NoFullTableScans(minRows = 50_000)
        void sameScanUnderAHigherMinRows() {
            query(DB, "select id, total from orders where customer_id = ?", 1);
        }

        @Test
        @NoFullTableScans
        void byKeyAndSmallTable() {
            query(DB, "select id from orders where id = ?", 1);
            query(DB, "select name from region where name = ?", "r5");
        }

        @Test
        @NoFullTableScans
        void oneOfThree() {
            query(DB, "select id from orders where id = ?", 1);
            query(DB, "select count(*) from orders where total > ?", 3);
            query(DB, "select name from region where id = ?", 2);
        }
    }
}
