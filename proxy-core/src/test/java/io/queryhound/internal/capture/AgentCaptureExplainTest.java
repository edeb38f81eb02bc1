package io.queryhound.internal.capture;

import io.queryhound.internal.bridge.CapturedExecution;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agent mode's side of issue 8 (the agent itself is driven in the agent module's JdbcCaptureTest and end to end in
 * agent-it's SlowQueryPlanUnderAgentTest): what a slow execution the agent captured is explained on, and with
 * which values.
 */
class AgentCaptureExplainTest {

    private static CapturedExecution prepared(Object... bound) {
        CapturedExecution execution = new CapturedExecution();
        execution.prepared = true;
        execution.boundValues = new Object[Math.max(8, bound.length)];
        System.arraycopy(bound, 0, execution.boundValues, 0, bound.length);
        execution.boundValueCount = bound.length;
        return execution;
    }

    @Test
    void valuesAreCopiedOutOfTheStatementsArray() {
        CapturedExecution execution = prepared("x", 42L, null);
        AgentCapture.Bound bound = AgentCapture.boundValues(execution);
        assertThat(bound.refusal()).isNull();
        assertThat(bound.values()).containsExactly("x", 42L, null).isNotSameAs(execution.boundValues);
        execution.boundValues[0] = "changed by the next execution";
        assertThat(bound.values()[0]).isEqualTo("x");
    }

    @Test
    void aPlainStatementHasNoValuesToBind() {
        CapturedExecution execution = new CapturedExecution();
        execution.sql = "select 1";
        assertThat(AgentCapture.boundValues(execution).values()).isEmpty();
    }

    @Test
    void streamsLargeValuesNamesAndValuesNotKeptAreRefusedWithLibraryModesNotes() {
        assertThat(AgentCapture.boundValues(prepared(1, CapturedExecution.STREAM_VALUE)).refusal())
                .isEqualTo("not explained: a stream or LOB was bound, which cannot be bound again");
        assertThat(AgentCapture.boundValues(prepared(CapturedExecution.TOO_LARGE_VALUE)).refusal())
                .startsWith("not explained: a value bound was too large");
        CapturedExecution named = prepared();
        named.boundRefusal = CapturedExecution.REFUSED_NAMED;
        assertThat(AgentCapture.boundValues(named).refusal())
                .isEqualTo("not explained: a value was bound by parameter name, which the EXPLAIN cannot repeat");
        CapturedExecution notKept = prepared();
        notKept.boundValues = null;
        notKept.boundRefusal = CapturedExecution.REFUSED_NOT_KEPT;
        assertThat(AgentCapture.boundValues(notKept).values()).isNull();
    }

    @Test
    void theOutermostDataSourceIsTheExplainsSourceAndADriverHasNone() throws SQLException {
        JdbcDataSource outer = new JdbcDataSource();
        JdbcDataSource inner = new JdbcDataSource();
        CapturedExecution execution = new CapturedExecution();
        execution.sources = new Object[] {outer, inner};
        assertThat(AgentCapture.explainSource(execution)).isSameAs(outer);

        Driver driver = DriverManager.getDriver("jdbc:h2:mem:");
        execution.sources = new Object[] {driver};
        assertThat(AgentCapture.explainSource(execution)).isNull();
        execution.sources = null;
        assertThat(AgentCapture.explainSource(execution)).isNull();
        assertThat(AgentCapture.NO_DATA_SOURCE).startsWith("not fetched: under -javaagent").contains("DriverManager");
    }
}
