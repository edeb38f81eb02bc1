package io.queryhound.it;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one line the agent prints on stderr at start. */
final class AgentBanner {

    private AgentBanner() {
    }

    /**
     * Exactly one stderr line starts with {@code [queryhound]}, and it names the version, the output file and each
     * of {@code settings} (the non-default settings the run passed).
     */
    static void assertAnnounced(ChildRun run, String... settings) {
        List<String> lines = run.agentStderrLines();
        assertThat(lines).as("stderr lines beginning [queryhound]").hasSize(1);
        String banner = lines.get(0);
        assertThat(banner).as("the agent's start line").contains(run.outputFile().toString());
        String version = AgentJvm.projectVersion();
        if (version != null) {
            assertThat(banner).as("the agent's start line").contains(version);
        }
        for (String setting : settings) {
            assertThat(banner).as("the agent's start line").contains(setting);
        }
    }
}
