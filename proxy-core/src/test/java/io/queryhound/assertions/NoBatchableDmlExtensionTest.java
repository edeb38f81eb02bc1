package io.queryhound.assertions;

import io.queryhound.junit.ExpectQueries;
import io.queryhound.junit.NoBatchableDml;
import io.queryhound.junit.QueryExpectationError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failedRow;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.passedRow;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static io.queryhound.assertions.ExtensionFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code @NoBatchableDml}: writes in a loop fail with a batching fix; executeBatch passes. */
class NoBatchableDmlExtensionTest {

    private static EngineExecutionResults results;

    @BeforeAll
    static void runFixture() {
        results = run(Writes.class);
    }

    @Test
    void everyFixtureTestRan() {
        results.testEvents().assertStatistics(stats -> stats.started(7).succeeded(4).failed(3));
    }

    @Test
    void aLoopOfInsertsFailsWithTheBatchingFix() {
        Throwable thrown = failure(results, "loopOfThreeInserts");
        assertThat(thrown).isExactlyInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage())
                .startsWith("Query expectations failed in NoBatchableDmlExtensionTest.Writes.loopOfThreeInserts()\n")
                .containsPattern(failedRow("batchable", "none", 1))
                .contains("Statements by fingerprint (3 statements, 1 fingerprint, ")
                .containsPattern("(?m)^ +#1 x3 +INSERT [0-9a-f]{16}  BATCHABLE: one INSERT at a time, 3 times$")
                .contains("     insert into line (order_id, sku) values (?, ?)\n")
                .contains("     fix: Send the 3 statements in one round trip: addBatch() for each row and"
                        + " executeBatch() once, or one multi-row INSERT ... VALUES (...), (...).\n");
    }

    @Test
    void aLoopOfUpdatesFailsToo() {
        assertThat(failure(results, "loopOfTwoUpdates").getMessage())
                .containsPattern(failedRow("batchable", "none", 1))
                .contains("BATCHABLE: one UPDATE at a time, 2 times")
                .contains("addBatch() for each row and executeBatch() once");
    }

    @Test
    void oneExecuteBatchPasses() {
        assertPassed(results, "executeBatchOfThree", "singleInsert");
    }

    @Test
    void theThresholdIsHonoured() {
        assertPassed(results, "loopOfThreeUnderThresholdFour");
        assertThat(failure(results, "loopOfThreeAtThresholdThree").getMessage())
                .containsPattern(failedRow("batchable (>= 3)", "none", 1))
                .contains("BATCHABLE: one INSERT at a time, 3 times");
    }

    @Test
    void combinedWithCountsBothAreChecked() {
        assertPassed(results, "executeBatchCountedOnce");
    }

    static class Writes {
        static final DataSource DB = database("create table line(order_id int, sku varchar(20))");

        static void insertOneByOne(int n) {
            for (int i = 0; i < n; i++) {
                update(DB, "insert into line (order_id, sku) values (?, ?)", 1, "sku-" + i);
            }
        }

        static void insertBatch(int n) throws SQLException {
            try (Connection c = DB.getConnection();
                 PreparedStatement ps = c.prepareStatement("insert into line (order_id, sku) values (?, ?)")) {
                for (int i = 0; i < n; i++) {
                    ps.setInt(1, 2);
                    ps.setString(2, "sku-" + i);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(n);
            }
        }

        @Test
        @NoBatchableDml
        void loopOfThreeInserts() {
            insertOneByOne(3);
        }

        @Test
        @NoBatchableDml
        void loopOfTwoUpdates() {
            for (String sku : new String[]{"a", "b"}) {
                update(DB, "update line set sku = ? where order_id = ?", sku, 99);
            }
        }

        @Test
        @NoBatchableDml
        void executeBatchOfThree() throws SQLException {
            insertBatch(3);
        }

        @Test
        @NoBatchableDml
        void singleInsert() {
            insertOneByOne(1);
        }

        @Test
        @NoBatchableDml(threshold = 4)
        void loopOfThreeUnderThresholdFour() {
            insertOneByOne(3);
        }

        @Test
        @NoBatchableDml(threshold = 3)
        void loopOfThreeAtThresholdThree() {
            insertOneByOne(3);
        }

        @Test
        @NoBatchableDml
        @ExpectQueries(insert = 1)
        void executeBatchCountedOnce() throws SQLException {
            insertBatch(5);
        }
    }
}
