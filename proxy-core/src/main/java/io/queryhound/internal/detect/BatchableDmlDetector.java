package io.queryhound.internal.detect;

import io.queryhound.FindingType;
import io.queryhound.SqlDialect;
import io.queryhound.StatementKind;
import io.queryhound.internal.sql.InListRewrite;

/**
 * {@code BATCHABLE_DML}: the same INSERT, UPDATE, DELETE or MERGE from the same call site, one
 * statement at a time, at least {@code batchableThreshold} times. Executions through
 * {@code executeBatch} are already batched and do not count.
 */
final class BatchableDmlDetector implements Detector {

    @Override
    public void inspect(ScopeTally tally, Evaluation evaluation) {
        Detection detection = evaluation.detection;
        for (StatementTally statement : evaluation.statements) {
            if (!statement.fingerprint.kind().isWrite()) {
                continue;
            }
            for (StatementTally.Site site : statement.sites) {
                StatementTally.Slice loop = site.fresh; // what a nested scope already reported is not repeated
                if (loop.singles < detection.batchableThreshold) {
                    continue;
                }
                String rewrite = statement.fingerprint.kind() == StatementKind.DELETE
                        && !statement.fingerprint.isTemplateCut()
                        ? InListRewrite.rewrite(statement.fingerprint.template(), SqlDialect.GENERIC) : null;
                evaluation.add(FindingType.BATCHABLE_DML, statement, site.capture, loop.singles, -1, loop.nanos,
                        loop.maxNanos, -1, detection.batchableThreshold, null,
                        suggestion(statement, site, loop.singles, rewrite),
                        rewrite == null ? null : detection.displaySql(rewrite), null);
                loop.clear();
            }
        }
    }

    private static String suggestion(StatementTally statement, StatementTally.Site site, long loop, String rewrite) {
        StringBuilder text = new StringBuilder("Send the ").append(loop)
                .append(" statements in one round trip: addBatch() for each row and executeBatch() once");
        if (statement.fingerprint.kind() == StatementKind.INSERT) {
            text.append(", or one multi-row INSERT ... VALUES (...), (...)");
        } else if (rewrite != null) {
            text.append(", or one statement with an IN list (see rewrite)");
        }
        text.append('.');
        if (site.capture.has(CallSites.HIBERNATE) || site.capture.has(CallSites.JPA_OTHER)) {
            text.append(" Through Hibernate: set hibernate.jdbc.batch_size (with hibernate.order_inserts and"
                    + " hibernate.order_updates), and avoid IDENTITY ids, which disable insert batching.");
        }
        return text.toString();
    }
}
