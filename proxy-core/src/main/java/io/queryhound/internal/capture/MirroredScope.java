package io.queryhound.internal.capture;

import io.queryhound.Finding;
import io.queryhound.Scope;
import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.bridge.Hooks;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Under the agent, a scope opened in code ({@code QueryHound.scope(...)} or an engine's own) together with a
 * scope of the same name in the agent's engine, on the same thread: the agent's engine judges the queries of
 * every DataSource the application did not wrap with that engine, and would otherwise put them in its implicit
 * scope. Everything else is the application's scope's; a task carried to another thread opens a scope of the
 * same name there in the agent's engine (a separate one, judged on its own).
 */
public final class MirroredScope implements Scope {

    private final Scope scope;
    private final Object agentScope;

    private MirroredScope(Scope scope, Object agentScope) {
        this.scope = scope;
        this.agentScope = agentScope;
    }

    /** {@code scope}, with its counterpart opened in the agent's engine on this thread. */
    public static Scope of(Scope scope) {
        return new MirroredScope(scope, AgentBridge.hooks().scopeEnter(scope.name(), hookKind(scope)));
    }

    private static int hookKind(Scope scope) {
        return scope.kind() == Kind.TEST ? Hooks.SCOPE_TEST : Hooks.SCOPE_CODE;
    }

    @Override
    public String name() {
        return scope.name();
    }

    @Override
    public Kind kind() {
        return scope.kind();
    }

    @Override
    public String id() {
        return scope.id();
    }

    @Override
    public long queryCount() {
        return scope.queryCount();
    }

    @Override
    public List<Finding> findings() {
        return scope.findings();
    }

    @Override
    public boolean isClosed() {
        return scope.isClosed();
    }

    @Override
    public Runnable wrap(Runnable task) {
        Runnable carried = scope.wrap(task);
        return () -> {
            Object there = AgentBridge.hooks().scopeEnter(scope.name(), hookKind(scope));
            try {
                carried.run();
            } finally {
                AgentBridge.hooks().scopeExit(there);
            }
        };
    }

    @Override
    public <T> Callable<T> wrap(Callable<T> task) {
        Callable<T> carried = scope.wrap(task);
        return () -> {
            Object there = AgentBridge.hooks().scopeEnter(scope.name(), hookKind(scope));
            try {
                return carried.call();
            } finally {
                AgentBridge.hooks().scopeExit(there);
            }
        };
    }

    @Override
    public Executor executor(Executor executor) {
        return task -> executor.execute(wrap(task));
    }

    @Override
    public void close() {
        try {
            scope.close();
        } finally {
            AgentBridge.hooks().scopeExit(agentScope); // the agent's own hooks never throw
        }
    }

    @Override
    public String toString() {
        return scope.toString();
    }
}
