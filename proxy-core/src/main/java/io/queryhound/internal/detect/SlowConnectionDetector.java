package io.queryhound.internal.detect;

import java.util.Locale;

/**
 * {@code SLOW_CONNECTION}: acquiring a connection took at least {@code slowConnectionMillis}; one finding
 * per DataSource. No call site: where the application asked for a connection says little about why it
 * waited (the pool was exhausted by other threads, or opening a connection was slow).
 */
final class SlowConnectionDetector implements Detector {

    @Override
    public void inspect(ScopeTally tally, Evaluation evaluation) {
        if (tally.slowConnections == null) {
            return;
        }
        for (ScopeTally.SlowConnections connections : tally.slowConnections) {
            evaluation.addConnections(connections, suggestion(connections, evaluation.detection.slowConnectionMillis));
        }
        tally.slowConnections = null; // reported: a scope this one rolls up into does not report them again
    }

    static String suggestion(ScopeTally.SlowConnections connections, int thresholdMillis) {
        long count = connections.count;
        long failed = connections.failed;
        String what = String.format(Locale.ROOT, "%d connection acquisition%s took at least %d ms (slowest %.3f ms)",
                count, count == 1 ? "" : "s", thresholdMillis, connections.maxNanos / 1_000_000.0);
        String holders = "raise its maximum size (maximumPoolSize) or shorten what holds connections (long"
                + " transactions, slow queries, remote calls inside a transaction, leaked connections)";
        if (failed > 0) {
            return what + (count == 1 ? " and failed" : failed == count ? ", all failed" : ", " + failed
                    + " of them failed") + ": a slow failure is typically a pool timeout (every connection of"
                    + " the pool was in use): " + holders + ".";
        }
        return what + ": if the pool was exhausted, " + holders + "; if opening new connections is slow, check"
                + " network, DNS and TLS to the database.";
    }
}
