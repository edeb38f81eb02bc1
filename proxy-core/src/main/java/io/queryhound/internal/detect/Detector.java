package io.queryhound.internal.detect;

/**
 * One rule: reads a scope's tally when the scope ends and adds the findings it sees. Detectors run
 * in a fixed order ({@link Detection}); each clears what it reported from the tally's unreported counts, so a
 * scope that the tally rolls up into does not report the same executions again.
 */
interface Detector {

    void inspect(ScopeTally tally, Evaluation evaluation);
}
