package io.queryhound.internal.scope;

import io.queryhound.Scope;
import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.bridge.Hooks;
import io.queryhound.internal.capture.AgentCapture;

/**
 * Under the agent, a scope opened in code with the application's copy of QueryHound ({@code QueryHound.scope},
 * an engine's own, the JUnit extension's test scopes) is opened in the agent's engine too, on the same thread and
 * with the same name: the agent's engine reports every query of the DataSources no application engine wrapped,
 * and would otherwise judge them in its implicit scope. A task carried to another thread opens a scope of the same
 * name there (judged on its own). Nothing happens without the agent, or in the agent's own copy.
 */
final class AgentScopes {

    private AgentScopes() {
    }

    /** The agent's scope for a scope just opened or entered on this thread, or null. */
    static Object enter(String name, Scope.Kind kind) {
        if (!AgentCapture.mirrorsScopes()) {
            return null;
        }
        return AgentBridge.hooks().scopeEnter(name, kind == Scope.Kind.TEST ? Hooks.SCOPE_TEST : Hooks.SCOPE_CODE);
    }

    /** Ends what {@link #enter} returned (nothing for null); the agent's hooks never throw. */
    static void exit(Object agentScope) {
        if (agentScope != null) {
            AgentBridge.hooks().scopeExit(agentScope);
        }
    }
}
