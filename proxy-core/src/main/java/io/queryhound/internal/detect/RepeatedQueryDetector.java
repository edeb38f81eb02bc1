package io.queryhound.internal.detect;

import io.queryhound.FindingType;
import io.queryhound.StatementKind;

/**
 * {@code REPEATED_QUERY}: the same SELECT with identical parameters (or none) ran at least twice in
 * one scope. Writes are left out: running the same write twice can be intended, and loops of
 * writes are {@code BATCHABLE_DML}.
 */
final class RepeatedQueryDetector implements Detector {

    @Override
    public void inspect(ScopeTally tally, Evaluation evaluation) {
        for (StatementTally statement : evaluation.statements) {
            if (statement.fingerprint.kind() != StatementKind.SELECT || statement.loopReported
                    || statement.freshRepeats == 0) {
                continue;
            }
            // Only what no finding covers yet; a repeat found across two nested scopes involves an
            // execution of each, so it stands for at least two.
            long repeats = statement.freshRepeats;
            long executions = Math.min(statement.count, Math.max(statement.freshExecutions, repeats + 1));
            StatementTally.Site main = Evaluation.mainSite(statement);
            StringBuilder suggestion = new StringBuilder()
                    .append(repeats).append(" of ").append(executions)
                    .append(" executions repeated a parameter set already run in this scope:"
                            + " cache or reuse the first result.");
            int others = 0;
            for (StatementTally.Site site : statement.sites) {
                if (site != main && site.capture.site() != null && others < 3) {
                    suggestion.append(others++ == 0 ? " Also run from " : ", ").append(site.capture.site());
                }
            }
            if (others > 0) {
                suggestion.append('.');
            }
            evaluation.add(FindingType.REPEATED_QUERY, statement, main == null ? null : main.capture,
                    executions, statement.distinctParameters(), statement.freshNanos, statement.freshMaxNanos, -1, 2,
                    null, suggestion.toString(), null, null);
            statement.reported();
        }
    }
}
