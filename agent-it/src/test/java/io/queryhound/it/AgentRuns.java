package io.queryhound.it;

/**
 * The child runs the tests share, one per (application, JDK, variant): started on first use, then reused by
 * every test about them.
 */
final class AgentRuns {

    /**
     * The HTTP apps' agent settings. No interval report during the run (one summary at exit), and a slow-query
     * threshold far above anything these apps do, so that a slow machine cannot add findings to a scope whose
     * findings are counted exactly.
     */
    static final String[] HTTP_APP_SETTINGS = {"statsIntervalSeconds=3600", "slowQueryMillis=5000"};

    private AgentRuns() {
    }

    /** {@code app} on {@code jdk} with the agent and {@link #HTTP_APP_SETTINGS}. */
    static ChildRun withAgent(Class<?> app, Jdk jdk) {
        jdk.java(); // skips the test, before anything is cached, when the JDK is missing
        String name = app.getSimpleName() + "-agent-" + jdk.name();
        return Runs.get(name, () -> AgentJvm.app(app).on(jdk).agent(HTTP_APP_SETTINGS).named(name).run());
    }

    /** {@code app} on {@code jdk} without any agent: what the application does on its own. */
    static ChildRun withoutAgent(Class<?> app, Jdk jdk) {
        jdk.java();
        String name = app.getSimpleName() + "-plain-" + jdk.name();
        return Runs.get(name, () -> AgentJvm.app(app).on(jdk).named(name).run());
    }
}
