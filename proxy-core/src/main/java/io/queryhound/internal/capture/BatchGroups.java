package io.queryhound.internal.capture;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.sql.FingerprintCache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code Statement} batch of different SQL texts, grouped by fingerprint so that each statement's
 * statistics stay its own: one event per group, with the group's statement count and update count.
 * Shared by library mode and agent mode; only mixed batches (rare) come here.
 */
final class BatchGroups {

    /** One fingerprint's part of the batch. */
    record Group(SqlFingerprint fingerprint, String firstSql, int statements, long updateCount) {
    }

    private BatchGroups() {
    }

    /** True when every text of the batch has the fingerprint of the first. */
    static boolean allSame(List<String> sqls, SqlDialect dialect) {
        SqlFingerprint first = FingerprintCache.shared(dialect).get(sqls.get(0));
        for (int i = 1, n = sqls.size(); i < n; i++) {
            if (!FingerprintCache.shared(dialect).get(sqls.get(i)).equals(first)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Groups {@code sqls} in first-seen order; {@code updateCounts} (per statement, may be shorter or
     * null) are summed per group, negative "no count" values ignored.
     */
    static List<Group> of(List<String> sqls, SqlDialect dialect, long[] updateCounts) {
        Map<SqlFingerprint, long[]> groups = new LinkedHashMap<>(); // {statements, update count, index of first}
        for (int i = 0, n = sqls.size(); i < n; i++) {
            SqlFingerprint fingerprint = FingerprintCache.shared(dialect).get(sqls.get(i));
            long[] group = groups.computeIfAbsent(fingerprint, k -> new long[3]);
            if (group[0]++ == 0) {
                group[2] = i;
            }
            if (updateCounts != null && i < updateCounts.length) {
                group[1] += Math.max(0, updateCounts[i]);
            }
        }
        List<Group> result = new ArrayList<>(groups.size());
        for (Map.Entry<SqlFingerprint, long[]> entry : groups.entrySet()) {
            long[] counts = entry.getValue();
            result.add(new Group(entry.getKey(), sqls.get((int) counts[2]), (int) counts[0], counts[1]));
        }
        return result;
    }
}
