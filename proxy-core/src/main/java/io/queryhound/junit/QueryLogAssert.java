package io.queryhound.junit;

import io.queryhound.FindingType;

import java.time.Duration;
import java.util.List;

/**
 * Assertions on one {@link QueryLog}, each failing at once with the full report (expected and
 * actual, the statements by fingerprint, their call sites and a fix). Get one from
 * {@link QueryAssertions#assertThat(QueryLog)}.
 */
public final class QueryLogAssert {

    private final QueryLog log;

    QueryLogAssert(QueryLog log) {
        this.log = log;
    }

    /** Checks all of {@code expectations} together and reports every one that fails in one message. */
    public QueryLogAssert satisfies(QueryExpectation... expectations) {
        QueryExpectations.verify(log, List.of(expectations), null);
        return this;
    }

    public QueryLogAssert hasCount(QueryCounter counter, long count) {
        return satisfies(QueryExpectation.exactly(counter, count));
    }

    public QueryLogAssert hasAtMost(QueryCounter counter, long count) {
        return satisfies(QueryExpectation.atMost(counter, count));
    }

    /** Exactly {@code count} executions in all. */
    public QueryLogAssert hasTotalCount(long count) {
        return hasCount(QueryCounter.TOTAL, count);
    }

    public QueryLogAssert hasSelectCount(long count) {
        return hasCount(QueryCounter.SELECT, count);
    }

    public QueryLogAssert hasInsertCount(long count) {
        return hasCount(QueryCounter.INSERT, count);
    }

    public QueryLogAssert hasUpdateCount(long count) {
        return hasCount(QueryCounter.UPDATE, count);
    }

    public QueryLogAssert hasDeleteCount(long count) {
        return hasCount(QueryCounter.DELETE, count);
    }

    public QueryLogAssert hasCallCount(long count) {
        return hasCount(QueryCounter.CALL, count);
    }

    public QueryLogAssert hasOtherCount(long count) {
        return hasCount(QueryCounter.OTHER, count);
    }

    /** At most {@code count} executions in all. */
    public QueryLogAssert hasAtMostQueries(long count) {
        return hasAtMost(QueryCounter.TOTAL, count);
    }

    public QueryLogAssert hasAtMostSelects(long count) {
        return hasAtMost(QueryCounter.SELECT, count);
    }

    /** No SELECT reads a table of more than {@code minRows} rows in full; see {@link QueryExpectation#noFullTableScans}. */
    public QueryLogAssert hasNoFullTableScans(long minRows) {
        return satisfies(QueryExpectation.noFullTableScans(minRows));
    }

    public QueryLogAssert hasNoNPlusOne() {
        return satisfies(QueryExpectation.noNPlusOne());
    }

    public QueryLogAssert hasNoNPlusOne(int threshold) {
        return satisfies(QueryExpectation.noNPlusOne(threshold));
    }

    public QueryLogAssert hasNoRepeatedQueries() {
        return satisfies(QueryExpectation.noRepeatedQueries());
    }

    public QueryLogAssert hasNoBatchableDml() {
        return satisfies(QueryExpectation.noBatchableDml());
    }

    public QueryLogAssert hasNoBatchableDml(int threshold) {
        return satisfies(QueryExpectation.noBatchableDml(threshold));
    }

    public QueryLogAssert hasNoQuerySlowerThan(long millis) {
        return satisfies(QueryExpectation.noQuerySlowerThan(millis));
    }

    public QueryLogAssert hasNoQuerySlowerThan(Duration budget) {
        return satisfies(QueryExpectation.noQuerySlowerThan(budget));
    }

    /**
     * At least one finding of {@code type}: for tests that pin a known problem down (and fail once
     * it is fixed, so the expectation can be tightened).
     */
    public QueryLogAssert hasFinding(FindingType type) {
        if (log.findings(type).isEmpty()) {
            throw new QueryExpectationError("Expected at least one " + type + " finding in " + log.name()
                    + " but there was none.\n"
                    + QueryReport.statements(log), log);
        }
        return this;
    }
}
