package io.queryhound.junit;

import io.queryhound.internal.record.Recording;
import io.queryhound.internal.record.Recordings;

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

    private QueryExpectations(List<QueryExpectation> expectations) {
        this.expectations = expectations;
    }

    /** Expectations to check; none only records. */
    public static QueryExpectations of(QueryExpectation... expectations) {
        for (QueryExpectation expectation : expectations) {
            Objects.requireNonNull(expectation, "expectation");
        }
        return new QueryExpectations(List.of(expectations));
    }

    /** Runs {@code block}, checks the expectations against its queries, and returns its result. */
    public <T> T during(Callable<T> block) {
        Ran<T> ran = run(block);
        verify(ran.log, expectations, null);
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
        QueryLog log = run(block).log;
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
