package io.queryhound.junit;

import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryPlan;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The queries one test (or one block) ran, as QueryHound saw them: every execution in order, the
 * same grouped by fingerprint with their call sites, and what detection found in them (N+1 loops,
 * repeated queries, batchable writes, slow queries, ...). Immutable.
 *
 * <pre>{@code
 * QueryLog log = QueryHound.record(() -> orders.recent(10));
 * assertThat(log).hasSelectCount(2).hasNoNPlusOne();   // QueryAssertions.assertThat
 * }</pre>
 *
 * Counts and groups cover every execution; {@link #executions()} keeps the first
 * {@value #MAX_EXECUTIONS} ({@link #isComplete()} says whether that is all of them).
 */
public final class QueryLog {

    /** Executions kept one by one; beyond this they are counted in their group only. */
    public static final int MAX_EXECUTIONS = 10_000;

    private final String name;
    private final List<StatementGroup> statements;
    private final List<Execution> executions;
    private final List<Finding> findings;
    private final long[] counts;
    private final Duration totalTime;
    private final Plans plans;

    /** Explains one statement of a log now; see {@link #plan}. */
    @FunctionalInterface
    public interface Plans {
        /** Explains nothing: every plan says there is no way to explain the statement. */
        Plans NONE = (statement, fullScanMinRows) -> QueryPlan.none("not explained: the log keeps nothing to explain with");

        QueryPlan explain(SqlFingerprint statement, long fullScanMinRows);
    }

    /**
     * @param name       what was recorded, as failure messages name it ({@code OrderServiceTest.placesOrder()})
     * @param statements the executions grouped by fingerprint, most executed first
     * @param executions the executions in the order they finished (at most {@link #MAX_EXECUTIONS})
     * @param findings   what detection found in them
     * @param counts     executions per {@link QueryCounter}, indexed by its ordinal
     * @param totalTime  the summed execution time of every execution
     */
    public QueryLog(String name, List<StatementGroup> statements, List<Execution> executions,
                    List<Finding> findings, long[] counts, Duration totalTime) {
        this(name, statements, executions, findings, counts, totalTime, Plans.NONE);
    }

    /** As above, with {@code plans} to explain its statements ({@link #plan}). */
    public QueryLog(String name, List<StatementGroup> statements, List<Execution> executions,
                    List<Finding> findings, long[] counts, Duration totalTime, Plans plans) {
        this.plans = Objects.requireNonNull(plans, "plans");
        this.name = Objects.requireNonNull(name, "name");
        this.statements = List.copyOf(statements);
        this.executions = List.copyOf(executions);
        this.findings = List.copyOf(findings);
        if (counts.length != QueryCounter.values().length) {
            throw new IllegalArgumentException("counts needs one entry per QueryCounter, not " + counts.length);
        }
        this.counts = counts.clone();
        this.totalTime = Objects.requireNonNull(totalTime, "totalTime");
    }

    /** The same log with {@code findings} in place of its own: the same findings, some marked suppressed or baselined. */
    QueryLog withFindings(List<Finding> findings) {
        return new QueryLog(name, statements, executions, findings, counts, totalTime);
    }

    /** What was recorded: the test ({@code OrderServiceTest.placesOrder()}) or the method that recorded a block. */
    public String name() {
        return name;
    }

    /** Every execution, of any kind. */
    public long count() {
        return counts[QueryCounter.TOTAL.ordinal()];
    }

    public long count(QueryCounter counter) {
        return counts[counter.ordinal()];
    }

    /**
     * Executions of {@code kind} exactly (MERGE and DDL are told apart here; {@link QueryCounter#OTHER}
     * adds them up), among the grouped statements ({@link #statements()}).
     */
    public long count(StatementKind kind) {
        long count = 0;
        for (StatementGroup group : statements) {
            if (group.kind() == kind) {
                count += group.count();
            }
        }
        return count;
    }

    public long selectCount() {
        return count(QueryCounter.SELECT);
    }

    public long insertCount() {
        return count(QueryCounter.INSERT);
    }

    public long updateCount() {
        return count(QueryCounter.UPDATE);
    }

    public long deleteCount() {
        return count(QueryCounter.DELETE);
    }

    public long callCount() {
        return count(QueryCounter.CALL);
    }

    public long otherCount() {
        return count(QueryCounter.OTHER);
    }

    /** The summed execution time of every execution. */
    public Duration totalTime() {
        return totalTime;
    }

    /** The executions in the order they finished; the first {@value #MAX_EXECUTIONS} of them. */
    public List<Execution> executions() {
        return executions;
    }

    /** Whether {@link #executions()} holds every execution. */
    public boolean isComplete() {
        return executions.size() == count();
    }

    /** The executions grouped by fingerprint, most executed first (then in order of first execution). */
    public List<StatementGroup> statements() {
        return statements;
    }

    /**
     * Runs the database's EXPLAIN for {@code statement} now, on this thread, on a new connection from the
     * DataSource it ran on, with the values of its first execution in this log (library mode, SELECTs
     * only); {@link QueryPlan#fullScans()} lists the tables of more than {@code fullScanMinRows} rows it reads
     * in full. A statement that cannot be explained gives a plan with a {@link QueryPlan#note()}.
     */
    public QueryPlan plan(SqlFingerprint statement, long fullScanMinRows) {
        return plans.explain(Objects.requireNonNull(statement, "statement"), fullScanMinRows);
    }

    /**
     * Everything detection found, with the same rules as in production but loop thresholds of 2; findings judged
     * acceptable ({@link Finding#suppressed()}) or known before ({@link Finding#baselined()}) are included, marked,
     * and fail no expectation.
     */
    public List<Finding> findings() {
        return findings;
    }

    public List<Finding> findings(FindingType type) {
        List<Finding> matching = new ArrayList<>();
        for (Finding finding : findings) {
            if (finding.type() == type) {
                matching.add(finding);
            }
        }
        return matching;
    }

    /**
     * The statements by fingerprint as failure messages print them: count, kind, fingerprint, what
     * was found, the SQL, the call sites and a fix.
     */
    public String describe() {
        return QueryReport.statements(this);
    }

    @Override
    public String toString() {
        return "QueryLog[" + name + ", " + count() + " statements]\n" + describe();
    }

    /**
     * One JDBC execution.
     *
     * @param index       its position in the log, from 1
     * @param sql         the SQL exactly as the application sent it
     * @param fingerprint its statement
     * @param kind        what it does
     * @param duration    how long the driver took
     * @param rows        rows read from its result (so far, for a result still open when the log was made)
     * @param updateCount the driver's update count (summed over a batch), or -1
     * @param batchSize   statements an {@code executeBatch} carried; 0 for a single execution
     * @param failed      whether the driver threw
     * @param thread      the thread that ran it
     * @param callSite    the application line that ran it, or null when none was found
     * @param stack       the application frames calling {@code callSite}, innermost first
     */
    public record Execution(int index, String sql, SqlFingerprint fingerprint, StatementKind kind, Duration duration,
                            long rows, long updateCount, int batchSize, boolean failed, String thread,
                            CallSite callSite, List<CallSite> stack) {

        public Execution {
            Objects.requireNonNull(fingerprint, "fingerprint");
            stack = stack == null ? List.of() : List.copyOf(stack);
        }

        /** The statement's template: literals and bound values replaced by {@code ?}. */
        public String template() {
            return fingerprint.template();
        }
    }

    /**
     * The executions of one statement (one fingerprint).
     *
     * @param fingerprint the statement
     * @param kind        what it does
     * @param count       its executions
     * @param totalTime   their summed time
     * @param maxTime     the slowest of them
     * @param rows        rows read from their results (those in {@link #executions()})
     * @param failures    executions the driver failed
     * @param batches     executions that were {@code executeBatch} calls
     * @param sites       where they came from, most executions first
     * @param executions  those of them in the log's {@link QueryLog#executions()}
     */
    public record StatementGroup(SqlFingerprint fingerprint, StatementKind kind, long count, Duration totalTime,
                                 Duration maxTime, long rows, long failures, long batches, List<SiteCount> sites,
                                 List<Execution> executions) {

        public StatementGroup {
            Objects.requireNonNull(fingerprint, "fingerprint");
            sites = List.copyOf(sites);
            executions = List.copyOf(executions);
        }

        public String template() {
            return fingerprint.template();
        }
    }

    /**
     * The executions of a statement that came from one line of application code.
     *
     * @param callSite the line, or null for executions with no application frame (or past the
     *                 executions whose line was taken)
     * @param stack    its callers, innermost first
     * @param count    executions from it
     */
    public record SiteCount(CallSite callSite, List<CallSite> stack, long count) {

        public SiteCount {
            stack = stack == null ? List.of() : List.copyOf(stack);
        }
    }
}
