package io.queryhound.internal.scope;

import io.queryhound.Finding;
import io.queryhound.Scope;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.detect.ScopeTally;
import io.queryhound.internal.event.QueryEvent;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A scope with its tally. Usually only the thread that opened it records into it, but a scope
 * carried to other threads ({@link #wrap}) is shared, so its tally is guarded by a lock held only
 * while one event is added (never across a query).
 */
final class ActiveScope implements Scope {

    /** Findings kept per scope for {@link #findings()}; the exporter gets them all regardless. */
    private static final int MAX_KEPT_FINDINGS = 1000;

    private final ScopeContext context;
    /** Weak: only for the thread-binding operations; see {@link ScopeContext}. */
    private final WeakReference<ScopeManager> manager;
    private final String name;
    private final Kind kind;
    private final ActiveScope parent;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScopeTally tally;
    private final List<Finding> findings = new ArrayList<>();
    private volatile String id;
    private volatile boolean closed;
    /** {@link #queryCount()} after close, when the tally is gone. */
    private long closedQueryCount;
    /** The id of the thread whose stack this scope was pushed on when it was opened (no reference to the thread). */
    private final long ownerThreadId;
    /** When it was opened, in the engine's ticker's nanoseconds (0 for implicit scopes, which are not timed). */
    private final long openedTicks;
    /** Under the agent, its engine's scope of the same name on the owner thread (see {@link AgentScopes}); else null. */
    private volatile Object agentScope;

    ActiveScope(ScopeManager manager, ScopeContext context, String name, Kind kind, ActiveScope parent,
                long ownerThreadId) {
        this.context = context;
        this.manager = new WeakReference<>(manager);
        this.name = name;
        this.kind = kind;
        this.parent = parent;
        this.ownerThreadId = ownerThreadId;
        this.tally = new ScopeTally(context.detection);
        this.id = context.nextId();
        this.openedTicks = kind == Kind.IMPLICIT ? 0 : context.ticks();
        if (parent != null) {
            parent.lock.lock();
            try {
                tally.openedIn(parent.tally);
            } finally {
                parent.lock.unlock();
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long queryCount() {
        lock.lock();
        try {
            return closed ? closedQueryCount : tally.queries();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Finding> findings() {
        lock.lock();
        try {
            return List.copyOf(findings);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Hot path: one execution of this scope. Returns false when the scope was closed meanwhile (by
     * another thread), so the caller can give the execution to the next scope.
     */
    boolean record(QueryEvent event) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (kind == Kind.IMPLICIT && tally.queries() > 0
                    && event.startNanos() - tally.lastEndNanos() > context.idleNanos) {
                endWindow(); // the thread was idle: what came before was another unit of work
            }
            if (kind == Kind.IMPLICIT && tally.isEmpty()) {
                context.windowStarted(this);
            }
            event.scope(this);
            tally.record(event);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A slow connection acquisition on a thread where this scope is current. Returns false when the
     * scope was closed meanwhile (by another thread), so the caller can give it to the next scope.
     */
    boolean slowConnection(String dataSource, long elapsedNanos, boolean failed) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            // An implicit window is not ended here for an idle gap: an acquisition carries no start
            // time. A connection usually precedes the queries run on it, so it joins their window; only
            // one acquired slowly after an idle gap is reported with the window before it.
            if (kind == Kind.IMPLICIT && tally.isEmpty()) {
                context.windowStarted(this);
            }
            tally.slowConnection(dataSource, elapsedNanos, failed);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A result of {@code event} finished large; a scope closed since hands it to its nearest open ancestor. */
    void resultFinished(QueryEvent event, long rows) {
        lock.lock();
        try {
            if (!closed) {
                tally.resultFinished(event, rows);
                return;
            }
        } finally {
            lock.unlock();
        }
        if (parent != null) {
            parent.resultFinished(event, rows);
        }
    }

    /** For implicit scopes: evaluates and reports the current window, then starts a new one. */
    void endWindow() {
        lock.lock();
        try {
            if (tally.isEmpty()) {
                return;
            }
            List<Finding> found = context.detection.evaluate(tally, this, context.now());
            tally.clear();
            id = context.nextId();
            context.report(found);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        Object mirror = agentScope;
        agentScope = null;
        AgentScopes.exit(mirror);
        try {
            List<Finding> found;
            List<Finding> all;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closedQueryCount = tally.queries();
                closed = true;
                if (mirror == null) {
                    // Under the agent, the agent's engine counts this scope (its mirror saw the statements).
                    context.closed(name, kind, closedQueryCount, tally.totalNanos(), openedTicks);
                }
                found = context.detection.evaluate(tally, this, context.now());
                keep(found);
                all = List.copyOf(findings); // its own and its nested scopes': all of them roll up
            } finally {
                lock.unlock();
            }
            context.report(found);
            if (parent != null) {
                parent.rollUp(this, all);
            }
            lock.lock();
            try {
                // Events of this scope may stay referenced (as trigger candidates elsewhere, or by
                // open results); the tally must not stay reachable through them.
                tally.clear();
            } finally {
                lock.unlock();
            }
        } catch (Throwable e) {
            Diagnostics.internalError("scope close", e);
        } finally {
            ScopeManager owner = manager.get();
            if (owner != null) {
                owner.closed(this);
            }
        }
    }

    /** A nested scope closed: its queries count here too, and its findings are listed here. */
    private void rollUp(ActiveScope nested, List<Finding> nestedFindings) {
        boolean alreadyClosed;
        lock.lock();
        try {
            alreadyClosed = closed;
            if (!alreadyClosed) {
                tally.addAll(nested.tally);
            }
            keep(nestedFindings);
        } finally {
            lock.unlock();
        }
        // A nested scope that outlives this one (closed later) still reaches the outer scopes.
        if (alreadyClosed && parent != null) {
            parent.rollUp(nested, nestedFindings);
        }
    }

    private void keep(List<Finding> found) {
        for (Finding finding : found) {
            if (findings.size() < MAX_KEPT_FINDINGS) {
                findings.add(finding);
            }
        }
    }

    long ownerThreadId() {
        return ownerThreadId;
    }

    /** Opened: under the agent, the agent's engine opens the same scope on this thread. */
    void mirrorInAgent() {
        agentScope = AgentScopes.enter(name, kind);
    }

    @Override
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            ScopeManager owner = manager.get();
            boolean entered = owner != null && owner.enter(this);
            Object mirror = entered ? AgentScopes.enter(name, kind) : null;
            try {
                task.run();
            } finally {
                AgentScopes.exit(mirror);
                if (entered) {
                    owner.leave(this);
                }
            }
        };
    }

    @Override
    public <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            ScopeManager owner = manager.get();
            boolean entered = owner != null && owner.enter(this);
            Object mirror = entered ? AgentScopes.enter(name, kind) : null;
            try {
                return task.call();
            } finally {
                AgentScopes.exit(mirror);
                if (entered) {
                    owner.leave(this);
                }
            }
        };
    }

    @Override
    public Executor executor(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return command -> executor.execute(wrap(command));
    }

    @Override
    public String toString() {
        return "Scope[" + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name + " #" + id
                + (closed ? ", closed" : "") + "]";
    }
}
