package io.queryhound.assertions;

import io.queryhound.junit.ExpectQueries;
import io.queryhound.junit.QueryCounter;
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
import static io.queryhound.assertions.ExtensionFixtures.query;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static io.queryhound.assertions.ExtensionFixtures.table;
import static io.queryhound.assertions.ExtensionFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@code @ExpectQueries}: exact counts per kind and in total, counters left out, executeBatch, and
 * strict mode, checked by running the fixtures below with the JUnit Platform test kit.
 */
class ExpectQueriesExtensionTest {

    private static EngineExecutionResults counts;
    private static EngineExecutionResults strict;

    @BeforeAll
    static void runFixtures() {
        counts = run(Counts.class);
        strict = run(Strict.class);
    }

    // ------------------------------------------------------------------ exact counts

    @Test
    void everyFixtureTestRanAndOnlyTheWrongOnesFailed() {
        counts.testEvents().assertStatistics(stats -> stats.started(13).succeeded(6).failed(7).aborted(0).skipped(0));
        strict.testEvents().assertStatistics(stats -> stats.started(5).succeeded(3).failed(2).aborted(0).skipped(0));
    }

    @Test
    void eachKindIsCountedUnderItsOwnCounter() {
        assertPassed(counts, "everyKindExactly");
    }

    @Test
    void aWrongCountFailsWithTheCounterTableTheTestNameAndTheStatements() {
        counts.testEvents().assertThatEvents().haveExactly(1, event(test("fiveSelectsExpectedTwo"),
                finishedWithFailure(instanceOf(QueryExpectationError.class),
                        message(m -> m.contains("Query expectations failed in")))));

        Throwable thrown = failure(counts, "fiveSelectsExpectedTwo");
        assertThat(thrown).isExactlyInstanceOf(QueryExpectationError.class);
        String message = thrown.getMessage();
        assertThat(message)
                .startsWith("Query expectations failed in ExpectQueriesExtensionTest.Counts.fiveSelectsExpectedTwo()\n")
                .containsPattern("(?m)^ +counter +expected +actual$")
                .containsPattern(failedRow("select", "2", 5))
                .contains("Statements by fingerprint (5 statements, 1 fingerprint, ")
                .containsPattern("(?m)^ +#1 x5 +SELECT [0-9a-f]{16}")
                .contains("select name from item where id = ?")
                .contains("at io.queryhound.assertions.ExtensionFixtures.query(ExtensionFixtures.java:")
                .contains("<- io.queryhound.assertions.ExpectQueriesExtensionTest$Counts.fiveSelectsExpectedTwo(ExpectQueriesExtensionTest.java:");
        // Only the counter that was named is in the table.
        assertThat(table(message)).doesNotContainPattern("(?m)^ +(total|insert|update|delete|call|other) ");

        QueryExpectationError error = (QueryExpectationError) thrown;
        assertThat(error.log().name()).isEqualTo("ExpectQueriesExtensionTest.Counts.fiveSelectsExpectedTwo()");
        assertThat(error.log().count()).isEqualTo(5);
        assertThat(error.log().selectCount()).isEqualTo(5);
    }

    @Test
    void fewerQueriesThanExpectedFailToo_andPassedCountersAreShownWithoutAMark() {
        String message = failure(counts, "fewerThanExpected").getMessage();
        assertThat(message)
                .containsPattern(failedRow("select", "3", 1))
                .containsPattern(passedRow("insert", "1", 1))
                .contains("Statements by fingerprint (2 statements, 2 fingerprints, ");
    }

    @Test
    void everyCounterHasItsRowWithItsOwnActualCount() {
        Throwable thrown = failure(counts, "everyKindExpectedZero");
        assertThat(thrown).isInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage())
                .containsPattern(failedRow("total", "0", 9))
                .containsPattern(failedRow("select", "0", 2))
                .containsPattern(failedRow("insert", "0", 2))
                .containsPattern(failedRow("update", "0", 1))
                .containsPattern(failedRow("delete", "0", 1))
                .containsPattern(failedRow("call", "0", 1))
                .containsPattern(failedRow("other", "0", 2))
                .contains("Statements by fingerprint (9 statements, 9 fingerprints, ")
                .contains("call twice(?)")
                .contains("merge into item key (id) values (?, ?)");
        QueryExpectationError error = (QueryExpectationError) thrown;
        assertThat(error.log().count(QueryCounter.CALL)).isEqualTo(1);
        assertThat(error.log().count(QueryCounter.OTHER)).isEqualTo(2);
    }

    @Test
    void countersLeftOutAreNotChecked() {
        assertPassed(counts, "onlySelectsNamed", "onlyTotalNamed");
    }

    @Test
    void aWrongTotalFails() {
        String message = failure(counts, "totalWrong").getMessage();
        assertThat(message).containsPattern(failedRow("total", "2", 3));
        assertThat(table(message)).doesNotContainPattern("(?m)^ +select ");
    }

    @Test
    void oneExecuteBatchCountsOnce() {
        assertPassed(counts, "batchOfThreeIsOneInsert");
        assertThat(failure(counts, "batchOfThreeExpectedAsThree").getMessage())
                .containsPattern(failedRow("insert", "3", 1))
                .contains("Statements by fingerprint (1 statement, 1 fingerprint, ")
                .containsPattern("(?m)^ +#1 x1 +INSERT [0-9a-f]{16}  executeBatch$");
    }

    @Test
    void zeroIsAnExactCount() {
        assertPassed(counts, "zeroSelects");
        assertThat(failure(counts, "oneSelectExpectedZero").getMessage())
                .containsPattern(failedRow("select", "0", 1));
    }

    @Test
    void aStatementTheDatabaseRejectedCountsAndIsMarkedFailed() {
        assertPassed(counts, "rejectedInsertCounts");
        assertThat(failure(counts, "rejectedInsertExpectedZero").getMessage())
                .containsPattern(failedRow("insert", "0", 1))
                .containsPattern("(?m)^ +#1 x1 +INSERT [0-9a-f]{16}  1 failed$");
    }

    // ------------------------------------------------------------------ strict

    @Test
    void strictAloneOnATestWithoutQueriesPasses() {
        assertPassed(strict, "noQueryAtAll");
    }

    @Test
    void strictFailsOnACounterLeftOutThatIsNotZero_expectingZero() {
        Throwable thrown = failure(strict, "anUnexpectedInsert");
        assertThat(thrown).isInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage())
                .containsPattern(passedRow("select", "1", 1))
                .containsPattern(failedRow("insert", "0", 1))
                .containsPattern(passedRow("update", "0", 0))
                .containsPattern(passedRow("delete", "0", 0))
                .containsPattern(passedRow("call", "0", 0))
                .containsPattern(passedRow("other", "0", 0));
    }

    @Test
    void strictAloneFailsOnAnyQuery() {
        assertThat(failure(strict, "strictButOneDelete").getMessage())
                .containsPattern(failedRow("delete", "0", 1))
                .containsPattern(passedRow("select", "0", 0));
    }

    @Test
    void strictPassesWhenEveryQueryIsNamed() {
        assertPassed(strict, "selectAndInsertNamed", "onlyTheNamedKind");
    }

    // ------------------------------------------------------------------ fixtures

    static class Counts {
        static final DataSource DB = database(
                "create table item(id int, name varchar(50))",
                "insert into item values (1, 'a'), (2, 'b'), (3, 'c')",
                "create table log_line(message varchar(50))",
                "create table uniq(id int primary key)",
                "insert into uniq values (1)");

        /** An INSERT the database rejects (duplicate key) when it is executed. */
        static void rejectedInsert() {
            try {
                update(DB, "insert into uniq values (?)", 1);
            } catch (IllegalStateException expected) {
                assertThat(expected).hasCauseInstanceOf(SQLException.class);
                return;
            }
            throw new AssertionError("the duplicate key was accepted");
        }

        @Test
        @ExpectQueries(insert = 1, total = 1)
        void rejectedInsertCounts() {
            rejectedInsert();
        }

        @Test
        @ExpectQueries(insert = 0)
        void rejectedInsertExpectedZero() {
            rejectedInsert();
        }

        /** Two SELECTs, two INSERTs, one UPDATE, one DELETE, one CALL, a MERGE and a DDL: nine in all. */
        static void oneOfEachKind() {
            query(DB, "select name from item where id = ?", 1);
            query(DB, "select count(*) from item");
            update(DB, "insert into item values (?, ?)", 10, "x");
            update(DB, "insert into item (id, name) values (?, ?)", 11, "y");
            update(DB, "update item set name = ? where id = ?", "z", 10);
            update(DB, "call twice(?)", 21);
            update(DB, "merge into item key(id) values (?, ?)", 12, "m");
            update(DB, "create table if not exists scratch(id int)");
            update(DB, "delete from item where id >= ?", 10);
        }

        @Test
        @ExpectQueries(total = 9, select = 2, insert = 2, update = 1, delete = 1, call = 1, other = 2)
        void everyKindExactly() {
            oneOfEachKind();
        }

        @Test
        @ExpectQueries(total = 0, select = 0, insert = 0, update = 0, delete = 0, call = 0, other = 0)
        void everyKindExpectedZero() {
            oneOfEachKind();
        }

        @Test
        @ExpectQueries(select = 2)
        void fiveSelectsExpectedTwo() {
            for (int id = 1; id <= 5; id++) {
                query(DB, "select name from item where id = ?", id);
            }
        }

        @Test
        @ExpectQueries(select = 3, insert = 1)
        void fewerThanExpected() {
            query(DB, "select name from item where id = ?", 1);
            update(DB, "insert into log_line values (?)", "fewer");
        }

        @Test
        @ExpectQueries(select = 1)
        void onlySelectsNamed() {
            query(DB, "select name from item where id = ?", 2);
            update(DB, "insert into log_line values (?)", "one");
            update(DB, "insert into log_line values (?)", "two");
            update(DB, "delete from log_line where message = ?", "nothing");
        }

        @Test
        @ExpectQueries(total = 3)
        void onlyTotalNamed() {
            query(DB, "select name from item where id = ?", 2);
            update(DB, "insert into log_line values (?)", "total");
            update(DB, "delete from log_line where message = ?", "total");
        }

        @Test
        @ExpectQueries(total = 2)
        void totalWrong() {
            query(DB, "select name from item where id = ?", 2);
            query(DB, "select name from item where id = ?", 3);
            update(DB, "insert into log_line values (?)", "wrong");
        }

        @Test
        @ExpectQueries(insert = 1, total = 1)
        void batchOfThreeIsOneInsert() throws SQLException {
            insertBatchOfThree();
        }

        @Test
        @ExpectQueries(insert = 3)
        void batchOfThreeExpectedAsThree() throws SQLException {
            insertBatchOfThree();
        }

        private static void insertBatchOfThree() throws SQLException {
            try (Connection c = DB.getConnection();
                 PreparedStatement ps = c.prepareStatement("insert into log_line values (?)")) {
                for (String message : new String[]{"a", "b", "c"}) {
                    ps.setString(1, message);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(3);
            }
        }

        @Test
        @ExpectQueries(select = 0)
        void zeroSelects() {
            update(DB, "insert into log_line values (?)", "no select");
        }

        @Test
        @ExpectQueries(select = 0)
        void oneSelectExpectedZero() {
            query(DB, "select name from item where id = ?", 1);
        }
    }

    static class Strict {
        static final DataSource DB = database(
                "create table item(id int, name varchar(50))",
                "insert into item values (1, 'a')");

        @Test
        @ExpectQueries(strict = true)
        void noQueryAtAll() {
            assertThat(DB).isNotNull();
        }

        @Test
        @ExpectQueries(select = 1, strict = true)
        void anUnexpectedInsert() {
            query(DB, "select name from item where id = ?", 1);
            update(DB, "insert into item values (?, ?)", 2, "b");
        }

        @Test
        @ExpectQueries(strict = true)
        void strictButOneDelete() {
            update(DB, "delete from item where id = ?", 99);
        }

        @Test
        @ExpectQueries(select = 1, insert = 1, strict = true)
        void selectAndInsertNamed() {
            query(DB, "select name from item where id = ?", 1);
            update(DB, "insert into item values (?, ?)", 3, "c");
        }

        @Test
        @ExpectQueries(update = 2, strict = true)
        void onlyTheNamedKind() {
            update(DB, "update item set name = ? where id = ?", "x", 1);
            update(DB, "update item set name = ? where id = ?", "y", 1);
        }
    }
}
