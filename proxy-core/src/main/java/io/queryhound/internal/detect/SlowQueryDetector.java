package io.queryhound.internal.detect;

import io.queryhound.FindingType;

import java.util.Locale;

/** {@code SLOW_QUERY}: an execution took at least {@code slowQueryMillis}; one finding per statement and call site. */
final class SlowQueryDetector implements Detector {

    @Override
    public void inspect(ScopeTally tally, Evaluation evaluation) {
        Detection detection = evaluation.detection;
        for (StatementTally statement : evaluation.statements) {
            for (StatementTally.Site site : statement.sites) {
                long slow = site.slowCount; // not yet in a finding: what a nested scope reported is not repeated
                if (slow <= 0) {
                    continue;
                }
                String suggestion = String.format(Locale.ROOT, "%d execution%s took at least %d ms (slowest %.3f ms):"
                                + " look at the statement's plan (EXPLAIN) and at indexes on the columns it filters"
                                + " and joins on.", slow, slow == 1 ? "" : "s",
                        detection.slowQueryMillis, site.slowMaxNanos / 1_000_000.0);
                evaluation.add(FindingType.SLOW_QUERY, statement, site.capture, slow, -1,
                        site.slowNanos, site.slowMaxNanos, -1, detection.slowQueryMillis, null,
                        suggestion, null, null);
                site.slowReported();
            }
        }
    }
}
