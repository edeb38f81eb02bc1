package io.queryhound.internal.detect;

import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.Scope;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code QUERY_BUDGET}: a scope ran more than {@code maxQueriesPerScope} statements. Not applied to
 * implicit scopes, which are windows of a thread's activity rather than units of work.
 */
final class QueryBudgetDetector implements Detector {

    static final int LISTED_STATEMENTS = 5;

    @Override
    public void inspect(ScopeTally tally, Evaluation evaluation) {
        Detection detection = evaluation.detection;
        if (evaluation.scope.kind() == Scope.Kind.IMPLICIT || tally.queries <= detection.maxQueriesPerScope
                || tally.queries - tally.budgetCovered <= detection.maxQueriesPerScope) {
            // Within budget, or within it once the queries a nested scope's budget finding already
            // reported are set aside: that finding already says it.
            return;
        }
        List<StatementTally> statements = new ArrayList<>(evaluation.statements);
        statements.sort(Comparator.comparingLong((StatementTally s) -> s.count).reversed()
                .thenComparing(Comparator.comparingLong((StatementTally s) -> s.totalNanos).reversed()));
        long maxNanos = 0;
        for (StatementTally statement : statements) {
            maxNanos = Math.max(maxNanos, statement.maxNanos);
        }
        List<Finding.StatementCount> top = new ArrayList<>(LISTED_STATEMENTS);
        for (int i = 0; i < statements.size() && i < LISTED_STATEMENTS; i++) {
            StatementTally statement = statements.get(i);
            StatementTally.Site main = Evaluation.mainSite(statement);
            top.add(new Finding.StatementCount(statement.fingerprint,
                    detection.displaySql(statement.fingerprint.template()), statement.count,
                    main == null ? null : main.capture.site()));
        }
        String suggestion = "This scope ran " + tally.queries + " statements (budget " + detection.maxQueriesPerScope
                + (tally.overflowQueries > 0 ? "; " + tally.overflowQueries + " of them beyond the "
                + detection.maxFingerprints + " distinct statements tracked per scope" : "")
                + "): look for loops among the statements listed and load what they load in fewer statements.";
        evaluation.add(FindingType.QUERY_BUDGET, null, tally.budgetCapture, tally.queries, -1, tally.totalNanos, maxNanos, -1,
                detection.maxQueriesPerScope, null, suggestion, null, top);
        tally.budgetCovered = tally.queries;
    }
}
