package io.queryhound.internal.plan;

import io.queryhound.QueryPlan;
import io.queryhound.SqlDialect;

import javax.sql.DataSource;

/**
 * What it takes to explain a statement later, kept by a test recording for the first execution of each
 * distinct SELECT (for {@code @NoFullTableScans}): its SQL, the values it was run with, and the DataSource
 * it ran on (QueryHound's wrapper removed, so the EXPLAIN is not recorded as the test's query). Held only
 * as long as the test's {@link io.queryhound.junit.QueryLog}.
 */
public record PlanSource(String sql, DataSource dataSource, SqlDialect dialect, Object[] values) {

    /** Explains the statement now, on the calling thread, with the usual timeout. */
    public QueryPlan explain(long fullScanMinRows) {
        return PlanFetcher.explain(dataSource, dialect, sql, values, false, 5, fullScanMinRows);
    }
}
