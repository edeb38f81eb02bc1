package io.queryhound.junit;

import io.queryhound.Finding;
import io.queryhound.FindingType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One thing a block of code is expected to do with the database, for
 * {@code QueryHound.expect(...).during(...)} and {@link QueryLogAssert#satisfies}:
 *
 * <pre>{@code
 * import static io.queryhound.junit.QueryExpectation.*;
 *
 * Order order = QueryHound.expect(select(2), maxTotal(3), noNPlusOne()).during(() -> orders.load(42));
 * }</pre>
 *
 * Counts are of JDBC executions ({@link QueryCounter}); the finding expectations use the same rules
 * as production with loop thresholds of 2 by default, because test fixtures are small.
 */
public final class QueryExpectation {

    /** The default loop threshold in tests: two executions from one line already show the loop. */
    public static final int TEST_THRESHOLD = 2;

    enum Type { EXACT, AT_MOST, NO_FINDING, NONE_SLOWER_THAN, NO_OTHER_QUERIES, NO_FULL_SCAN }

    final Type type;
    final QueryCounter counter;
    final long value;
    final FindingType finding;

    private QueryExpectation(Type type, QueryCounter counter, long value, FindingType finding) {
        this.type = type;
        this.counter = counter;
        this.value = value;
        this.finding = finding;
    }

    /** Exactly {@code count} executions counted by {@code counter}. */
    public static QueryExpectation exactly(QueryCounter counter, long count) {
        Objects.requireNonNull(counter, "counter");
        return new QueryExpectation(Type.EXACT, counter, requireCount(counter.label(), count), null);
    }

    /** At most {@code count} executions counted by {@code counter}. */
    public static QueryExpectation atMost(QueryCounter counter, long count) {
        Objects.requireNonNull(counter, "counter");
        return new QueryExpectation(Type.AT_MOST, counter,
                requireCount("max" + capitalized(counter.label()), count), null);
    }

    /** Exactly {@code count} executions in all. */
    public static QueryExpectation total(long count) {
        return exactly(QueryCounter.TOTAL, count);
    }

    public static QueryExpectation select(long count) {
        return exactly(QueryCounter.SELECT, count);
    }

    public static QueryExpectation insert(long count) {
        return exactly(QueryCounter.INSERT, count);
    }

    public static QueryExpectation update(long count) {
        return exactly(QueryCounter.UPDATE, count);
    }

    public static QueryExpectation delete(long count) {
        return exactly(QueryCounter.DELETE, count);
    }

    public static QueryExpectation call(long count) {
        return exactly(QueryCounter.CALL, count);
    }

    public static QueryExpectation other(long count) {
        return exactly(QueryCounter.OTHER, count);
    }

    /** At most {@code count} executions in all. */
    public static QueryExpectation maxTotal(long count) {
        return atMost(QueryCounter.TOTAL, count);
    }

    public static QueryExpectation maxSelect(long count) {
        return atMost(QueryCounter.SELECT, count);
    }

    public static QueryExpectation maxInsert(long count) {
        return atMost(QueryCounter.INSERT, count);
    }

    public static QueryExpectation maxUpdate(long count) {
        return atMost(QueryCounter.UPDATE, count);
    }

    public static QueryExpectation maxDelete(long count) {
        return atMost(QueryCounter.DELETE, count);
    }

    public static QueryExpectation maxCall(long count) {
        return atMost(QueryCounter.CALL, count);
    }

    public static QueryExpectation maxOther(long count) {
        return atMost(QueryCounter.OTHER, count);
    }

    /**
     * Strict mode: every per-kind counter (select, insert, update, delete, call, other) that no other
     * count expectation names must be 0.
     */
    public static QueryExpectation noOtherQueries() {
        return new QueryExpectation(Type.NO_OTHER_QUERIES, null, 0, null);
    }

    /** No N+1 loop of {@value #TEST_THRESHOLD} or more executions from one line. */
    public static QueryExpectation noNPlusOne() {
        return noNPlusOne(TEST_THRESHOLD);
    }

    /** No N+1 loop of {@code threshold} or more executions from one line. */
    public static QueryExpectation noNPlusOne(int threshold) {
        return new QueryExpectation(Type.NO_FINDING, null, requireThreshold("noNPlusOne", threshold),
                FindingType.N_PLUS_ONE);
    }

    /** No SELECT run again with parameters it already ran with. */
    public static QueryExpectation noRepeatedQueries() {
        return new QueryExpectation(Type.NO_FINDING, null, TEST_THRESHOLD, FindingType.REPEATED_QUERY);
    }

    /** No INSERT, UPDATE, DELETE or MERGE run one at a time {@value #TEST_THRESHOLD} or more times from one line. */
    public static QueryExpectation noBatchableDml() {
        return noBatchableDml(TEST_THRESHOLD);
    }

    /** No INSERT, UPDATE, DELETE or MERGE run one at a time {@code threshold} or more times from one line. */
    public static QueryExpectation noBatchableDml(int threshold) {
        return new QueryExpectation(Type.NO_FINDING, null, requireThreshold("noBatchableDml", threshold),
                FindingType.BATCHABLE_DML);
    }

    /**
     * No finding of {@code type} (at the test threshold of 2 for loops), other than those suppressed or baselined:
     * what {@link QueryHoundBaseline#failOn()} checks.
     */
    public static QueryExpectation noFinding(FindingType type) {
        Objects.requireNonNull(type, "type");
        boolean loop = type == FindingType.N_PLUS_ONE || type == FindingType.BATCHABLE_DML
                || type == FindingType.REPEATED_QUERY;
        return new QueryExpectation(Type.NO_FINDING, null, loop ? TEST_THRESHOLD : 0, type);
    }

    /** No single execution slower than {@code millis} milliseconds. */
    public static QueryExpectation noQuerySlowerThan(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("noQuerySlowerThan(" + millis + "): the budget must be at least 1 ms");
        }
        return new QueryExpectation(Type.NONE_SLOWER_THAN, null, millis * 1_000_000L, null);
    }

    /** No single execution slower than {@code budget} (kept to the nanosecond). */
    public static QueryExpectation noQuerySlowerThan(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("noQuerySlowerThan(" + millis(budget.toNanos())
                    + "): the budget must be positive");
        }
        return new QueryExpectation(Type.NONE_SLOWER_THAN, null, budget.toNanos(), null);
    }

    /**
     * No SELECT of the block reads a table of more than {@code minRows} rows in full: each distinct SELECT is
     * explained once, after the block, with the values of its first execution, on a new connection from the
     * DataSource it ran on (H2, PostgreSQL, MySQL/MariaDB; library mode). The table sizes are the database's
     * estimates, so the test data must be that large. A statement that cannot be explained does not fail the
     * check; the failure message lists each full scan with the plan and the index QueryHound would create.
     */
    public static QueryExpectation noFullTableScans(long minRows) {
        if (minRows < 0) {
            throw new IllegalArgumentException("noFullTableScans(" + minRows + "): minRows must be 0 or more");
        }
        return new QueryExpectation(Type.NO_FULL_SCAN, null, minRows, null);
    }

    private static long requireCount(String name, long count) {
        if (count < 0) {
            throw new IllegalArgumentException(name + "(" + count + "): a query count must be 0 or more");
        }
        return count;
    }

    private static long requireThreshold(String name, int threshold) {
        if (threshold < 2) {
            throw new IllegalArgumentException(name + "(" + threshold + "): the threshold must be 2 or more"
                    + " (a loop is at least two executions from one line)");
        }
        return threshold;
    }

    private static String capitalized(String label) {
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }

    /** One row of a verdict: a counter, what was expected, what happened. */
    record Check(String label, String expected, long actual, boolean passed, FindingType finding, String detail) {
        Check(String label, String expected, long actual, boolean passed, FindingType finding) {
            this(label, expected, actual, passed, finding, null);
        }
    }

    /** Checks every expectation against {@code log}, in order; strict mode adds a row per counter left out. */
    static List<Check> check(List<QueryExpectation> expectations, QueryLog log) {
        List<Check> checks = new ArrayList<>();
        Set<QueryCounter> named = EnumSet.noneOf(QueryCounter.class);
        boolean strict = false;
        for (QueryExpectation expectation : expectations) {
            if (expectation.counter != null) {
                named.add(expectation.counter);
            }
            strict |= expectation.type == Type.NO_OTHER_QUERIES;
        }
        for (QueryExpectation expectation : expectations) {
            if (expectation.type != Type.NO_OTHER_QUERIES) {
                checks.add(expectation.check(log));
            }
        }
        if (strict) {
            for (QueryCounter counter : QueryCounter.values()) {
                if (counter != QueryCounter.TOTAL && !named.contains(counter)) {
                    long actual = log.count(counter);
                    checks.add(new Check(counter.label(), "0", actual, actual == 0, null));
                }
            }
        }
        return checks;
    }

    private Check check(QueryLog log) {
        switch (type) {
            case EXACT: {
                long actual = log.count(counter);
                return new Check(counter.label(), Long.toString(value), actual, actual == value, null);
            }
            case AT_MOST: {
                long actual = log.count(counter);
                return new Check(counter.label(), "<= " + value, actual, actual <= value, null);
            }
            case NO_FINDING: {
                long actual = 0;
                for (Finding found : log.findings(finding)) {
                    // Suppressed and baselined findings were judged acceptable or are known: only new ones fail.
                    if (found.count() >= value && !found.accepted()) {
                        actual++;
                    }
                }
                return new Check(label(finding, value), "none", actual, actual == 0, finding);
            }
            case NO_FULL_SCAN: {
                return fullScans(log, value);
            }
            case NONE_SLOWER_THAN: {
                long actual = slowerThan(log, Duration.ofNanos(value));
                return new Check("slower than " + millis(value), "none", actual, actual == 0, FindingType.SLOW_QUERY);
            }
            default:
                throw new IllegalStateException(type.name());
        }
    }

    /** {@code 50 ms}, or {@code 50.5 ms} for a budget that is not whole milliseconds. */
    private static String millis(long nanos) {
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + " ms";
        }
        return java.math.BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + " ms";
    }

    /** Explains each distinct SELECT of {@code log}; the statements that read a large table in full fail. */
    private static Check fullScans(QueryLog log, long minRows) {
        long actual = 0;
        StringBuilder detail = new StringBuilder();
        for (QueryLog.StatementGroup group : log.statements()) {
            if (group.kind() != io.queryhound.StatementKind.SELECT) {
                continue;
            }
            io.queryhound.QueryPlan plan = log.plan(group.fingerprint(), minRows);
            if (!plan.isExplained() || plan.fullScans().isEmpty()) {
                continue;
            }
            actual++;
            detail.append("  FULL SCAN: ").append(group.count()).append("x ").append(group.template()).append('\n')
                    .append("    plan: ").append(plan.summary()).append('\n');
            for (io.queryhound.QueryPlan.IndexAdvice advice : plan.indexAdvice()) {
                detail.append("    fix: ").append(advice.text()).append('\n');
            }
        }
        return new Check("full table scans (> " + minRows + " rows)", "none", actual, actual == 0, null,
                detail.length() == 0 ? null : detail.toString());
    }

    /** Executions slower than {@code budget}: counted one by one, plus one per group whose slowest was not logged. */
    static long slowerThan(QueryLog log, Duration budget) {
        long slow = 0;
        for (QueryLog.StatementGroup group : log.statements()) {
            long logged = 0;
            for (QueryLog.Execution execution : group.executions()) {
                if (execution.duration().compareTo(budget) > 0) {
                    logged++;
                }
            }
            if (logged == 0 && group.maxTime().compareTo(budget) > 0) {
                logged = 1;
            }
            slow += logged;
        }
        return slow;
    }

    private static String label(FindingType finding, long threshold) {
        switch (finding) {
            case N_PLUS_ONE:
                return threshold == TEST_THRESHOLD ? "N+1" : "N+1 (>= " + threshold + ")";
            case REPEATED_QUERY:
                return "repeated";
            case BATCHABLE_DML:
                return threshold == TEST_THRESHOLD ? "batchable" : "batchable (>= " + threshold + ")";
            default:
                return finding.name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        switch (type) {
            case EXACT:
                return counter.label() + "(" + value + ")";
            case AT_MOST:
                return "max" + capitalized(counter.label()) + "(" + value + ")";
            case NO_OTHER_QUERIES:
                return "noOtherQueries()";
            case NO_FULL_SCAN:
                return "noFullTableScans(" + value + ")";
            case NONE_SLOWER_THAN:
                return value % 1_000_000L == 0 ? "noQuerySlowerThan(" + value / 1_000_000L + ")"
                        : "noQuerySlowerThan(" + millis(value) + ")";
            default:
                if (finding != FindingType.N_PLUS_ONE && finding != FindingType.BATCHABLE_DML
                        && finding != FindingType.REPEATED_QUERY) {
                    return "noFinding(" + finding + ")";
                }
                return (finding == FindingType.N_PLUS_ONE ? "noNPlusOne(" : finding == FindingType.BATCHABLE_DML
                        ? "noBatchableDml(" : "noRepeatedQueries(") + value + ")";
        }
    }
}
