package io.queryhound.assertions.block;

import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.SqlFingerprint;
import io.queryhound.junit.QueryAssertions;
import io.queryhound.junit.QueryCounter;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryLog;
import io.queryhound.junit.QueryLogAssert;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.RecordingEngine;
import io.queryhound.testing.SqlFunctions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Function;

import static io.queryhound.assertions.block.BlockDb.drain;
import static io.queryhound.assertions.block.BlockDb.failedRows;
import static io.queryhound.assertions.block.BlockDb.row;
import static io.queryhound.junit.QueryExpectation.insert;
import static io.queryhound.junit.QueryExpectation.maxTotal;
import static io.queryhound.junit.QueryExpectation.noBatchableDml;
import static io.queryhound.junit.QueryExpectation.noNPlusOne;
import static io.queryhound.junit.QueryExpectation.noQuerySlowerThan;
import static io.queryhound.junit.QueryExpectation.noRepeatedQueries;
import static io.queryhound.junit.QueryExpectation.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every method of {@link QueryLogAssert}: it passes (returning the same assert for chaining) when
 * the log agrees, and throws a {@link QueryExpectationError} carrying the log, whose message has
 * the failing counter's row with its expected and actual values, when it does not.
 *
 * <p>The engine runs on the virtual clock of {@link SqlFunctions}: queries take no time unless they
 * call {@code advance_micros}.
 */
class QueryLogAssertTest {

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private RecordingEngine hound;
    private DataSource ds;

    @BeforeEach
    void setUp() throws SQLException {
        hound = new RecordingEngine(SqlFunctions::virtualNanos);
        ds = hound.wrap(BlockDb.withCustomers(4));
    }

    @AfterEach
    void tearDown() {
        hound.close();
        assertThat(diagnostics.text()).as("QueryHound's own diagnostics").doesNotContain("internal error");
    }

    // ------------------------------------------------------------------------------------------- the logs

    /** One statement of every kind: select, insert, update, delete, call and other (a MERGE) once each. */
    private QueryLog oneOfEachKind() {
        return QueryHound.record(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                drain(st.executeQuery("select id, name from customers"));
                st.executeUpdate("insert into customers (id, name) values (50, 'fifty')");
                st.executeUpdate("update customers set name = 'one' where id = 1");
                st.executeUpdate("delete from customers where id = 50");
                st.execute("call twice(2)");
                st.executeUpdate("merge into orders (id, customer_id, total) key (id) values (60, 99, 0)");
            }
        });
    }

    /** The customers, then each one's order total: 5 selects, an N+1 loop of 4. */
    private QueryLog nPlusOne() {
        return QueryHound.record(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                for (int id : BlockDb.ints(st.executeQuery(BlockDb.CUSTOMER_IDS))) {
                    BlockDb.orderTotal(c, id);
                }
            }
        });
    }

    /** The same lookup with the same parameter twice. */
    private QueryLog repeated() {
        return QueryHound.record(() -> {
            try (Connection c = ds.getConnection()) {
                for (int i = 0; i < 2; i++) {
                    BlockDb.orderTotal(c, 3);
                }
            }
        });
    }

    /** Three single inserts from one line. */
    private QueryLog batchable() {
        return QueryHound.record(() -> {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("insert into orders (id, customer_id, total) values (?, ?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, 100 + i);
                    ps.setInt(2, i);
                    ps.setInt(3, i);
                    ps.executeUpdate();
                }
            }
        });
    }

    /** One query of 60 ms (virtual time) and one of 10 ms. */
    private QueryLog slow() {
        return QueryHound.record(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                drain(st.executeQuery("select advance_micros(60000)"));
                drain(st.executeQuery("select advance_micros(10000)"));
            }
        });
    }

    // ---------------------------------------------------------------------------------------- checking helpers

    /** Runs {@code check}, expects it to fail, and checks the error carries {@code log}. */
    private static String failure(QueryLog log, ThrowingCallable check) {
        QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class, check);
        assertThat(error).as("expected a QueryExpectationError").isNotNull();
        assertThat(error).isInstanceOf(AssertionError.class);
        assertThat(error.log()).isSameAs(log);
        return error.getMessage();
    }

    /** {@code check} passes and returns the assert it was called on; with the wrong value, it fails on one row. */
    private static void passesThenFails(QueryLog log, Function<QueryLogAssert, QueryLogAssert> passing,
                                        Function<QueryLogAssert, QueryLogAssert> failing,
                                        String label, String expected, long actual) {
        QueryLogAssert assertion = QueryAssertions.assertThat(log);
        assertThat(passing.apply(assertion)).isSameAs(assertion);
        String message = failure(log, () -> failing.apply(QueryAssertions.assertThat(log)));
        assertThat(message).startsWith("Query expectations failed in " + log.name() + "\n"
                + "  counter   expected   actual\n");
        assertThat(message).containsPattern(row(label, expected, actual, true));
        assertThat(failedRows(message)).isEqualTo(1);
        assertThat(message).contains(log.describe());
    }

    // ------------------------------------------------------------------------------------------------ counts

    @Test
    void exactCountPerKind() {
        QueryLog log = oneOfEachKind();
        passesThenFails(log, a -> a.hasSelectCount(1), a -> a.hasSelectCount(2), "select", "2", 1);
        passesThenFails(log, a -> a.hasInsertCount(1), a -> a.hasInsertCount(0), "insert", "0", 1);
        passesThenFails(log, a -> a.hasUpdateCount(1), a -> a.hasUpdateCount(3), "update", "3", 1);
        passesThenFails(log, a -> a.hasDeleteCount(1), a -> a.hasDeleteCount(2), "delete", "2", 1);
        passesThenFails(log, a -> a.hasCallCount(1), a -> a.hasCallCount(0), "call", "0", 1);
        passesThenFails(log, a -> a.hasOtherCount(1), a -> a.hasOtherCount(4), "other", "4", 1);
        passesThenFails(log, a -> a.hasTotalCount(6), a -> a.hasTotalCount(5), "total", "5", 6);
        passesThenFails(log, a -> a.hasCount(QueryCounter.CALL, 1), a -> a.hasCount(QueryCounter.DELETE, 0),
                "delete", "0", 1);
    }

    @Test
    void theFailedRowIsPrintedInColumns() {
        QueryLog log = oneOfEachKind();
        String message = failure(log, () -> QueryAssertions.assertThat(log).hasSelectCount(2));
        assertThat(message).startsWith("Query expectations failed in QueryLogAssertTest.oneOfEachKind()\n"
                + "  counter   expected   actual\n"
                + "  select    2          1    X\n"
                + "Statements by fingerprint (6 statements, 6 fingerprints, 0.0 ms):\n");
    }

    @Test
    void chainedAssertionsAllPass() {
        QueryLog log = oneOfEachKind();
        QueryAssertions.assertThat(log).hasSelectCount(1).hasInsertCount(1).hasUpdateCount(1).hasDeleteCount(1)
                .hasCallCount(1).hasOtherCount(1).hasTotalCount(6).hasAtMostQueries(6).hasAtMostSelects(1)
                .hasNoNPlusOne().hasNoRepeatedQueries().hasNoBatchableDml().hasNoQuerySlowerThan(1)
                .hasNoQuerySlowerThan(Duration.ofMillis(1));
        // and the first wrong one in a chain stops it
        String message = failure(log, () -> QueryAssertions.assertThat(log).hasSelectCount(1).hasInsertCount(2)
                .hasUpdateCount(9));
        assertThat(message).containsPattern(row("insert", "2", 1, true)).doesNotContainPattern("(?m)^  update ");
    }

    @Test
    void atMost() {
        QueryLog log = oneOfEachKind();
        passesThenFails(log, a -> a.hasAtMostQueries(6), a -> a.hasAtMostQueries(5), "total", "<= 5", 6);
        passesThenFails(log, a -> a.hasAtMostQueries(100), a -> a.hasAtMostQueries(0), "total", "<= 0", 6);
        passesThenFails(log, a -> a.hasAtMostSelects(1), a -> a.hasAtMostSelects(0), "select", "<= 0", 1);
        passesThenFails(log, a -> a.hasAtMost(QueryCounter.INSERT, 1), a -> a.hasAtMost(QueryCounter.INSERT, 0),
                "insert", "<= 0", 1);
        passesThenFails(log, a -> a.hasAtMost(QueryCounter.OTHER, 2), a -> a.hasAtMost(QueryCounter.OTHER, 0),
                "other", "<= 0", 1);
    }

    // ---------------------------------------------------------------------------------------------- findings

    @Test
    void hasNoNPlusOneFailsOnALoopAndPassesOnACleanLog() {
        QueryLog clean = oneOfEachKind();
        QueryLogAssert assertion = QueryAssertions.assertThat(clean);
        assertThat(assertion.hasNoNPlusOne()).isSameAs(assertion);

        QueryLog loop = nPlusOne();
        String message = failure(loop, () -> QueryAssertions.assertThat(loop).hasNoNPlusOne());
        assertThat(message).containsPattern(row("N+1", "none", 1, true));
        assertThat(failedRows(message)).isEqualTo(1);
        assertThat(message).contains("x4 SELECT " + SqlFingerprint.of(BlockDb.ORDER_TOTAL).id()
                + "  N+1: same call site, 4 distinct parameter sets");
        assertThat(message).contains("     driven by: " + BlockDb.CUSTOMER_IDS + "  (4 rows, at ");
        assertThat(message).contains("     fix: select total from orders where customer_id in (?)   (or a JOIN)");
        assertThat(message).contains("     at " + BlockDb.class.getName() + ".orderTotal(BlockDb.java:");
    }

    @Test
    void hasNoNPlusOneWithAThresholdCountsOnlyLoopsThatLong() {
        QueryLog loop = nPlusOne(); // 4 lookups
        QueryAssertions.assertThat(loop).hasNoNPlusOne(5);
        String message = failure(loop, () -> QueryAssertions.assertThat(loop).hasNoNPlusOne(4));
        assertThat(message).containsPattern(row("N+1 (>= 4)", "none", 1, true));
        message = failure(loop, () -> QueryAssertions.assertThat(loop).hasNoNPlusOne(2));
        assertThat(message).containsPattern(row("N+1", "none", 1, true)); // 2 is the default: no threshold shown
    }

    @Test
    void hasNoRepeatedQueries() {
        QueryLog clean = nPlusOne(); // different parameters every time: a loop, not a repeat
        QueryAssertions.assertThat(clean).hasNoRepeatedQueries();
        QueryAssertions.assertThat(oneOfEachKind()).hasNoRepeatedQueries();

        QueryLog repeated = repeated();
        QueryAssertions.assertThat(repeated).hasNoNPlusOne(); // identical parameters: a repeat, not a loop
        String message = failure(repeated, () -> QueryAssertions.assertThat(repeated).hasNoRepeatedQueries());
        assertThat(message).containsPattern(row("repeated", "none", 1, true));
        assertThat(failedRows(message)).isEqualTo(1);
        assertThat(message).contains("REPEATED: identical parameters");
    }

    @Test
    void hasNoBatchableDml() {
        QueryAssertions.assertThat(oneOfEachKind()).hasNoBatchableDml();

        QueryLog batchable = batchable();
        QueryAssertions.assertThat(batchable).hasInsertCount(3).hasNoBatchableDml(4);
        String message = failure(batchable, () -> QueryAssertions.assertThat(batchable).hasNoBatchableDml());
        assertThat(message).containsPattern(row("batchable", "none", 1, true));
        assertThat(message).contains("BATCHABLE: one INSERT at a time, 3 times");
        message = failure(batchable, () -> QueryAssertions.assertThat(batchable).hasNoBatchableDml(3));
        assertThat(message).containsPattern(row("batchable (>= 3)", "none", 1, true));
    }

    @Test
    void hasNoQuerySlowerThan() {
        QueryLog slow = slow();
        // one statement (the literal is a value), run twice
        assertThat(slow.statements()).hasSize(1);
        assertThat(slow.statements().get(0).count()).isEqualTo(2);
        assertThat(slow.statements().get(0).maxTime()).isEqualTo(Duration.ofMillis(60));
        assertThat(slow.statements().get(0).totalTime()).isEqualTo(Duration.ofMillis(70));
        assertThat(slow.executions()).extracting(QueryLog.Execution::duration)
                .containsExactly(Duration.ofMillis(60), Duration.ofMillis(10));
        QueryLogAssert assertion = QueryAssertions.assertThat(slow);
        assertThat(assertion.hasNoQuerySlowerThan(60)).isSameAs(assertion); // 60 ms is not slower than 60 ms
        assertThat(assertion.hasNoQuerySlowerThan(Duration.ofMillis(60))).isSameAs(assertion);

        String message = failure(slow, () -> QueryAssertions.assertThat(slow).hasNoQuerySlowerThan(50));
        assertThat(message).containsPattern(row("slower than 50 ms", "none", 1, true));
        message = failure(slow, () -> QueryAssertions.assertThat(slow).hasNoQuerySlowerThan(Duration.ofMillis(59)));
        assertThat(message).containsPattern(row("slower than 59 ms", "none", 1, true));
        message = failure(slow, () -> QueryAssertions.assertThat(slow).hasNoQuerySlowerThan(9));
        assertThat(message).containsPattern(row("slower than 9 ms", "none", 2, true));
        assertThat(message).contains("Statements by fingerprint (2 statements, 1 fingerprint, 70 ms):");
    }

    @Test
    void hasFinding() {
        QueryLog loop = nPlusOne();
        QueryLogAssert assertion = QueryAssertions.assertThat(loop);
        assertThat(assertion.hasFinding(FindingType.N_PLUS_ONE)).isSameAs(assertion);
        assertThat(loop.findings(FindingType.N_PLUS_ONE)).hasSize(1);
        assertThat(loop.findings(FindingType.N_PLUS_ONE).get(0).count()).isEqualTo(4);

        QueryLog clean = oneOfEachKind();
        QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryAssertions.assertThat(clean).hasFinding(FindingType.N_PLUS_ONE));
        assertThat(error).isNotNull();
        assertThat(error.log()).isSameAs(clean);
        assertThat(error.getMessage()).isEqualTo("Expected at least one N_PLUS_ONE finding in QueryLogAssertTest.oneOfEachKind()"
                + " but there was none.\n" + clean.describe());

        QueryAssertions.assertThat(repeated()).hasFinding(FindingType.REPEATED_QUERY);
        QueryAssertions.assertThat(batchable()).hasFinding(FindingType.BATCHABLE_DML);
        String message = failure(loop, () -> QueryAssertions.assertThat(loop).hasFinding(FindingType.BATCHABLE_DML));
        assertThat(message).startsWith("Expected at least one BATCHABLE_DML finding in QueryLogAssertTest.nPlusOne()");
    }

    // --------------------------------------------------------------------------------------------- satisfies

    @Test
    void satisfiesListsEveryFailingExpectationInOneMessage() {
        QueryLog loop = nPlusOne();
        QueryLogAssert assertion = QueryAssertions.assertThat(loop);
        assertThat(assertion.satisfies(select(5), insert(0), maxTotal(5), noNPlusOne(5))).isSameAs(assertion);
        assertThat(assertion.satisfies()).isSameAs(assertion);

        String message = failure(loop, () -> QueryAssertions.assertThat(loop)
                .satisfies(select(2), insert(0), maxTotal(3), noNPlusOne(), noRepeatedQueries(), noBatchableDml(),
                        noQuerySlowerThan(1)));
        assertThat(message).startsWith("Query expectations failed in QueryLogAssertTest.nPlusOne()\n"
                + "  counter            expected   actual\n");
        assertThat(message).containsPattern(row("select", "2", 5, true));
        assertThat(message).containsPattern(row("insert", "0", 0, false));
        assertThat(message).containsPattern(row("total", "<= 3", 5, true));
        assertThat(message).containsPattern(row("N+1", "none", 1, true));
        assertThat(message).containsPattern(row("repeated", "none", 0, false));
        assertThat(message).containsPattern(row("batchable", "none", 0, false));
        assertThat(message).containsPattern(row("slower than 1 ms", "none", 0, false));
        assertThat(failedRows(message)).isEqualTo(3);
        // rows in the order the expectations were given
        assertThat(message.indexOf("  select ")).isLessThan(message.indexOf("  insert "));
        assertThat(message.indexOf("  insert ")).isLessThan(message.indexOf("  total "));
        assertThat(message.indexOf("  total ")).isLessThan(message.indexOf("  N+1 "));
        assertThat(message.indexOf("  N+1 ")).isLessThan(message.indexOf("  slower than 1 ms "));
        assertThat(message).endsWith(loop.describe());
    }

    @Test
    void anEmptyLogFailsWithTheHintAboutOtherThreads() {
        QueryLog empty = QueryHound.record(() -> { });
        assertThat(empty.count()).isZero();
        assertThat(empty.statements()).isEmpty();
        assertThat(empty.executions()).isEmpty();
        assertThat(empty.isComplete()).isTrue();
        assertThat(empty.totalTime()).isZero();
        QueryAssertions.assertThat(empty).hasTotalCount(0).hasNoNPlusOne().hasAtMostQueries(0);

        String message = failure(empty, () -> QueryAssertions.assertThat(empty).hasSelectCount(1));
        assertThat(message).containsPattern(row("select", "1", 0, true));
        assertThat(message).contains("No statement was recorded.\n");
        assertThat(message).contains("No statement ran on this thread while recording.");
        assertThat(message).contains("QueryHound.propagating(executor)");
    }
}
