package io.queryhound.internal.plan;

import io.queryhound.SqlDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL: {@code EXPLAIN (FORMAT JSON) <statement>}, or {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT
 * JSON) <select>} inside a read-only transaction that is rolled back. The driver sends the bound values
 * with the EXPLAIN, so the plan is the one chosen for those values. Table sizes come from
 * {@code pg_class.reltuples}, which {@code ANALYZE} (or autovacuum) keeps current.
 */
final class PostgresExplainer extends Explainer {

    PostgresExplainer(boolean analyze, int timeoutSeconds) {
        super(SqlDialect.POSTGRESQL, analyze, timeoutSeconds);
    }

    @Override
    String explainStatement(String sql, boolean measured) {
        return (measured ? "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " : "EXPLAIN (FORMAT JSON) ") + sql;
    }

    @Override
    PlanSummary read(String planText, boolean measured) {
        return PostgresPlanJson.parse(planText, measured);
    }

    /** A second guard besides the rollback: a function that tries to write fails instead. */
    @Override
    void beforeMeasuring(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds());
            statement.execute("SET TRANSACTION READ ONLY");
        }
    }

    @Override
    long tableRows(Connection connection, PlanSummary.TableAccess table) throws SQLException {
        String sql = table.schema() == null
                ? "SELECT reltuples FROM pg_class WHERE oid = to_regclass(quote_ident(?))"
                : "SELECT reltuples FROM pg_class WHERE oid = to_regclass(quote_ident(?) || '.' || quote_ident(?))";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(timeoutSeconds());
            if (table.schema() == null) {
                statement.setString(1, table.table());
            } else {
                statement.setString(1, table.schema());
                statement.setString(2, table.table());
            }
            try (ResultSet rows = statement.executeQuery()) {
                // reltuples is -1 for a table never analysed or vacuumed (PostgreSQL 14 and later)
                return rows.next() ? Math.max(-1, Math.round(rows.getDouble(1))) : -1;
            }
        }
    }
}
