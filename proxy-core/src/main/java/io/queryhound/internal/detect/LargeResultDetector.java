package io.queryhound.internal.detect;

import io.queryhound.FindingType;

/** {@code LARGE_RESULT}: at least {@code largeResultRows} rows were read from one execution's result. */
final class LargeResultDetector implements Detector {

    @Override
    public void inspect(ScopeTally tally, Evaluation evaluation) {
        Detection detection = evaluation.detection;
        for (StatementTally statement : evaluation.statements) {
            for (StatementTally.Site site : statement.sites) {
                long large = site.largeResults; // not yet in a finding: what a nested scope reported is not repeated
                if (large <= 0) {
                    continue;
                }
                String suggestion = "Read " + site.largeMaxRows + " rows from one result (threshold "
                        + detection.largeResultRows + "): filter, aggregate or paginate in SQL, or fetch only the"
                        + " columns and rows the code uses.";
                evaluation.add(FindingType.LARGE_RESULT, statement, site.capture, large, -1, 0, 0,
                        site.largeMaxRows, detection.largeResultRows, null, suggestion, null, null);
                site.largeReported();
            }
        }
    }
}
