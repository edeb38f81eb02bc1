package io.queryhound.assertions;

import io.queryhound.FindingType;
import io.queryhound.junit.ExpectQueries;
import io.queryhound.junit.MaxQueries;
import io.queryhound.junit.NoNPlusOne;
import io.queryhound.junit.NoRepeatedQueries;
import io.queryhound.junit.QueryExpectationError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failedRow;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.lineOf;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@code @NoNPlusOne}, with the acceptance fixture: a failing test whose message names the N+1
 * loop's call site (file and line) and the rewritten SQL.
 */
class NPlusOneExtensionTest {

    private static EngineExecutionResults results;

    /** The line of the looping {@code executeQuery} and of the query that drove it, found by their marker comments. */
    private static int loopLine;
    private static int drivingLine;

    @BeforeAll
    static void runFixture() {
        results = run(Loops.class);
        // Concatenated, so that only the fixture's line holds the whole marker.
        loopLine = lineOf(NPlusOneExtensionTest.class, "// N+1 " + "call site");
        drivingLine = lineOf(NPlusOneExtensionTest.class, "// N+1 " + "driving query");
    }

    @Test
    void everyFixtureTestRan() {
        results.testEvents().assertStatistics(stats -> stats.started(8).succeeded(4).failed(4));
    }

    @Test
    void theMarkersAreOnTheLinesTheJvmReports() {
        // The same line, read by the JVM while the fixture ran: the marker lookup is not off by one.
        assertThat(Loops.lineSeen).isEqualTo(loopLine);
        assertThat(drivingLine).isLessThan(loopLine);
    }

    /**
     * Acceptance: a failing-test fixture whose message contains the N+1 call site's file and line
     * and the rewritten SQL.
     */
    @Test
    void aLoopOfTwoFailsNamingTheCallSiteFileAndLineAndTheRewrittenSql() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("loopOfTwo"),
                finishedWithFailure(instanceOf(QueryExpectationError.class),
                        message(m -> m.contains("NPlusOneExtensionTest.java:" + loopLine)
                                && m.contains("select total from orders where customer_id in (?)")))));

        Throwable thrown = failure(results, "loopOfTwo");
        String message = thrown.getMessage();
        System.out.println("=== N+1 failure message (NPlusOneExtensionTest.Loops.loopOfTwo) ===\n" + message);

        assertThat(message)
                .startsWith("Query expectations failed in NPlusOneExtensionTest.Loops.loopOfTwo()\n")
                .containsPattern(failedRow("N+1", "none", 1))
                .contains("Statements by fingerprint (3 statements, 2 fingerprints, ")
                .containsPattern("(?m)^ +#1 x2 +SELECT [0-9a-f]{16}  N\\+1: same call site, 2 distinct parameter sets$")
                .contains("     select total from orders where customer_id = ?\n")
                // The call site: file and line of the looping executeQuery.
                .contains("     at io.queryhound.assertions.NPlusOneExtensionTest$Loops.totals(NPlusOneExtensionTest.java:"
                        + loopLine + ")\n")
                .contains("     <- io.queryhound.assertions.NPlusOneExtensionTest$Loops.loopOfTwo(NPlusOneExtensionTest.java:")
                .contains("     driven by: select id, name from customers where id <= ?  (2 rows, at"
                        + " io.queryhound.assertions.NPlusOneExtensionTest$Loops.totals(NPlusOneExtensionTest.java:"
                        + drivingLine + "))\n")
                // The rewritten SQL.
                .contains("     fix: select total from orders where customer_id in (?)   (or a JOIN)\n");

        QueryExpectationError error = (QueryExpectationError) thrown;
        assertThat(error.log().findings(FindingType.N_PLUS_ONE)).hasSize(1);
        assertThat(error.log().findings(FindingType.N_PLUS_ONE).get(0).callSite().lineNumber()).isEqualTo(loopLine);
    }

    @Test
    void aLoopShorterThanTheThresholdPasses() {
        assertPassed(results, "loopOfTwoUnderThresholdThree");
    }

    @Test
    void aLoopAtAHigherThresholdFailsNamingTheThreshold() {
        String message = failure(results, "loopOfThreeAtThresholdThree").getMessage();
        assertThat(message)
                .containsPattern(failedRow("N+1 (>= 3)", "none", 1))
                .contains("N+1: same call site, 3 distinct parameter sets")
                .contains("NPlusOneExtensionTest.java:" + loopLine + ")")
                .contains("fix: select total from orders where customer_id in (?)");
    }

    @Test
    void withRightCountsTheLoopAloneFailsAndBothRowsAreShown() {
        String message = failure(results, "rightCountsButALoop").getMessage();
        assertThat(message)
                .containsPattern(ExtensionFixtures.passedRow("select", "3", 3))
                .containsPattern(failedRow("N+1", "none", 1));
    }

    @Test
    void everyFailedExpectationOfATestIsInTheMessage() {
        String message = failure(results, "everythingAtOnce").getMessage();
        assertThat(message)
                .containsPattern(failedRow("select", "1", 3))
                .containsPattern(failedRow("total", "<= 2", 3))
                .containsPattern(failedRow("N+1", "none", 1))
                .containsPattern(ExtensionFixtures.passedRow("repeated", "none", 0));
    }

    @Test
    void noLoopNoFailure() {
        assertPassed(results, "oneLookupOnly", "oneInListQuery", "sameQueryFromTwoLines");
    }

    static class Loops {
        static final DataSource DB = database(
                "create table customers(id int, name varchar(50))",
                "insert into customers values (1, 'Ada'), (2, 'Bob'), (3, 'Cy')",
                "create table orders(id int, customer_id int, total int)",
                "insert into orders values (10, 1, 5), (11, 1, 7), (12, 2, 9), (13, 3, 4)");

        static volatile int lineSeen;

        /** The classic N+1: the customers with an id up to {@code maxId}, then each one's orders, one query per customer. */
        static int totals(int maxId) throws SQLException {
            int sum = 0;
            try (Connection c = DB.getConnection();
                 PreparedStatement customers = c.prepareStatement("select id, name from customers where id <= ?");
                 PreparedStatement orders = c.prepareStatement("select total from orders where customer_id = ?")) {
                customers.setInt(1, maxId);
                try (ResultSet rs = customers.executeQuery()) { // N+1 driving query
                    while (rs.next()) {
                        orders.setInt(1, rs.getInt(1));
                        lineSeen = new Throwable().getStackTrace()[0].getLineNumber(); try (ResultSet o = orders.executeQuery()) { // N+1 call site
                            while (o.next()) {
                                sum += o.getInt(1);
                            }
                        }
                    }
                }
            }
            return sum;
        }

        @Test
        @NoNPlusOne
        void loopOfTwo() throws SQLException {
            assertThat(totals(2)).isEqualTo(21);
        }

        @Test
        @ExpectQueries(select = 3)
        @NoNPlusOne
        void rightCountsButALoop() throws SQLException {
            assertThat(totals(2)).isEqualTo(21);
        }

        @Test
        @ExpectQueries(select = 1)
        @MaxQueries(total = 2)
        @NoNPlusOne
        @NoRepeatedQueries
        void everythingAtOnce() throws SQLException {
            assertThat(totals(2)).isEqualTo(21);
        }

        @Test
        @NoNPlusOne(threshold = 3)
        void loopOfTwoUnderThresholdThree() throws SQLException {
            assertThat(totals(2)).isEqualTo(21);
        }

        @Test
        @NoNPlusOne(threshold = 3)
        void loopOfThreeAtThresholdThree() throws SQLException {
            assertThat(totals(3)).isEqualTo(25);
        }

        @Test
        @NoNPlusOne
        void oneLookupOnly() throws SQLException {
            assertThat(totals(1)).isEqualTo(12);
        }

        @Test
        @NoNPlusOne
        void oneInListQuery() throws SQLException {
            try (Connection c = DB.getConnection();
                 PreparedStatement ps = c.prepareStatement("select total from orders where customer_id in (?, ?)")) {
                ps.setInt(1, 1);
                ps.setInt(2, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    int rows = 0;
                    while (rs.next()) {
                        rows++;
                    }
                    assertThat(rows).isEqualTo(3);
                }
            }
        }

        /** The same statement with two keys, from two different lines: two lookups, not a loop. */
        @Test
        @NoNPlusOne
        void sameQueryFromTwoLines() throws SQLException {
            try (Connection c = DB.getConnection();
                 PreparedStatement ps = c.prepareStatement("select total from orders where customer_id = ?")) {
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
        }
    }
}
