package io.queryhound.agent;

import io.queryhound.agent.internal.AgentStart;

import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent:queryhound-agent.jar[=key=value,...]} entry point. It does almost nothing
 * itself: everything is in {@link AgentStart}, and whatever goes wrong there is reported in one line
 * and leaves the application running uninstrumented.
 */
public final class QueryHoundAgent {

    private QueryHoundAgent() {
    }

    /** Attached at JVM start with {@code -javaagent}. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        AgentStart.start(arguments, instrumentation, false);
    }

    /** Attached to a running JVM (for example with {@code jcmd <pid> JVMTI.agent_load}). */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        AgentStart.start(arguments, instrumentation, true);
    }
}
