package io.queryhound.assertions;

import io.queryhound.junit.ExpectQueries;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;
import java.io.IOException;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failedRow;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.finishedOnce;
import static io.queryhound.assertions.ExtensionFixtures.passedRow;
import static io.queryhound.assertions.ExtensionFixtures.query;
import static io.queryhound.assertions.ExtensionFixtures.result;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static io.queryhound.assertions.ExtensionFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a test's queries are: those of its body (plus {@code @BeforeEach} with
 * {@code includeSetUp}); and a body that fails on its own fails with its own exception.
 */
class TestBodyExtensionTest {

    private static EngineExecutionResults setUp;
    private static EngineExecutionResults throwing;
    private static EngineExecutionResults setUpThrows;

    @BeforeAll
    static void runFixtures() {
        setUp = run(SetUp.class);
        throwing = run(Throwing.class);
        setUpThrows = run(SetUpThrows.class);
    }

    @Test
    void everyFixtureTestRan() {
        setUp.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        throwing.testEvents().assertStatistics(stats -> stats.started(5).succeeded(1).failed(3).aborted(1));
        setUpThrows.testEvents().assertStatistics(stats -> stats.started(1).succeeded(0).failed(1));
    }

    // ------------------------------------------------------------------ only the body

    @Test
    void setUpAndTearDownQueriesAreNotCountedByDefault() {
        assertPassed(setUp, "bodyOnly");
        String message = failure(setUp, "bodyOnlyExpectingTheSetUpInsert").getMessage();
        assertThat(message)
                .containsPattern(failedRow("insert", "1", 0))
                .contains("Statements by fingerprint (1 statement, 1 fingerprint, ")
                .doesNotContain("insert into item");
    }

    @Test
    void includeSetUpCountsBeforeEachButNotBeforeAllOrAfterEach() {
        assertPassed(setUp, "withSetUp");
        String message = failure(setUp, "withSetUpExpectingNoInsert").getMessage();
        assertThat(message)
                .containsPattern(failedRow("insert", "0", 1))
                .containsPattern(passedRow("delete", "1", 1))
                .contains("Statements by fingerprint (3 statements, 3 fingerprints, ")
                .contains("insert into item values (?, ?)")
                // the line of the @BeforeEach method that ran it
                .contains("<- io.queryhound.assertions.TestBodyExtensionTest$SetUp.setUp(TestBodyExtensionTest.java:");
    }

    // ------------------------------------------------------------------ the test's own exceptions

    @Test
    void aBodyThatThrowsFailsWithItsOwnException() {
        Throwable thrown = failure(throwing, "throwsIllegalState");
        assertThat(thrown).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("the test's own failure");
    }

    @Test
    void aBodyThatFailsAnAssertionFailsWithThatAssertion() {
        Throwable thrown = failure(throwing, "failsItsOwnAssertion");
        assertThat(thrown).isInstanceOf(AssertionError.class)
                .isNotInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage()).contains("the test's own assertion").doesNotContain("Query expectations");
    }

    @Test
    void aCheckedExceptionReachesJUnitUnchanged() {
        assertThat(failure(throwing, "throwsChecked")).isExactlyInstanceOf(IOException.class)
                .hasMessage("disk on fire");
    }

    @Test
    void anAbortedTestIsAbortedNotFailed() {
        TestExecutionResult result = result(finishedOnce(throwing, "abortedByAnAssumption"));
        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
        assertThat(result.getThrowable()).get().isNotInstanceOf(QueryExpectationError.class);
    }

    @Test
    void aCountedSetUpThatThrowsFailsWithItsOwnException() {
        assertThat(failure(setUpThrows, "neverRuns")).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("the set-up's own failure");
        assertThat(SetUpThrows.BODY_RAN).isFalse();
    }

    @Test
    void theTestAfterAFailingOneStartsFromZero() {
        assertPassed(throwing, "afterTheOthers");
    }

    static class SetUp {
        static final DataSource DB = database("create table item(id int, name varchar(50))");

        @BeforeAll
        static void beforeAll() {
            update(DB, "insert into item values (?, ?)", 0, "before all");
            query(DB, "select count(*) from item");
        }

        @BeforeEach
        void setUp() {
            update(DB, "delete from item where id > ?", 0);
            update(DB, "insert into item values (?, ?)", 1, "a");
        }

        @AfterEach
        void tearDown() {
            update(DB, "delete from item where id = ?", 1);
            query(DB, "select count(*) from item");
        }

        @Test
        @ExpectQueries(total = 1, select = 1, insert = 0, delete = 0)
        void bodyOnly() {
            assertThat(query(DB, "select name from item where id = ?", 1)).isEqualTo(1);
        }

        @Test
        @ExpectQueries(insert = 1)
        void bodyOnlyExpectingTheSetUpInsert() {
            query(DB, "select name from item where id = ?", 1);
        }

        @Test
        @QueryScope(includeSetUp = true)
        @ExpectQueries(total = 3, select = 1, insert = 1, delete = 1)
        void withSetUp() {
            query(DB, "select name from item where id = ?", 1);
        }

        @Test
        @QueryScope(includeSetUp = true)
        @ExpectQueries(insert = 0, delete = 1)
        void withSetUpExpectingNoInsert() {
            query(DB, "select name from item where id = ?", 1);
        }
    }

    static class SetUpThrows {
        static final DataSource DB = database("create table item(id int)");
        static volatile boolean BODY_RAN;

        @BeforeEach
        void setUp() {
            query(DB, "select id from item");
            throw new IllegalStateException("the set-up's own failure");
        }

        @Test
        @QueryScope(includeSetUp = true)
        @ExpectQueries(select = 3)
        void neverRuns() {
            BODY_RAN = true;
        }
    }

    /** Every failing test expects five SELECTs and runs one: its own exception must win. */
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Throwing {
        static final DataSource DB = database("create table item(id int, name varchar(50))",
                "insert into item values (1, 'a')");

        @Test
        @Order(1)
        @ExpectQueries(select = 5)
        void throwsIllegalState() {
            query(DB, "select name from item where id = ?", 1);
            throw new IllegalStateException("the test's own failure");
        }

        @Test
        @Order(2)
        @ExpectQueries(select = 5)
        void failsItsOwnAssertion() {
            assertThat(query(DB, "select name from item where id = ?", 1)).as("the test's own assertion").isEqualTo(2);
        }

        @Test
        @Order(3)
        @ExpectQueries(select = 5)
        void throwsChecked() throws IOException {
            query(DB, "select name from item where id = ?", 1);
            throw new IOException("disk on fire");
        }

        @Test
        @Order(4)
        @ExpectQueries(select = 5)
        void abortedByAnAssumption() {
            query(DB, "select name from item where id = ?", 1);
            Assumptions.assumeTrue(false, "not today");
        }

        /** Runs last: nothing of the failed tests before it leaks into its count. */
        @Test
        @Order(5)
        @ExpectQueries(select = 1, total = 1)
        void afterTheOthers() {
            query(DB, "select name from item where id = ?", 1);
        }
    }
}
