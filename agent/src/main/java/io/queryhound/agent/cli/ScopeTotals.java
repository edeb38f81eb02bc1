package io.queryhound.agent.cli;

/**
 * The {@code scopeStatistics} of one scope name added up over several records (the intervals of a
 * run, or the summaries of several runs in one file). Counts and times add up; percentiles do not,
 * and these records carry no histogram, so the percentiles are shown only when one record covers
 * the name.
 */
final class ScopeTotals {

    /** One {@code scopeStatistics} line. */
    record Sample(String period, String scope, String kind, long count, long statements, long maxStatements,
                  double sqlMillis, double totalMillis, double p50Millis, double p95Millis, double maxMillis) {

        static Sample of(RecordLine line) {
            return new Sample(line.text("period"), line.text("scope"), line.text("scopeKind"), line.count("count"),
                    line.count("statements"), line.count("maxStatements"), line.millis("sqlMillis"),
                    line.millis("totalMillis"), line.millis("p50Millis"), line.millis("p95Millis"),
                    line.millis("maxMillis"));
        }
    }

    final String scope;
    String kind;
    long count;
    long statements;
    long maxStatements;
    double sqlMillis;
    double totalMillis;
    double maxMillis;
    private int records;
    private Sample only;

    ScopeTotals(String scope) {
        this.scope = scope;
    }

    void add(Sample sample) {
        records++;
        only = records == 1 ? sample : null;
        kind = sample.kind();
        count += sample.count();
        statements += sample.statements();
        maxStatements = Math.max(maxStatements, sample.maxStatements());
        sqlMillis += sample.sqlMillis();
        totalMillis += sample.totalMillis();
        maxMillis = Math.max(maxMillis, sample.maxMillis());
    }

    /** Mean statements per scope, one decimal. */
    String statementsPerScope() {
        return count == 0 ? null : String.format(java.util.Locale.ROOT, "%.1f", (double) statements / count);
    }

    /** The record's own percentile when one record covers this name; NaN (shown as {@code -}) otherwise. */
    double p50Millis() {
        return only == null ? Double.NaN : only.p50Millis();
    }

    double p95Millis() {
        return only == null ? Double.NaN : only.p95Millis();
    }
}
