package io.queryhound.junit;

/**
 * A query expectation failed. The message lists the counters checked (expected and actual) and
 * every statement by fingerprint with its call sites and a fix; {@link #log()} has the rest.
 */
public final class QueryExpectationError extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient QueryLog log;

    public QueryExpectationError(String message, QueryLog log) {
        super(message);
        this.log = log;
    }

    /** The queries the failed test or block ran. */
    public QueryLog log() {
        return log;
    }
}
