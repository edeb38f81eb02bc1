package io.queryhound.junit;

import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.internal.record.Recording;
import io.queryhound.internal.record.Recordings;
import io.queryhound.internal.suppress.Baseline;
import io.queryhound.internal.suppress.SuppressionRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Expectations about the queries of a block, checked when it returns; made by
 * {@code QueryHound.expect(...)}:
 *
 * <pre>{@code
 * Order order = QueryHound.expect(select(2), noNPlusOne()).during(() -> orders.load(42));
 * }</pre>
 *
 * The block's queries are those run on the calling thread while it runs, through any DataSource
 * QueryHound captures (or the agent), plus those of tasks carried with {@code Scope.executor} or
 * {@code QueryHound.propagating}. An exception from the block reaches the caller unchanged and no
 * expectation is checked.
 */
public final class QueryExpectations {

    private final List<QueryExpectation> expectations;
    /** Findings the block may have, each with its reason: {@link #allowing}. */
    private final List<SuppressionRule> allowed;

    private QueryExpectations(List<QueryExpectation> expectations, List<SuppressionRule> allowed) {
        this.expectations = expectations;
        this.allowed = allowed;
    }

    /** Expectations to check; none only records. */
    public static QueryExpectations of(QueryExpectation... expectations) {
        for (QueryExpectation expectation : expectations) {
            Objects.requireNonNull(expectation, "expectation");
        }
        return new QueryExpectations(List.of(expectations), List.of());
    }

    /**
     * These expectations, with findings of {@code type} judged acceptable in this block: they are marked
     * {@link Finding#suppressed() suppressed} with {@code reason} in the log and fail no expectation.
     *
     * <pre>{@code
     * QueryHound.expect(noNPlusOne()).allowing(N_PLUS_ONE, "a dozen regions at most").during(() -> report.build());
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code reason} is blank: a suppression always says why
     */
    public QueryExpectations allowing(FindingType type, String reason) {
        return allow(type, null, reason, "allowing(" + type + ", ...)");
    }

    /**
     * As {@link #allowing(FindingType, String)} for the findings of one statement or call site only:
     * {@code match} is a fingerprint id ({@code 5f0c2a9e1b7d4c33}) or a call-site pattern over
     * {@code class.method} ({@code com.acme.report.*}, {@code com.acme.ReportService.regionTotals}).
     *
     * @throws IllegalArgumentException when {@code reason} is blank or {@code match} is neither
     */
    public QueryExpectations allowing(FindingType type, String match, String reason) {
        Objects.requireNonNull(match, "match");
        return allow(type, match, reason, "allowing(" + type + ", \"" + match + "\", ...)");
    }

    private QueryExpectations allow(FindingType type, String match, String reason, String call) {
        Objects.requireNonNull(type, "type");
        String where = call + " in " + Recording.nameOfCaller();
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException(where + " has no reason: say why these findings are acceptable, as in"
                    + " allowing(N_PLUS_ONE, \"at most 12 regions, one query each\")");
        }
        SuppressionRule rule;
        try {
            rule = SuppressionRule.of(type, match, reason.trim(), "QueryHound.expect(...)." + where);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        List<SuppressionRule> rules = new ArrayList<>(allowed);
        rules.add(rule);
        return new QueryExpectations(expectations, List.copyOf(rules));
    }

    /** Runs {@code block}, checks the expectations against its queries, and returns its result. */
    public <T> T during(Callable<T> block) {
        Ran<T> ran = run(block);
        verify(accept(ran.log, allowed, Baseline.NONE), expectations, null);
        return ran.result;
    }

    /** Runs {@code block} and checks the expectations against its queries. */
    public void during(QueryBlock block) {
        Objects.requireNonNull(block, "block");
        during(() -> {
            block.run();
            return null;
        });
    }

    /** Runs {@code block}, checks the expectations, and returns the log of its queries. */
    public QueryLog record(Callable<?> block) {
        QueryLog log = accept(run(block).log, allowed, Baseline.NONE);
        verify(log, expectations, null);
        return log;
    }

    /** Runs {@code block}, checks the expectations, and returns the log of its queries. */
    public QueryLog record(QueryBlock block) {
        Objects.requireNonNull(block, "block");
        return record(() -> {
            block.run();
            return null;
        });
    }

    private record Ran<T>(T result, QueryLog log) {
    }

    /** Runs {@code block} with a recording of its own bound to this thread; its exception passes through unchanged. */
    private static <T> Ran<T> run(Callable<T> block) {
        Objects.requireNonNull(block, "block");
        Recording recording = new Recording(Recording.nameOfCaller(), false);
        Recording[] previous = Recordings.bind(recording, false);
        T result;
        QueryLog log;
        try {
            result = block.call();
        } catch (Exception e) {
            throw QueryExpectations.<RuntimeException>rethrow(e);
        } finally {
            Recordings.restore(previous);
            log = recording.finish();
        }
        return new Ran<>(result, log);
    }

    /** Throws {@code e} as it is, checked or not: the block's exception is the caller's, not ours to wrap. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable e) throws E {
        throw (E) e;
    }

    /** {@code log} with the findings {@code allowed} covers marked suppressed, and those in {@code baseline} baselined. */
    static QueryLog accept(QueryLog log, List<SuppressionRule> allowed, Baseline baseline) {
        if (log == null || log.findings().isEmpty() || (allowed.isEmpty() && baseline.isEmpty())) {
            return log;
        }
        List<Finding> findings = new ArrayList<>(log.findings());
        for (int i = 0; i < findings.size(); i++) {
            for (SuppressionRule rule : allowed) {
                if (rule.matches(findings.get(i))) {
                    findings.set(i, findings.get(i).withSuppression(rule.suppression()));
                    break;
                }
            }
        }
        baseline.apply(findings);
        return log.withFindings(findings);
    }

    /**
     * Checks {@code expectations} against {@code log}; throws a {@link QueryExpectationError} naming
     * every one that failed, or an {@link IllegalStateException} when there is something to check but
     * nothing captures queries in this JVM.
     *
     * @param hint a line added to the message when no statement was recorded, or null for the default
     */
    static void verify(QueryLog log, List<QueryExpectation> expectations, String hint) {
        if (log.count() == 0 && !expectations.isEmpty() && !Recordings.isCaptureInstalled()) {
            throw new IllegalStateException(noCaptureMessage(log.name()));
        }
        List<QueryExpectation.Check> checks = QueryExpectation.check(expectations, log);
        for (QueryExpectation.Check check : checks) {
            if (!check.passed()) {
                throw new QueryExpectationError(QueryReport.failure(log, checks,
                        log.count() > 0 ? null : hint != null ? hint : NO_STATEMENT_HINT), log);
            }
        }
    }

    static final String NO_STATEMENT_HINT = "No statement ran on this thread while recording. Queries run on other"
            + " threads count only when their tasks carry the recording: submit them through"
            + " scope.executor(executor) or QueryHound.propagating(executor).";

    /** What to do when a test expects queries but no DataSource is wrapped and no agent is attached. */
    static String noCaptureMessage(String name) {
        if (Recordings.isCaptureDisabled()) {
            return "QueryHound cannot check " + name + ": QueryHound is switched off in this JVM (enabled=false, from"
                    + " queryhound.properties, a QUERYHOUND_ENABLED environment variable, a -Dqueryhound.enabled system"
                    + " property or the builder), so QueryHound.wrap returned the DataSource unwrapped. Remove that"
                    + " setting for the tests.";
        }
        return "QueryHound cannot check " + name + ": nothing in this JVM captures JDBC queries. Wrap the"
                + " DataSource the code under test uses, dataSource = QueryHound.wrap(dataSource), before the code"
                + " gets it (with Spring, in the @Bean method that builds it or a BeanPostProcessor; with Hibernate,"
                + " pass the wrapped DataSource as jakarta.persistence.nonJtaDataSource), or run the tests with the"
                + " agent, which needs no wrap: -javaagent:queryhound-agent.jar in Surefire's argLine (docs/agent.md).";
    }
}
