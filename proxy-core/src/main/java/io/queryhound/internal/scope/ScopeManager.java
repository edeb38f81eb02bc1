package io.queryhound.internal.scope;

import io.queryhound.Finding;
import io.queryhound.Scope;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.detect.Detection;
import io.queryhound.internal.event.QueryEvent;
import io.queryhound.internal.event.QueryEventListener;
import io.queryhound.internal.stats.ScopeStatisticsTable;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Binds scopes to threads and hands every recorded execution (and slow connection acquisition) to
 * the innermost open scope of its thread, or to the thread's implicit scope when there is none. One
 * per QueryHound instance.
 */
public final class ScopeManager implements QueryEventListener {

    /** Scopes open on one thread at once; more means scopes are opened and never closed. */
    static final int MAX_NESTING = 64;

    private final ScopeContext context;
    private final int largeResultRows;
    private final ThreadLocal<ThreadScopes> threads = ThreadLocal.withInitial(ThreadScopes::new);

    /**
     * {@code scopeStatistics} receives every closed scope but implicit ones, timed with {@code ticker}
     * (nanoseconds); null for none.
     */
    public ScopeManager(Detection detection, Clock clock, long idleMillis, int largeResultRows,
                        Consumer<List<Finding>> sink, ScopeStatisticsTable scopeStatistics, LongSupplier ticker) {
        this.context = new ScopeContext(detection, clock, idleMillis * 1_000_000L, sink, scopeStatistics, ticker);
        this.largeResultRows = largeResultRows;
    }

    /** Opens a scope on the current thread, nested in the thread's current scope if there is one. */
    public Scope open(String name, Scope.Kind kind) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (kind == Scope.Kind.IMPLICIT) {
            throw new IllegalArgumentException("implicit scopes are opened by QueryHound itself");
        }
        ThreadScopes scopes = threads.get();
        ActiveScope scope = new ActiveScope(this, context, name, kind, scopes.current(),
                Thread.currentThread().getId());
        scopes.push(scope);
        scope.mirrorInAgent();
        return scope;
    }

    /** The innermost open scope of the current thread, or null. */
    public Scope current() {
        return threads.get().current();
    }

    /** Hot path: an execution goes to the current thread's innermost open scope. */
    @Override
    public void onQuery(QueryEvent event) {
        if (context.closed) {
            return;
        }
        ThreadScopes scopes = threads.get();
        ActiveScope scope = scopes.current();
        if (scope != null && scope.record(event)) {
            return;
        }
        // No scope, or it closed on another thread just now: the next one down, else the implicit scope.
        scope = scopes.current();
        if (scope == null || !scope.record(event)) {
            scopes.implicit(this).record(event);
        }
    }

    /** Hot-ish path: a slow acquisition goes to the current thread's innermost open scope, like an execution. */
    @Override
    public void onConnectionAcquired(String dataSourceName, long elapsedNanos, boolean failed) {
        if (context.closed || !context.detection.isSlowConnection(elapsedNanos)) {
            return; // the usual case: nothing to remember
        }
        ThreadScopes scopes = threads.get();
        ActiveScope scope = scopes.current();
        if (scope != null && scope.slowConnection(dataSourceName, elapsedNanos, failed)) {
            return;
        }
        scope = scopes.current();
        if (scope == null || !scope.slowConnection(dataSourceName, elapsedNanos, failed)) {
            scopes.implicit(this).slowConnection(dataSourceName, elapsedNanos, failed);
        }
    }

    @Override
    public void onResultFinished(QueryEvent event, long rows) {
        if (rows < largeResultRows || context.closed) {
            return;
        }
        if (event.scope() instanceof ActiveScope recorded) {
            recorded.resultFinished(event, rows);
        }
    }

    /** Reports every implicit scope's current window; called at each statistics interval and at close. */
    public void endImplicitWindows() {
        context.endImplicitWindows();
    }

    /** Stops detection: later executions and scopes are not judged. Reports the implicit windows first. */
    public void close() {
        context.endImplicitWindows();
        context.closed = true;
    }

    boolean enter(ActiveScope scope) {
        return threads.get().push(scope);
    }

    void leave(ActiveScope scope) {
        threads.get().remove(scope);
    }

    void closed(ActiveScope scope) {
        if (Thread.currentThread().getId() == scope.ownerThreadId()) {
            threads.get().remove(scope);
        }
    }

    /** The scopes open on one thread, innermost last, and its implicit scope. */
    private static final class ThreadScopes {
        private ActiveScope[] stack = new ActiveScope[4];
        private int size;
        private ActiveScope implicit;

        /** Hot path. Closed scopes (closed by another thread, or carried here after closing) are passed over. */
        ActiveScope current() {
            for (int i = size - 1; i >= 0; i--) {
                ActiveScope scope = stack[i];
                if (!scope.isClosed()) {
                    return scope;
                }
            }
            return null;
        }

        ActiveScope implicit(ScopeManager manager) {
            if (implicit == null) {
                Thread thread = Thread.currentThread();
                implicit = new ActiveScope(manager, manager.context, thread.getName(), Scope.Kind.IMPLICIT, null,
                        thread.getId());
            }
            return implicit;
        }

        boolean push(ActiveScope scope) {
            long self = Thread.currentThread().getId();
            while (size > 0 && stack[size - 1].isClosed() && stack[size - 1].ownerThreadId() == self) {
                stack[--size] = null; // closed on another thread; its owner pops it here
            }
            if (size == MAX_NESTING) {
                Diagnostics.warnOnce("scope-nesting", "more than " + MAX_NESTING + " scopes are open on thread "
                        + Thread.currentThread().getName() + ": scopes are being opened and not closed; further"
                        + " scopes on it are ignored");
                return false;
            }
            if (size == stack.length) {
                stack = java.util.Arrays.copyOf(stack, size * 2);
            }
            stack[size++] = scope;
            return true;
        }

        void remove(ActiveScope scope) {
            for (int i = size - 1; i >= 0; i--) {
                if (stack[i] == scope) {
                    System.arraycopy(stack, i + 1, stack, i, size - i - 1);
                    stack[--size] = null;
                    return;
                }
            }
        }
    }
}
