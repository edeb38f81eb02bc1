package io.queryhound.internal.plan;

import io.queryhound.SqlDialect;

/**
 * MySQL and MariaDB: {@code EXPLAIN FORMAT=JSON <statement>}. Never analysed: MySQL's
 * {@code EXPLAIN ANALYZE} prints a tree, not JSON, and runs data-changing statements for real. A full
 * scan's estimated rows examined is the table's size, so no catalogue query is needed.
 */
final class MySqlExplainer extends Explainer {

    MySqlExplainer(int timeoutSeconds) {
        super(SqlDialect.MYSQL, false, timeoutSeconds);
    }

    @Override
    String explainStatement(String sql, boolean measured) {
        return "EXPLAIN FORMAT=JSON " + sql;
    }

    @Override
    PlanSummary read(String planText, boolean measured) {
        return MySqlPlanJson.parse(planText);
    }
}
