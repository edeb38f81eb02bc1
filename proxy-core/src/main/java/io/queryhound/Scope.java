package io.queryhound;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * One unit of work whose queries are judged together: a request, a test, a job, or an explicit
 * block. Detection runs per scope; its findings are written when it closes.
 *
 * <pre>{@code
 * try (Scope scope = QueryHound.scope("nightly-import")) {
 *     importer.run();
 * }
 * }</pre>
 *
 * A scope is bound to the thread that opened it. A scope opened inside another rolls up into it:
 * the outer one also sees the inner one's queries. {@link #wrap(Runnable)} and
 * {@link #executor(Executor)} carry a scope to other threads. Queries outside any scope land in an
 * implicit per-thread scope, so an N+1 loop in a {@code main} method is found with no set-up.
 */
public interface Scope extends AutoCloseable {

    /** What kind of unit of work a scope stands for. */
    enum Kind {
        /** Opened by application code with {@code QueryHound.scope(name)}. */
        EXPLICIT,
        /** One HTTP request (opened by the agent or a servlet filter). */
        HTTP,
        /** One test method (opened by the JUnit extension). */
        TEST,
        /** One call of a configured method (opened by the agent). */
        METHOD,
        /**
         * Queries that ran outside every other scope on one thread, judged in windows: a window ends
         * when the thread's next query comes after at least {@code implicitScopeIdleMillis} without
         * one, and at each statistics interval and at close.
         */
        IMPLICIT
    }

    String name();

    Kind kind();

    /** Unique among the scopes of this JVM. */
    String id();

    /** Statements executed in this scope so far, including those of the nested scopes that have closed. */
    long queryCount();

    /**
     * The findings of the scopes nested in this one (at any depth) that have closed so far, and, once
     * this scope is closed, its own.
     */
    List<Finding> findings();

    boolean isClosed();

    /** Returns a task that runs {@code task} in this scope, on whichever thread runs it. */
    Runnable wrap(Runnable task);

    /** Returns a task that calls {@code task} in this scope, on whichever thread calls it. */
    <T> Callable<T> wrap(Callable<T> task);

    /** Returns an executor that runs every task it is given in this scope. */
    Executor executor(Executor executor);

    /**
     * Ends the scope: its findings are evaluated and written, and it rolls up into the scope it was
     * opened in. Idempotent. Queries that run in it later (on threads still carrying it) go to the
     * scope below it on their thread.
     */
    @Override
    void close();
}
