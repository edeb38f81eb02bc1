package io.queryhound.it.reliability;

import io.queryhound.it.AgentJvm;
import io.queryhound.it.ChildRun;
import io.queryhound.it.Jdk;
import io.queryhound.it.apps.reliability.DistinctStatementsApp;
import io.queryhound.it.apps.reliability.ManyScopesApp;
import io.queryhound.it.apps.reliability.UnclosedStatementsApp;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The memory workloads' runs: on the current JDK only, since a million operations per workload on both JDKs would
 * not fit the module's time budget, and the agent's data structures are the same on every JDK (the fault tests
 * cover JDK 25); with the full JIT, which does these long workloads in about two thirds of the CPU time of the
 * quick-start default of the other children (C1 only); with a timeout for a loaded machine. All start, two at a
 * time, when the first memory test needs one.
 */
final class MemoryRuns {

    private static final Duration TIMEOUT = Duration.ofSeconds(300);
    private static final String FULL_JIT = "-XX:TieredStopAtLevel=4";

    private static final String DISTINCT_STATEMENTS = "reliability-DistinctStatementsApp-agent";
    private static final String MANY_SCOPES = "reliability-ManyScopesApp-agent";
    private static final String UNCLOSED_STATEMENTS = "reliability-UnclosedStatementsApp-agent";
    private static final String UNCLOSED_STATEMENTS_WITHOUT_AGENT = "reliability-UnclosedStatementsApp-plain";

    static {
        // All four in the background as soon as the first memory test needs one, two at a time: each measures the
        // heap of its own JVM, so running beside another disturbs nothing but the time, and the module's budget
        // is better spent on both cores than on one child after another.
        ReliabilityRuns.start(DISTINCT_STATEMENTS, distinctStatementsRun());
        ReliabilityRuns.start(MANY_SCOPES, manyScopesRun());
        ReliabilityRuns.start(UNCLOSED_STATEMENTS, unclosedStatementsRun());
        ReliabilityRuns.start(UNCLOSED_STATEMENTS_WITHOUT_AGENT, unclosedStatementsWithoutAgentRun());
    }

    private MemoryRuns() {
    }

    static ChildRun distinctStatements() {
        return ReliabilityRuns.get(DISTINCT_STATEMENTS, distinctStatementsRun());
    }

    /** Every call of {@link ManyScopesApp#SCOPE_METHOD} a scope. */
    static ChildRun manyScopes() {
        return ReliabilityRuns.get(MANY_SCOPES, manyScopesRun());
    }

    static ChildRun unclosedStatements() {
        return ReliabilityRuns.get(UNCLOSED_STATEMENTS, unclosedStatementsRun());
    }

    static ChildRun unclosedStatementsWithoutAgent() {
        return ReliabilityRuns.get(UNCLOSED_STATEMENTS_WITHOUT_AGENT, unclosedStatementsWithoutAgentRun());
    }

    private static Supplier<ChildRun> distinctStatementsRun() {
        return withAgent(DistinctStatementsApp.class, DISTINCT_STATEMENTS);
    }

    private static Supplier<ChildRun> manyScopesRun() {
        // proxy-core on the class path: the application opens code scopes through its API, as a user's would.
        return () -> AgentJvm.app(ManyScopesApp.class).on(Jdk.CURRENT).named(MANY_SCOPES).proxyCoreOnClassPath()
                .agent("statsIntervalSeconds=3600", "scopeMethods=" + ManyScopesApp.SCOPE_METHOD)
                .jvmOptions(FULL_JIT).timeout(TIMEOUT).run();
    }

    private static Supplier<ChildRun> unclosedStatementsRun() {
        return withAgent(UnclosedStatementsApp.class, UNCLOSED_STATEMENTS);
    }

    private static Supplier<ChildRun> unclosedStatementsWithoutAgentRun() {
        return () -> AgentJvm.app(UnclosedStatementsApp.class).on(Jdk.CURRENT).named(UNCLOSED_STATEMENTS_WITHOUT_AGENT)
                .jvmOptions(FULL_JIT).timeout(TIMEOUT).run();
    }

    /** {@code app} with the agent and {@code settings}; statistics only in the summary at exit. */
    private static Supplier<ChildRun> withAgent(Class<?> app, String name, String... settings) {
        String[] all = new String[settings.length + 1];
        all[0] = "statsIntervalSeconds=3600";
        System.arraycopy(settings, 0, all, 1, settings.length);
        return () -> AgentJvm.app(app).on(Jdk.CURRENT).named(name).agent(all).jvmOptions(FULL_JIT).timeout(TIMEOUT)
                .run();
    }

    /** The heap the workload left retained, as the child measured it. */
    static long retainedBytes(ChildRun run) {
        return Long.parseLong(run.stdoutValue("RETAINED_BYTES"));
    }

    /** How long the workload took in the child, for the printed figure only. */
    static double workloadSeconds(ChildRun run) {
        return Long.parseLong(run.stdoutValue("WORKLOAD_MILLIS")) / 1000.0;
    }
}
