package io.queryhound.assertions.block;

import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.junit.QueryAssertions;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryLog;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.RecordingEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import static io.queryhound.assertions.block.BlockDb.drain;
import static io.queryhound.junit.QueryExpectation.noNPlusOne;
import static io.queryhound.junit.QueryExpectation.noRepeatedQueries;
import static io.queryhound.junit.QueryExpectation.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Bound values and literals never reach a failure message or a log's text: statements are shown
 * by their templates, with {@code ?} for every value, even when the engine logs parameters.
 */
class SecretsInMessagesTest {

    private static final String SECRET = "s3cr3t-password-value";
    private static final String LOOKUP = "select name from customers where id = ? and secret <> ?";

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private RecordingEngine hound;

    @AfterEach
    void tearDown() {
        if (hound != null) {
            hound.close();
        }
        assertThat(diagnostics.text()).as("QueryHound's own diagnostics").doesNotContain("internal error");
    }

    private DataSource wrapped(QueryHound.Builder builder) throws SQLException {
        hound = new RecordingEngine(builder);
        return hound.wrap(BlockDb.withCustomers(4));
    }

    /** For each customer, a lookup binding its id and the secret: an N+1 loop of 4 with the secret in every one. */
    private static void loopBindingTheSecret(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (int id : BlockDb.ints(st.executeQuery(BlockDb.CUSTOMER_IDS))) {
                try (PreparedStatement ps = c.prepareStatement(LOOKUP)) {
                    ps.setInt(1, id);
                    ps.setString(2, SECRET);
                    assertThat(drain(ps.executeQuery())).isEqualTo(1);
                }
            }
        }
    }

    /** The secret as a literal in the SQL text, twice: a repeated query. */
    private static void literalSecret(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (int i = 0; i < 2; i++) {
                drain(st.executeQuery("select id from customers where secret = '" + SECRET + "'"));
            }
        }
    }

    private static void assertNoSecret(QueryExpectationError error) {
        assertThat(error).isNotNull();
        QueryLog log = error.log();
        assertThat(error.getMessage()).doesNotContain(SECRET).doesNotContain("s3cr3t");
        assertThat(log.toString()).doesNotContain(SECRET).doesNotContain("s3cr3t");
        assertThat(log.describe()).doesNotContain(SECRET).doesNotContain("s3cr3t");
        assertThat(String.valueOf(error)).doesNotContain(SECRET);
        QueryExpectationError finding = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryAssertions.assertThat(log).hasFinding(FindingType.LARGE_RESULT));
        assertThat(finding.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void aBoundSecretInAnNPlusOneLoopIsNotInTheMessageNorTheLogsText() throws SQLException {
        DataSource ds = wrapped(QueryHound.builder());
        QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryHound.expect(select(1), noNPlusOne()).during(() -> loopBindingTheSecret(ds)));
        assertNoSecret(error);
        assertThat(error.getMessage()).contains("N+1: same call site, 4 distinct parameter sets")
                .contains("     " + LOOKUP + "\n");
        // the executions keep the SQL as sent, which for a prepared statement has only placeholders
        assertThat(error.log().executions()).extracting(QueryLog.Execution::sql).doesNotContain(SECRET)
                .allSatisfy(sql -> assertThat(sql).doesNotContain(SECRET));
    }

    @Test
    void evenWhenTheEngineLogsParameters() throws SQLException {
        DataSource ds = wrapped(QueryHound.builder().set("logParameters", "true"));
        QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryHound.expect(select(1), noNPlusOne()).during(() -> loopBindingTheSecret(ds)));
        assertNoSecret(error);
        assertThat(error.log().findings(FindingType.N_PLUS_ONE)).hasSize(1);
    }

    @Test
    void aSecretLiteralIsNotInTheMessageEither() throws SQLException {
        DataSource ds = wrapped(QueryHound.builder());
        QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryHound.expect(select(1), noRepeatedQueries()).during(() -> literalSecret(ds)));
        assertNoSecret(error);
        assertThat(error.getMessage()).contains("     select id from customers where secret = ?\n")
                .contains("REPEATED: identical parameters");
    }
}
