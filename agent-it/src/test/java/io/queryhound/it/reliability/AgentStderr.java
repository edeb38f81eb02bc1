package io.queryhound.it.reliability;

import io.queryhound.it.ChildRun;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A child's stderr under the agent, sorted: the agent's start line, its other lines, and everything else. */
final class AgentStderr {

    /**
     * What the JVM itself prints when an agent appends to the boot class path (docs/agent.md, "Known limits"): not
     * the agent's voice, and not the application's.
     */
    private static final String CDS_WARNING = "VM warning: Sharing is only supported for boot loader classes because"
            + " bootstrap classpath has been appended";

    private AgentStderr() {
    }

    /** The one start line, {@code [queryhound] agent <version> on Java ...}; fails unless there is exactly one. */
    static String banner(ChildRun run) {
        List<String> banners = run.agentStderrLines().stream()
                .filter(line -> line.startsWith("[queryhound] agent ") && line.contains(" on Java ")).toList();
        assertThat(banners).as("the agent's start line").hasSize(1);
        return banners.get(0);
    }

    /** The agent's lines besides its start line: warnings and errors. */
    static List<String> agentLinesBesidesBanner(ChildRun run) {
        String banner = banner(run);
        return run.agentStderrLines().stream().filter(line -> !line.equals(banner)).toList();
    }

    /** Lines neither the agent nor the JVM's documented warning wrote: the application's own. */
    static List<String> otherLines(ChildRun run) {
        return run.stderr().lines().filter(line -> !line.startsWith("[queryhound]"))
                .filter(line -> !line.contains(CDS_WARNING)).toList();
    }
}
