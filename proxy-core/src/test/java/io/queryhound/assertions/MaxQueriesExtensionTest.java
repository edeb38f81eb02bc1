package io.queryhound.assertions;

import io.queryhound.junit.MaxQueries;
import io.queryhound.junit.QueryExpectationError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failedRow;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.passedRow;
import static io.queryhound.assertions.ExtensionFixtures.query;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static io.queryhound.assertions.ExtensionFixtures.table;
import static io.queryhound.assertions.ExtensionFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code @MaxQueries}: limits in total and per kind, shown as {@code <= n} in the failure. */
class MaxQueriesExtensionTest {

    private static EngineExecutionResults results;

    @BeforeAll
    static void runFixture() {
        results = run(Limits.class);
    }

    @Test
    void everyFixtureTestRan() {
        results.testEvents().assertStatistics(stats -> stats.started(7).succeeded(4).failed(3));
    }

    @Test
    void atTheLimitOrBelowPasses() {
        assertPassed(results, "fiveOfFive", "threeOfFive", "noneOfFive");
    }

    @Test
    void overTheTotalLimitFailsShowingTheLimit() {
        Throwable thrown = failure(results, "sixOfFive");
        assertThat(thrown).isExactlyInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage())
                .startsWith("Query expectations failed in MaxQueriesExtensionTest.Limits.sixOfFive()\n")
                .containsPattern(failedRow("total", "<= 5", 6))
                .contains("Statements by fingerprint (6 statements, 2 fingerprints, ");
    }

    @Test
    void perKindLimitsOnlyLookAtTheirKind() {
        assertPassed(results, "manyInsertsButFewSelects");
        String message = failure(results, "threeSelectsOverTwo").getMessage();
        assertThat(message)
                .containsPattern(failedRow("select", "<= 2", 3))
                .containsPattern(passedRow("insert", "<= 4", 4));
        assertThat(table(message)).doesNotContainPattern("(?m)^ +total ");
    }

    @Test
    void aZeroLimitFailsOnTheFirstQuery() {
        assertThat(failure(results, "deleteOverZero").getMessage())
                .containsPattern(failedRow("delete", "<= 0", 1));
    }

    static class Limits {
        static final DataSource DB = database(
                "create table item(id int, name varchar(50))",
                "insert into item values (1, 'a'), (2, 'b')");

        static void selects(int n) {
            for (int i = 0; i < n; i++) {
                query(DB, "select name from item where id = ?", i);
            }
        }

        static void inserts(int n) {
            for (int i = 0; i < n; i++) {
                update(DB, "insert into item values (?, ?)", 100 + i, "n" + i);
            }
        }

        @Test
        @MaxQueries(total = 5)
        void fiveOfFive() {
            selects(3);
            inserts(2);
        }

        @Test
        @MaxQueries(total = 5)
        void threeOfFive() {
            selects(3);
        }

        @Test
        @MaxQueries(total = 5)
        void noneOfFive() {
            assertThat(DB).isNotNull();
        }

        @Test
        @MaxQueries(total = 5)
        void sixOfFive() {
            selects(4);
            inserts(2);
        }

        @Test
        @MaxQueries(select = 2)
        void manyInsertsButFewSelects() {
            selects(2);
            inserts(10);
        }

        @Test
        @MaxQueries(select = 2, insert = 4)
        void threeSelectsOverTwo() {
            selects(3);
            inserts(4);
        }

        @Test
        @MaxQueries(delete = 0)
        void deleteOverZero() {
            selects(1);
            update(DB, "delete from item where id >= ?", 100);
        }
    }
}
