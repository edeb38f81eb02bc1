package io.queryhound.internal.capture;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.bridge.CapturedExecution;
import io.queryhound.internal.bridge.StatementMemo;
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
    void intsAndLongsKeptUnboxedAreBoxedOnlyWhenCopiedOut() {
        CapturedExecution execution = prepared(CapturedExecution.INT_VALUE, "x", CapturedExecution.LONG_VALUE);
        execution.boundPrimitives = new long[execution.boundValues.length];
        execution.boundPrimitives[0] = 100_000;
        execution.boundPrimitives[2] = 1L << 40;
        AgentCapture.Bound bound = AgentCapture.boundValues(execution);
        assertThat(bound.refusal()).isNull();
        assertThat(bound.values()).containsExactly(100_000, "x", 1L << 40);
        assertThat(bound.values()[0]).isInstanceOf(Integer.class);
        assertThat(bound.values()[2]).isInstanceOf(Long.class);
    }

    @Test
    void aPreparedStatementsFingerprintIsKeptFromItsSecondExecutionAndRedoneWhenItsSqlOrDialectChanges() {
        String sql = new String("select * from orders where customer_id = ?");
        CapturedExecution execution = new CapturedExecution();
        execution.sql = sql;
        StatementMemo memo = new StatementMemo();
        execution.statementMemo = memo;
        SqlFingerprint first = AgentCapture.fingerprintOf(execution, SqlDialect.GENERIC, true);
        assertThat(memo.value).as("the first execution only notes the SQL: nothing allocated").isSameAs(sql);
        assertThat(AgentCapture.fingerprintOf(execution, SqlDialect.GENERIC, true)).isEqualTo(first);
        Object kept = memo.value;
        assertThat(kept).as("kept from the second execution").isNotSameAs(sql);
        assertThat(AgentCapture.fingerprintOf(execution, SqlDialect.GENERIC, true)).isSameAs(first);
        assertThat(memo.value).as("no new memo per execution").isSameAs(kept);

        execution.sql = "select * from customers where id = ?";
        assertThat(AgentCapture.fingerprintOf(execution, SqlDialect.GENERIC, true).template())
                .isEqualTo(SqlFingerprint.of(execution.sql).template());
        execution.sql = sql;
        assertThat(AgentCapture.fingerprintOf(execution, SqlDialect.POSTGRESQL, true))
                .isEqualTo(SqlFingerprint.of(sql, SqlDialect.POSTGRESQL));

        StatementMemo untouched = new StatementMemo();
        execution.statementMemo = untouched;
        assertThat(AgentCapture.fingerprintOf(execution, SqlDialect.GENERIC, false)).isEqualTo(first);
        assertThat(AgentCapture.fingerprintOf(execution, SqlDialect.GENERIC, false)).isEqualTo(first);
        assertThat(untouched.owner).as("a copy routing wrapped DataSources keeps nothing in the agent's records")
                .isNull();
        assertThat(untouched.value).isNull();
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
