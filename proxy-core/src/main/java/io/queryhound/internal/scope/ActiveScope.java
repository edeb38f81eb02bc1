package io.queryhound.internal.scope;

import io.queryhound.Finding;
import io.queryhound.Scope;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.detect.ScopeTally;
import io.queryhound.internal.event.QueryEvent;

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

    private final ScopeManager manager;
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
    /** The thread whose stack this scope was pushed on when it was opened. */
    private final Thread owner;

    ActiveScope(ScopeManager manager, String name, Kind kind, ActiveScope parent, Thread owner) {
        this.manager = manager;
        this.name = name;
        this.kind = kind;
        this.parent = parent;
        this.owner = owner;
        this.tally = new ScopeTally(manager.detection());
        this.id = manager.nextId();
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

    /** Hot path: one execution of this scope. */
    void record(QueryEvent event) {
        lock.lock();
        try {
            if (closed) {
                return; // closed while another thread was about to record into it: it was judged already
            }
            if (kind == Kind.IMPLICIT && !tally.isEmpty()
                    && event.startNanos() - tally.lastEndNanos() > manager.idleNanos()) {
                endWindow(); // the thread was idle: what came before was another unit of work
            }
            if (kind == Kind.IMPLICIT && tally.isEmpty()) {
                manager.windowStarted(this);
            }
            event.scope(this);
            tally.record(event);
        } finally {
            lock.unlock();
        }
    }

    void resultFinished(QueryEvent event, long rows) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            tally.resultFinished(event, rows);
        } finally {
            lock.unlock();
        }
    }

    /** For implicit scopes: evaluates and reports the current window, then starts a new one. */
    void endWindow() {
        lock.lock();
        try {
            if (tally.isEmpty()) {
                return;
            }
            List<Finding> found = manager.detection().evaluate(tally, this, manager.now());
            tally.clear();
            id = manager.nextId();
            manager.report(found);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            List<Finding> found;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                found = manager.detection().evaluate(tally, this, manager.now());
                keep(found);
            } finally {
                lock.unlock();
            }
            manager.report(found);
            if (parent != null) {
                parent.rollUp(this, found);
            }
            lock.lock();
            try {
                // Events of this scope may stay referenced (as trigger candidates elsewhere, or by
                // open results); the tally must not stay reachable through them.
                closedQueryCount = tally.queries();
                tally.clear();
            } finally {
                lock.unlock();
            }
        } catch (Throwable e) {
            Diagnostics.internalError("scope close", e);
        } finally {
            manager.closed(this);
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

    ActiveScope parent() {
        return parent;
    }

    Thread owner() {
        return owner;
    }

    @Override
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            Object token = manager.enter(this);
            try {
                task.run();
            } finally {
                manager.leave(token);
            }
        };
    }

    @Override
    public <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            Object token = manager.enter(this);
            try {
                return task.call();
            } finally {
                manager.leave(token);
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
