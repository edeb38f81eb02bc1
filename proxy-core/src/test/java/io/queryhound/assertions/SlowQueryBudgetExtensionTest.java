package io.queryhound.assertions;

import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.SlowQueryBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;
import java.time.Duration;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failedRow;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.query;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @SlowQueryBudget}: the fixture's queries take virtual time ({@code advance_micros} moves the
 * clock the wrapping engine reads), so a query takes exactly 60 ms without sleeping and on any machine.
 */
class SlowQueryBudgetExtensionTest {

    private static EngineExecutionResults results;

    @BeforeAll
    static void runFixture() {
        results = run(Budget.class);
    }

    @Test
    void everyFixtureTestRan() {
        results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(3).failed(2));
    }

    @Test
    void aQueryOverTheBudgetFails() {
        Throwable thrown = failure(results, "sixtyMillis");
        assertThat(thrown).isExactlyInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage())
                .startsWith("Query expectations failed in SlowQueryBudgetExtensionTest.Budget.sixtyMillis()\n")
                .containsPattern(failedRow("slower than 50 ms", "none", 1))
                .contains("Statements by fingerprint (1 statement, 1 fingerprint, 60 ms):")
                .contains("select advance_micros(?)");
        QueryExpectationError error = (QueryExpectationError) thrown;
        assertThat(error.log().executions()).singleElement()
                .satisfies(execution -> assertThat(execution.duration()).isEqualTo(Duration.ofMillis(60)));
    }

    @Test
    void everySlowExecutionIsCounted() {
        assertThat(failure(results, "twoSlowOfThree").getMessage())
                .containsPattern(failedRow("slower than 50 ms", "none", 2))
                .contains("Statements by fingerprint (3 statements, 1 fingerprint, 140 ms):");
    }

    @Test
    void queriesWithinTheBudgetPass() {
        assertPassed(results, "tenMillis", "exactlyFiftyMillis", "manyFastOnesAddingUpOverTheBudget");
    }

    static class Budget {
        static final DataSource DB = database();

        static void takes(int millis) {
            assertThat(query(DB, "select advance_micros(?)", millis * 1000)).isEqualTo(1);
        }

        @Test
        @SlowQueryBudget(millis = 50)
        void sixtyMillis() {
            takes(60);
        }

        @Test
        @SlowQueryBudget(millis = 50)
        void twoSlowOfThree() {
            takes(60);
            takes(10);
            takes(70);
        }

        @Test
        @SlowQueryBudget(millis = 50)
        void tenMillis() {
            takes(10);
        }

        /** The budget is the slowest a query may be: exactly 50 ms is within it. */
        @Test
        @SlowQueryBudget(millis = 50)
        void exactlyFiftyMillis() {
            takes(50);
        }

        /** The budget is per query, not for the test. */
        @Test
        @SlowQueryBudget(millis = 50)
        void manyFastOnesAddingUpOverTheBudget() {
            for (int i = 0; i < 6; i++) {
                takes(20);
            }
        }
    }
}
