package io.queryhound.internal.plan;

import io.queryhound.SqlDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * H2 2.x: {@code EXPLAIN <statement>}, or {@code EXPLAIN ANALYZE <select>} (which runs it and adds the
 * rows each table read). Table sizes come from {@code INFORMATION_SCHEMA.TABLES.ROW_COUNT_ESTIMATE}.
 */
final class H2Explainer extends Explainer {

    H2Explainer(boolean analyze, int timeoutSeconds) {
        super(SqlDialect.H2, analyze, timeoutSeconds);
    }

    @Override
    String explainStatement(String sql, boolean measured) {
        return (measured ? "EXPLAIN ANALYZE " : "EXPLAIN ") + sql;
    }

    @Override
    PlanSummary read(String planText, boolean measured) {
        return H2PlanText.parse(planText, measured);
    }

    @Override
    long tableRows(Connection connection, PlanSummary.TableAccess table) throws SQLException {
        String sql = "SELECT ROW_COUNT_ESTIMATE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?"
                + (table.schema() == null ? "" : " AND TABLE_SCHEMA = ?");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(timeoutSeconds());
            statement.setString(1, table.table());
            if (table.schema() != null) {
                statement.setString(2, table.schema());
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return -1;
                }
                long size = rows.getLong(1);
                // Without a schema the name may match tables of several schemas: only a single match counts.
                return rows.wasNull() || rows.next() ? -1 : size;
            }
        }
    }
}
