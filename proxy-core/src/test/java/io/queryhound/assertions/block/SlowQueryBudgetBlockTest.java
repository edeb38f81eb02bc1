package io.queryhound.assertions.block;

import io.queryhound.FindingType;
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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static io.queryhound.assertions.block.BlockDb.drain;
import static io.queryhound.assertions.block.BlockDb.failedRows;
import static io.queryhound.assertions.block.BlockDb.row;
import static io.queryhound.junit.QueryExpectation.noQuerySlowerThan;
import static io.queryhound.junit.QueryExpectation.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code noQuerySlowerThan} on the virtual clock of {@link SqlFunctions}: {@code select
 * advance_micros(60000)} takes exactly 60 ms and nothing else takes any time, so budgets are
 * checked to the nanosecond without sleeping.
 */
class SlowQueryBudgetBlockTest {

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private RecordingEngine hound;
    private DataSource ds;

    @BeforeEach
    void setUp() throws SQLException {
        hound = new RecordingEngine(SqlFunctions::virtualNanos);
        ds = hound.wrap(BlockDb.withCustomers(2));
    }

    @AfterEach
    void tearDown() {
        hound.close();
        assertThat(diagnostics.text()).as("QueryHound's own diagnostics").doesNotContain("internal error");
    }

    /** One query taking {@code micros} of virtual time. */
    private int takes(int micros) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            return drain(st.executeQuery("select advance_micros(" + micros + ")"));
        }
    }

    @Test
    void aSixtyMillisecondQueryFailsAFiftyMillisecondBudget() {
        QueryExpectationError error = null;
        try {
            QueryHound.expect(select(1), noQuerySlowerThan(50)).during(() -> takes(60_000));
        } catch (QueryExpectationError e) {
            error = e;
        }
        assertThat(error).isNotNull();
        String message = error.getMessage();
        assertThat(message).startsWith("Query expectations failed in SlowQueryBudgetBlockTest."
                + "aSixtyMillisecondQueryFailsAFiftyMillisecondBudget()\n");
        assertThat(message).containsPattern(row("slower than 50 ms", "none", 1, true));
        assertThat(message).containsPattern(row("select", "1", 1, false));
        assertThat(failedRows(message)).isEqualTo(1);
        assertThat(message).contains("Statements by fingerprint (1 statement, 1 fingerprint, 60 ms):");

        QueryLog log = error.log();
        assertThat(log.totalTime()).isEqualTo(Duration.ofMillis(60));
        assertThat(log.executions().get(0).duration()).isEqualTo(Duration.ofMillis(60));
        QueryLog.StatementGroup group = log.statements().get(0);
        assertThat(group.maxTime()).isEqualTo(Duration.ofMillis(60));
        assertThat(group.totalTime()).isEqualTo(Duration.ofMillis(60));
    }

    @Test
    void aTenMillisecondQueryPasses() {
        int rows = QueryHound.expect(select(1), noQuerySlowerThan(50)).during(() -> takes(10_000));
        assertThat(rows).isEqualTo(1);
        QueryLog log = QueryHound.expect(noQuerySlowerThan(Duration.ofMillis(50))).record(() -> takes(10_000));
        assertThat(log.statements().get(0).maxTime()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void theBudgetIsExclusive() {
        QueryHound.expect(noQuerySlowerThan(50)).during(() -> takes(50_000));
        QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryHound.expect(noQuerySlowerThan(50)).during(() -> takes(50_001)));
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).containsPattern(row("slower than 50 ms", "none", 1, true));
    }

    @Test
    void everySlowExecutionIsCountedAndTheGroupKeepsTheSlowest() {
        QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryHound.expect(noQuerySlowerThan(Duration.ofMillis(50))).during(() -> {
                    takes(60_000);
                    takes(10_000);
                    takes(75_000);
                    takes(51_000);
                }));
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).containsPattern(row("slower than 50 ms", "none", 3, true));
        QueryLog log = error.log();
        assertThat(log.statements()).hasSize(1);
        QueryLog.StatementGroup group = log.statements().get(0);
        assertThat(group.count()).isEqualTo(4);
        assertThat(group.maxTime()).isEqualTo(Duration.ofMillis(75));
        assertThat(group.totalTime()).isEqualTo(Duration.ofMillis(196));
        assertThat(log.totalTime()).isEqualTo(Duration.ofMillis(196));
    }

    @Test
    void slowFindingsFollowTheProductionThresholdNotTheBudget() {
        // the budget is the test's; the SLOW_QUERY finding keeps slowQueryMillis (100 by default)
        QueryLog log = QueryHound.record(() -> {
            takes(60_000);
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select advance_micros(?)")) {
                ps.setInt(1, 150_000);
                drain(ps.executeQuery());
            }
        });
        assertThat(log.findings(FindingType.SLOW_QUERY)).hasSize(1);
        assertThat(log.findings(FindingType.SLOW_QUERY).get(0).maxMillis()).isEqualTo(150.0);
        assertThat(log.describe()).contains("SLOW: slowest 150.0 ms");
    }

    @Test
    void aDurationBudgetKeepsItsFractionOfAMillisecond() {
        // "No single execution slower than budget": 50.5 ms is not slower than 50.9 ms
        int rows = QueryHound.expect(noQuerySlowerThan(Duration.ofMillis(50).plusNanos(900_000)))
                .during(() -> takes(50_500));
        assertThat(rows).isEqualTo(1);
    }
}
