package io.queryhound.internal.scope;

import io.queryhound.Finding;
import io.queryhound.Scope;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.detect.Detection;
import io.queryhound.internal.event.QueryEvent;
import io.queryhound.internal.event.QueryEventListener;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Binds scopes to threads and hands every recorded execution to the innermost open scope of its
 * thread, or to the thread's implicit scope when there is none. One per QueryHound instance.
 */
public final class ScopeManager implements QueryEventListener {

    /** Scopes open on one thread at once; more means scopes are opened and never closed. */
    static final int MAX_NESTING = 64;

    private final Detection detection;
    private final Clock clock;
    private final long idleNanos;
    private final int largeResultRows;
    private final Consumer<List<Finding>> sink;
    private final AtomicLong ids = new AtomicLong();
    private final ThreadLocal<ThreadScopes> threads = ThreadLocal.withInitial(ThreadScopes::new);
    /** Implicit scopes whose current window has queries, so intervals and close can report them. */
    private final Set<ActiveScope> openWindows = ConcurrentHashMap.newKeySet();

    public ScopeManager(Detection detection, Clock clock, long idleMillis, int largeResultRows,
                        Consumer<List<Finding>> sink) {
        this.detection = detection;
        this.clock = clock;
        this.idleNanos = idleMillis * 1_000_000L;
        this.largeResultRows = largeResultRows;
        this.sink = sink;
    }

    /** Opens a scope on the current thread, nested in the thread's current scope if there is one. */
    public Scope open(String name, Scope.Kind kind) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (kind == Scope.Kind.IMPLICIT) {
            throw new IllegalArgumentException("implicit scopes are opened by QueryHound itself");
        }
        ThreadScopes scopes = threads.get();
        ActiveScope scope = new ActiveScope(this, name, kind, scopes.current(), Thread.currentThread());
        scopes.push(scope);
        return scope;
    }

    /** The innermost open scope of the current thread, or null. */
    public Scope current() {
        return threads.get().current();
    }

    /** Hot path: an execution goes to the current thread's innermost open scope. */
    @Override
    public void onQuery(QueryEvent event) {
        ThreadScopes scopes = threads.get();
        ActiveScope scope = scopes.current();
        if (scope == null) {
            scope = scopes.implicit(this);
        }
        scope.record(event);
    }

    @Override
    public void onResultFinished(QueryEvent event, long rows) {
        if (rows < largeResultRows) {
            return;
        }
        ActiveScope scope = event.scope() instanceof ActiveScope recorded && !recorded.isClosed() ? recorded : null;
        if (scope != null) {
            scope.resultFinished(event, rows);
        }
    }

    /** Reports every implicit scope's current window; called at each statistics interval and at close. */
    public void endImplicitWindows() {
        for (ActiveScope scope : openWindows) {
            openWindows.remove(scope);
            try {
                scope.endWindow();
            } catch (Throwable e) {
                Diagnostics.internalError("implicit scope", e);
            }
        }
    }

    Object enter(ActiveScope scope) {
        return threads.get().push(scope) ? scope : null;
    }

    void leave(Object token) {
        if (token instanceof ActiveScope scope) {
            threads.get().remove(scope);
        }
    }

    void closed(ActiveScope scope) {
        if (Thread.currentThread() == scope.owner()) {
            threads.get().remove(scope);
        }
    }

    void windowStarted(ActiveScope implicit) {
        openWindows.add(implicit);
    }

    void report(List<Finding> findings) {
        if (!findings.isEmpty()) {
            sink.accept(findings);
        }
    }

    Detection detection() {
        return detection;
    }

    long idleNanos() {
        return idleNanos;
    }

    Instant now() {
        return clock.instant();
    }

    String nextId() {
        return Long.toString(ids.incrementAndGet());
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
                implicit = new ActiveScope(manager, thread.getName(), Scope.Kind.IMPLICIT, null, thread);
            }
            return implicit;
        }

        boolean push(ActiveScope scope) {
            while (size > 0 && stack[size - 1].isClosed() && stack[size - 1].owner() == Thread.currentThread()) {
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
