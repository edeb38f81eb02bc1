package io.queryhound.agent.cli;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The statistics of one statement (one fingerprint) added up over several {@code statistics}
 * records: the intervals of a run, or the summaries of several runs appended to one file. Counts
 * and times add up; percentiles do not, so the records' latency histograms are decoded and added,
 * which gives the exact merged percentiles that averaging {@code p99Millis} values would not
 * (docs/output.md, "Merging histograms").
 */
final class StatementTotals {

    /** One {@code statistics} line, read in full (histogram decoded) before anything is added. */
    record Sample(String period, String fingerprint, String sql, long count, long errors, long rows,
                  double totalMillis, double p50Millis, double p95Millis, double p99Millis, double maxMillis,
                  Histogram histogram) {

        static Sample of(RecordLine line) {
            return new Sample(line.text("period"), line.text("fingerprint"), line.nullableText("sql"),
                    line.count("count"), line.count("errors"), line.count("rows"), line.millis("totalMillis"),
                    line.millis("p50Millis"), line.millis("p95Millis"), line.millis("p99Millis"),
                    line.millis("maxMillis"), decode(line.nullableText("histogram")));
        }
    }

    final String fingerprint;
    String sql;
    long count;
    long errors;
    long rows;
    double totalMillis;
    double maxMillis;
    private int records;
    /** Null as soon as one record's histogram is missing or unreadable: a partial merge would mislead. */
    private Histogram merged = new Histogram(2);
    /** The percentiles of the only record, for when its histogram cannot be read. */
    private Sample only;

    StatementTotals(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    void add(Sample sample) {
        records++;
        only = records == 1 ? sample : null;
        count += sample.count();
        errors += sample.errors();
        rows += sample.rows();
        totalMillis += sample.totalMillis();
        maxMillis = Math.max(maxMillis, sample.maxMillis());
        if (sql == null) {
            sql = sample.sql();
        }
        if (merged != null) {
            if (sample.histogram() == null) {
                merged = null;
            } else {
                merged.add(sample.histogram());
            }
        }
    }

    /**
     * The execution time at {@code percentile} in milliseconds, computed as proxy-core computes it
     * for one record; NaN when the histograms could not be merged and there is more than one record.
     */
    double percentileMillis(double percentile) {
        if (merged != null) {
            return merged.getTotalCount() == 0 ? 0 : merged.getValueAtPercentile(percentile) / 1000.0;
        }
        if (only != null) {
            return percentile == 50 ? only.p50Millis() : percentile == 95 ? only.p95Millis() : only.p99Millis();
        }
        return Double.NaN;
    }

    /** A record's histogram, or null when it is absent or not HdrHistogram's compressed base64 form. */
    static Histogram decode(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (Exception unreadable) {
            // Bad base64, a wrong cookie, truncated zlib data: it only costs this statement its
            // merged percentiles, the record's other fields still count.
            return null;
        }
    }
}
