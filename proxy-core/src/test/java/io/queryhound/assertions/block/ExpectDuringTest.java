package io.queryhound.assertions.block;

import io.queryhound.QueryHound;
import io.queryhound.junit.QueryBlock;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryExpectations;
import io.queryhound.junit.QueryLog;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.RecordingEngine;
import io.queryhound.testing.SqlFunctions;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static io.queryhound.assertions.block.BlockDb.drain;
import static io.queryhound.assertions.block.BlockDb.failedRows;
import static io.queryhound.assertions.block.BlockDb.row;
import static io.queryhound.junit.QueryExpectation.delete;
import static io.queryhound.junit.QueryExpectation.insert;
import static io.queryhound.junit.QueryExpectation.maxSelect;
import static io.queryhound.junit.QueryExpectation.maxTotal;
import static io.queryhound.junit.QueryExpectation.noNPlusOne;
import static io.queryhound.junit.QueryExpectation.noOtherQueries;
import static io.queryhound.junit.QueryExpectation.select;
import static io.queryhound.junit.QueryExpectation.total;
import static io.queryhound.junit.QueryExpectation.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code QueryHound.expect(...).during(...)} and {@code .record(...)}: the block's value comes
 * back, the expectations are checked against the block's own queries, and whatever the block
 * throws, checked or not, reaches the caller as it is, with no expectation checked.
 */
class ExpectDuringTest {

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private RecordingEngine hound;
    private JdbcDataSource h2;
    private DataSource ds;

    @BeforeEach
    void setUp() throws SQLException {
        hound = new RecordingEngine(SqlFunctions::virtualNanos);
        h2 = BlockDb.withCustomers(3);
        ds = hound.wrap(h2);
    }

    @AfterEach
    void tearDown() {
        hound.close();
        assertThat(diagnostics.text()).as("QueryHound's own diagnostics").doesNotContain("internal error");
    }

    private int customerCount() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            List<Integer> ids = BlockDb.ints(st.executeQuery(BlockDb.CUSTOMER_IDS));
            return ids.size();
        }
    }

    private int firstOrderTotal() throws SQLException {
        try (Connection c = ds.getConnection()) {
            return BlockDb.orderTotal(c, 1);
        }
    }

    private void insertCustomer(int id) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("insert into customers (id, name) values (" + id + ", 'c" + id + "')");
        }
    }

    // ------------------------------------------------------------------------------------------ results

    @Test
    void duringReturnsTheBlocksValue() {
        Integer total = QueryHound.expect(select(2), noNPlusOne()).during(() -> customerCount() * 1000 + firstOrderTotal());
        assertThat(total).isEqualTo(3010);

        String text = QueryHound.expect(select(0), total(0)).during(() -> "no query");
        assertThat(text).isEqualTo("no query");

        Object nothing = QueryHound.expect(total(0)).during((Callable<Object>) () -> null);
        assertThat(nothing).isNull();
    }

    @Test
    void duringAVoidBlockRunsItAndChecks() {
        List<String> ran = new ArrayList<>();
        QueryHound.expect(insert(2), select(0)).during(() -> {
            insertCustomer(10);
            insertCustomer(11);
            ran.add("block");
        });
        assertThat(ran).containsExactly("block");

        QueryBlock block = () -> insertCustomer(12);
        QueryExpectationError error = null;
        try {
            QueryHound.expect(insert(2)).during(block); // called from the test method itself: the failure names it
        } catch (QueryExpectationError e) {
            error = e;
        }
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).startsWith("Query expectations failed in ExpectDuringTest."
                + "duringAVoidBlockRunsItAndChecks()\n");
        assertThat(error.getMessage()).containsPattern(row("insert", "2", 1, true));
        assertThat(error.log().insertCount()).isEqualTo(1);
        assertThat(error.log().executions().get(0).sql()).isEqualTo("insert into customers (id, name) values (12, 'c12')");
    }

    @Test
    void aFailedExpectationThrowsAfterTheBlockRanWithTheBlocksLog() {
        List<String> ran = new ArrayList<>();
        QueryExpectationError error = null;
        try {
            QueryHound.expect(select(1), noNPlusOne()).during(() -> {
                ran.add("before");
                int value = customerCount() + firstOrderTotal() + firstOrderTotal();
                ran.add("after");
                return value;
            });
        } catch (QueryExpectationError e) {
            error = e;
        }
        assertThat(ran).containsExactly("before", "after");
        assertThat(error).isNotNull().isInstanceOf(AssertionError.class);
        assertThat(error.log().count()).isEqualTo(3);
        assertThat(error.log().name()).isEqualTo("ExpectDuringTest.aFailedExpectationThrowsAfterTheBlockRanWithTheBlocksLog()");
        String message = error.getMessage();
        assertThat(message).startsWith("Query expectations failed in " + error.log().name() + "\n");
        assertThat(message).containsPattern(row("select", "1", 3, true));
        // the same parameter twice is not a loop
        assertThat(message).containsPattern(row("N+1", "none", 0, false));
        assertThat(failedRows(message)).isEqualTo(1);
        assertThat(message).endsWith(error.log().describe());
    }

    @Test
    void recordChecksAndReturnsTheLog() {
        QueryLog log = QueryHound.expect(select(1), maxTotal(1)).record(this::firstOrderTotal);
        assertThat(log.count()).isEqualTo(1);
        assertThat(log.executions().get(0).sql()).isEqualTo(BlockDb.ORDER_TOTAL);

        QueryLog voidLog = QueryHound.expect(insert(1)).record(() -> insertCustomer(20));
        assertThat(voidLog.insertCount()).isEqualTo(1);

        QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryHound.expect(maxSelect(0)).record(this::firstOrderTotal));
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).containsPattern(row("select", "<= 0", 1, true));
    }

    @Test
    void expectWithNothingOnlyRecords() {
        QueryExpectations nothing = QueryHound.expect();
        assertThat(nothing.during(this::customerCount)).isEqualTo(3);
        QueryLog log = nothing.record(this::customerCount);
        assertThat(log.selectCount()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------ strict

    @Test
    void noOtherQueriesPassesWhenOnlyTheNamedKindsRan() {
        QueryHound.expect(select(1), noOtherQueries()).during(this::customerCount);
        QueryHound.expect(noOtherQueries()).during(() -> "nothing ran");
    }

    @Test
    void noOtherQueriesFailsOnEveryUnnamedKindThatRan() {
        QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryHound.expect(select(1), noOtherQueries()).during(() -> {
                    customerCount();
                    insertCustomer(30);
                    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                        st.executeUpdate("update customers set name = 'x' where id = 30");
                        st.executeUpdate("merge into customers (id, name) key (id) values (31, 'y')");
                    }
                }));
        assertThat(error).isNotNull();
        String message = error.getMessage();
        assertThat(message).containsPattern(row("select", "1", 1, false));
        assertThat(message).containsPattern(row("insert", "0", 1, true));
        assertThat(message).containsPattern(row("update", "0", 1, true));
        assertThat(message).containsPattern(row("delete", "0", 0, false));
        assertThat(message).containsPattern(row("call", "0", 0, false));
        assertThat(message).containsPattern(row("other", "0", 1, true));
        assertThat(message).doesNotContainPattern("(?m)^  total ");
        assertThat(failedRows(message)).isEqualTo(3);
    }

    @Test
    void noOtherQueriesLeavesTheNamedCountersToTheirOwnExpectations() {
        // update and delete are named, so strict mode adds no rows for them
        QueryHound.expect(insert(1), update(0), delete(0), noOtherQueries()).during(() -> insertCustomer(40));
        // a limit on the total names no kind: the select is still "other"
        QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryHound.expect(maxTotal(5), noOtherQueries()).during(this::customerCount));
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).containsPattern(row("total", "<= 5", 1, false));
        assertThat(error.getMessage()).containsPattern(row("select", "0", 1, true));
    }

    // -------------------------------------------------------------------------------------- exceptions

    @Test
    void aCheckedExceptionFromTheBlockReachesTheCallerAsItIsAndNothingIsChecked() {
        IOException thrown = new IOException("disk full");
        Throwable caught = catchThrowable(() -> QueryHound.expect(select(0), total(0)).during(() -> {
            customerCount(); // would fail select(0)
            throw thrown;
        }));
        assertThat(caught).isSameAs(thrown);
        assertThat(caught).isNotInstanceOf(QueryExpectationError.class);
        assertThat(caught.getSuppressed()).isEmpty();
        assertThat(caught.getCause()).isNull();

        Throwable fromCallable = catchThrowable(() -> QueryHound.expect(select(0)).during((Callable<Integer>) () -> {
            customerCount();
            throw thrown;
        }));
        assertThat(fromCallable).isSameAs(thrown);

        Throwable fromRecord = catchThrowable(() -> QueryHound.expect(select(0)).record(() -> {
            customerCount();
            throw thrown;
        }));
        assertThat(fromRecord).isSameAs(thrown);

        Throwable fromPlainRecord = catchThrowable(() -> QueryHound.record(() -> {
            customerCount();
            throw thrown;
        }));
        assertThat(fromPlainRecord).isSameAs(thrown);
    }

    @Test
    void uncheckedExceptionsAndErrorsFromTheBlockReachTheCallerAsTheyAre() {
        IllegalStateException runtime = new IllegalStateException("boom");
        assertThat(catchThrowable(() -> QueryHound.expect(select(5)).during(() -> {
            customerCount();
            throw runtime;
        }))).isSameAs(runtime);

        AssertionError assertion = new AssertionError("an assertion inside the block");
        assertThat(catchThrowable(() -> QueryHound.expect(select(5)).during(() -> {
            customerCount();
            throw assertion;
        }))).isSameAs(assertion);
    }

    @Test
    void aDriverSqlExceptionPropagatesExactlyAsTheRawDriverThrowsIt() throws SQLException {
        String bad = "select * from no_such_table where id = 1";
        SQLException raw;
        try (Connection c = h2.getConnection(); Statement st = c.createStatement()) {
            raw = catchThrowableOfType(SQLException.class, () -> st.executeQuery(bad));
        }
        assertThat((Throwable) raw).isNotNull();

        Throwable caught = catchThrowable(() -> QueryHound.expect(select(0), total(0)).during(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                return drain(st.executeQuery(bad));
            }
        }));
        assertThat(caught).isNotInstanceOf(QueryExpectationError.class);
        assertThat(caught).isExactlyInstanceOf(raw.getClass());
        SQLException sql = (SQLException) caught;
        assertThat(sql.getMessage()).isEqualTo(raw.getMessage());
        assertThat(sql.getSQLState()).isEqualTo(raw.getSQLState()).isEqualTo("42S02");
        assertThat(sql.getErrorCode()).isEqualTo(raw.getErrorCode());

        // the failed execution is logged as failed when the block handles the exception itself
        QueryLog log = QueryHound.record(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                return catchThrowableOfType(SQLException.class, () -> st.executeQuery(bad)).getSQLState();
            }
        });
        assertThat(log.count()).isEqualTo(1);
        assertThat(log.executions().get(0).failed()).isTrue();
        assertThat(log.executions().get(0).sql()).isEqualTo(bad);
        assertThat(log.statements().get(0).failures()).isEqualTo(1);
    }

    @Test
    void afterABlockThrewItsRecordingNoLongerCounts() throws Exception {
        QueryLog outer = QueryHound.record(() -> {
            Throwable thrown = catchThrowable(() -> QueryHound.expect(select(0)).during(() -> {
                customerCount();
                throw new IOException("inner");
            }));
            assertThat(thrown).isInstanceOf(IOException.class);
            // runs after the inner block: counted by the outer recording only
            QueryLog next = QueryHound.record(this::firstOrderTotal);
            assertThat(next.count()).isEqualTo(1);
            assertThat(next.executions().get(0).sql()).isEqualTo(BlockDb.ORDER_TOTAL);
            insertCustomer(50);
        });
        assertThat(outer.executions()).extracting(QueryLog.Execution::sql).containsExactly(
                BlockDb.CUSTOMER_IDS, BlockDb.ORDER_TOTAL, "insert into customers (id, name) values (50, 'c50')");
        // and the thread is left with no recording bound: a query now belongs to no block
        customerCount();
        QueryLog after = QueryHound.record(() -> { });
        assertThat(after.count()).isZero();
    }
}
