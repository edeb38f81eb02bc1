package io.queryhound.internal.plan;

import io.queryhound.QueryPlan;

import java.util.ArrayList;
import java.util.List;

/** Turns this package's plan and advice into the public {@link QueryPlan} that findings carry. */
public final class QueryPlans {

    private QueryPlans() {
    }

    /** {@code plan} with {@code advice}; the full scans are the whole-table reads of more than {@code fullScanMinRows} rows. */
    public static QueryPlan of(PlanSummary plan, List<IndexAdvice> advice, long fullScanMinRows) {
        List<QueryPlan.FullScan> fullScans = new ArrayList<>();
        for (PlanSummary.TableAccess read : plan.wholeTableReads()) {
            if (read.knownRows() > fullScanMinRows) {
                fullScans.add(new QueryPlan.FullScan(read.schema() == null ? read.table()
                        : read.schema() + "." + read.table(), read.knownRows()));
            }
        }
        List<QueryPlan.IndexAdvice> out = new ArrayList<>(advice.size());
        for (IndexAdvice a : advice) {
            out.add(new QueryPlan.IndexAdvice(a.table(), a.verdict().name(), a.createIndex(), a.reason(), a.toText()));
        }
        return new QueryPlan(plan.toText(), plan.toJson(), fullScans, out, null);
    }

    /** The plan of {@code explanation}, advised on with {@code catalog}, or its failure as a note. */
    static QueryPlan of(Explanation explanation, String sql, io.queryhound.SqlDialect dialect, Object[] values,
                        IndexCatalog catalog, long fullScanMinRows) {
        if (!explanation.isPlanned()) {
            return QueryPlan.none(explanation.failure());
        }
        List<IndexAdvice> advice = new IndexAdvisor(fullScanMinRows)
                .advise(sql, dialect, values, explanation.plan(), catalog);
        return of(explanation.plan(), advice, fullScanMinRows);
    }
}
