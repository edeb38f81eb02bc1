package io.queryhound.assertions.block;

import io.queryhound.QueryHound;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryLog;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.RecordingEngine;
import io.queryhound.testing.SqlFunctions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;

import static io.queryhound.assertions.block.BlockDb.drain;
import static io.queryhound.assertions.block.BlockDb.row;
import static io.queryhound.junit.QueryExpectation.insert;
import static io.queryhound.junit.QueryExpectation.noNPlusOne;
import static io.queryhound.junit.QueryExpectation.select;
import static io.queryhound.junit.QueryExpectation.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Blocks inside blocks on one thread: each recording sees the queries run while it is open, so
 * the inner log has only its own and the outer one counts both.
 */
class NestedBlocksTest {

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private RecordingEngine hound;
    private DataSource ds;

    @BeforeEach
    void setUp() throws SQLException {
        hound = new RecordingEngine(SqlFunctions::virtualNanos);
        ds = hound.wrap(BlockDb.withCustomers(3));
    }

    @AfterEach
    void tearDown() {
        hound.close();
        assertThat(diagnostics.text()).as("QueryHound's own diagnostics").doesNotContain("internal error");
    }

    private void query(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            if (sql.startsWith("select")) {
                drain(st.executeQuery(sql));
            } else {
                st.executeUpdate(sql);
            }
        }
    }

    @Test
    void recordInsideExpectDuring() {
        AtomicReference<QueryLog> inner = new AtomicReference<>();
        String result = QueryHound.expect(select(3), insert(1), total(4)).during(() -> {
            query("select id from customers");
            inner.set(QueryHound.record(() -> {
                query("select name from customers where id = 1");
                query("insert into customers (id, name) values (9, 'nine')");
            }));
            query("select count(*) from orders");
            return "done";
        });
        assertThat(result).isEqualTo("done");

        QueryLog log = inner.get();
        assertThat(log.count()).isEqualTo(2);
        assertThat(log.selectCount()).isEqualTo(1);
        assertThat(log.insertCount()).isEqualTo(1);
        assertThat(log.executions()).extracting(QueryLog.Execution::sql).containsExactly(
                "select name from customers where id = 1", "insert into customers (id, name) values (9, 'nine')");
        assertThat(log.executions()).extracting(QueryLog.Execution::index).containsExactly(1, 2);
    }

    @Test
    void theOuterLogHasEveryQueryInOrder() {
        AtomicReference<QueryLog> inner = new AtomicReference<>();
        QueryLog outer = QueryHound.expect(select(3)).record(() -> {
            query("select id from customers");
            inner.set(QueryHound.expect(select(1)).record(() -> query("select name from customers where id = 1")));
            query("select count(*) from orders");
        });
        assertThat(outer.count()).isEqualTo(3);
        assertThat(outer.executions()).extracting(QueryLog.Execution::sql).containsExactly(
                "select id from customers", "select name from customers where id = 1", "select count(*) from orders");
        assertThat(outer.executions()).extracting(QueryLog.Execution::index).containsExactly(1, 2, 3);
        assertThat(inner.get().count()).isEqualTo(1);
        // the same execution, seen by both, at the same call site
        assertThat(inner.get().executions().get(0).callSite()).isEqualTo(outer.executions().get(1).callSite());
        assertThat(inner.get().executions().get(0).fingerprint()).isEqualTo(outer.executions().get(1).fingerprint());
    }

    @Test
    void theOuterExpectationFailsOnTheSumOfBoth() {
        Throwable thrown = catchThrowable(() -> QueryHound.expect(select(1)).during(() -> {
            query("select id from customers");
            QueryLog inner = QueryHound.record(() -> query("select name from customers where id = 2"));
            assertThat(inner.count()).isEqualTo(1);
        }));
        assertThat(thrown).isInstanceOf(QueryExpectationError.class);
        QueryExpectationError error = (QueryExpectationError) thrown;
        assertThat(error.getMessage()).containsPattern(row("select", "1", 2, true));
        assertThat(error.log().count()).isEqualTo(2);
    }

    @Test
    void anInnerLoopIsFoundByBothAndAnInnerFailureEscapesTheOuterBlockUnchanged() {
        AtomicReference<QueryExpectationError> innerError = new AtomicReference<>();
        Throwable thrown = catchThrowable(() -> QueryHound.record(() -> {
            query("select count(*) from customers");
            try {
                QueryHound.expect(noNPlusOne()).during(() -> {
                    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                        for (int id : BlockDb.ints(st.executeQuery(BlockDb.CUSTOMER_IDS))) {
                            BlockDb.orderTotal(c, id);
                        }
                    }
                });
            } catch (QueryExpectationError e) {
                innerError.set(e);
                throw e;
            }
        }));
        assertThat(innerError.get()).isNotNull();
        assertThat(thrown).isSameAs(innerError.get());
        QueryLog innerLog = innerError.get().log();
        assertThat(innerLog.count()).isEqualTo(4); // the outer block's count(*) is not in it
        assertThat(innerError.get().getMessage()).containsPattern(row("N+1", "none", 1, true));

        // the outer recording was finished on the way out: the next block starts from nothing
        QueryLog next = QueryHound.record(() -> query("select count(*) from orders"));
        assertThat(next.count()).isEqualTo(1);
    }

    @Test
    void bothLevelsSeeTheLoop() {
        AtomicReference<QueryLog> inner = new AtomicReference<>();
        QueryLog outer = QueryHound.record(() -> inner.set(QueryHound.record(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                for (int id : BlockDb.ints(st.executeQuery(BlockDb.CUSTOMER_IDS))) {
                    BlockDb.orderTotal(c, id);
                }
            }
        })));
        assertThat(outer.count()).isEqualTo(4);
        assertThat(inner.get().count()).isEqualTo(4);
        assertThat(outer.findings(io.queryhound.FindingType.N_PLUS_ONE)).hasSize(1);
        assertThat(inner.get().findings(io.queryhound.FindingType.N_PLUS_ONE)).hasSize(1);
        assertThat(outer.findings(io.queryhound.FindingType.N_PLUS_ONE).get(0).count()).isEqualTo(3);
    }
}
