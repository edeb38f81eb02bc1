package io.queryhound.assertions.block;

import io.queryhound.CallSite;
import io.queryhound.QueryHound;
import io.queryhound.junit.QueryAssertions;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryLog;
import io.queryhound.testing.RecordingEngine;
import io.queryhound.testing.SqlFunctions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static io.queryhound.assertions.block.BlockDb.here;
import static io.queryhound.assertions.block.BlockDb.row;
import static io.queryhound.junit.QueryExpectation.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A block that runs more than {@link QueryLog#MAX_EXECUTIONS} statements: every one is counted
 * and grouped, the first 10,000 are kept one by one, and the log says it is not complete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeBlockTest {

    private static final int RUNS = 10_050;

    private RecordingEngine hound;
    private DataSource ds;
    private int line;
    /** The failure of {@code select(RUNS)} over the block, run once for the class (recording 10,000 executions takes seconds). */
    private QueryExpectationError error;

    @BeforeAll
    void runTheBlockOnce() throws SQLException {
        // the virtual clock: these queries take no time, so one of them is 10 s of virtual time
        hound = new RecordingEngine(SqlFunctions::virtualNanos);
        ds = hound.wrap(BlockDb.withCustomers(1));
        try {
            QueryHound.expect(select(RUNS)).during(this::manySelects);
        } catch (QueryExpectationError e) {
            error = e;
        }
    }

    @AfterAll
    void closeEngine() {
        hound.close();
    }

    private void selectOne(Statement st) throws SQLException {
        line = here(); try (ResultSet rs = st.executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    private void manySelects() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (int i = 0; i < RUNS; i++) {
                selectOne(st);
            }
            // then a slow one: its group still knows, though it is past the executions kept
            try (ResultSet rs = st.executeQuery("select advance_micros(10000000)")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void countsAreExactAndTheFirstTenThousandExecutionsAreKept() {
        assertThat(error).as("select(%d) must fail", RUNS).isNotNull();
        QueryLog log = error.log();

        assertThat(QueryLog.MAX_EXECUTIONS).isEqualTo(10_000);
        assertThat(log.count()).isEqualTo(RUNS + 1);
        assertThat(log.selectCount()).isEqualTo(RUNS + 1);
        assertThat(log.executions()).hasSize(QueryLog.MAX_EXECUTIONS);
        assertThat(log.isComplete()).isFalse();
        assertThat(log.executions().get(0).index()).isEqualTo(1);
        assertThat(log.executions().get(9_999).index()).isEqualTo(10_000);
        assertThat(log.executions()).allSatisfy(e -> assertThat(e.sql()).isEqualTo("select 1"));

        assertThat(log.statements()).hasSize(2);
        QueryLog.StatementGroup ones = log.statements().get(0);
        assertThat(ones.template()).isEqualTo("select ?");
        assertThat(ones.count()).isEqualTo(RUNS);
        assertThat(ones.executions()).hasSize(QueryLog.MAX_EXECUTIONS);
        assertThat(ones.rows()).isEqualTo(QueryLog.MAX_EXECUTIONS); // rows of the executions kept
        // the executions kept have their line; those past them are counted without one
        CallSite site = new CallSite(LargeBlockTest.class.getName(), "selectOne", "LargeBlockTest.java", line);
        assertThat(ones.sites()).hasSize(2);
        assertThat(ones.sites().get(0).callSite()).isEqualTo(site);
        assertThat(ones.sites().get(0).count()).isEqualTo(QueryLog.MAX_EXECUTIONS);
        assertThat(ones.sites().get(1).callSite()).isNull();
        assertThat(ones.sites().get(1).count()).isEqualTo(RUNS - QueryLog.MAX_EXECUTIONS);
        assertThat(ones.sites().stream().mapToLong(QueryLog.SiteCount::count).sum()).isEqualTo(RUNS);
        assertThat(ones.maxTime()).isZero();

        QueryLog.StatementGroup slow = log.statements().get(1);
        assertThat(slow.template()).isEqualTo("select advance_micros(?)");
        assertThat(slow.count()).isEqualTo(1);
        assertThat(slow.executions()).isEmpty();
        assertThat(slow.maxTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(slow.totalTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(log.totalTime()).isEqualTo(Duration.ofSeconds(10));

        // the report counts them all too
        assertThat(log.describe()).startsWith("Statements by fingerprint (10051 statements, 2 fingerprints, 10000 ms):\n"
                + "  #1 x10050 SELECT ");
        assertThat(log.describe()).contains("at " + site + "  x10000").contains("at (no application frame)  x50");
        assertThat(log.describe()).contains("  #2 x1     SELECT ");
    }

    @Test
    void expectationsCountEveryExecution() {
        assertThat(error).as("select(%d) must fail", RUNS).isNotNull();
        assertThat(error.getMessage()).containsPattern(row("select", Integer.toString(RUNS), RUNS + 1, true));
        QueryAssertions.assertThat(error.log()).hasSelectCount(RUNS + 1).hasAtMostQueries(RUNS + 1)
                .hasNoQuerySlowerThan(Duration.ofSeconds(10));
        // the 10 s query is past the executions kept, and the budget still sees it
        QueryExpectationError slow = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryAssertions.assertThat(error.log()).hasNoQuerySlowerThan(9_999));
        assertThat(slow).isNotNull();
        assertThat(slow.getMessage()).containsPattern(row("slower than 9999 ms", "none", 1, true));
    }
}
