package io.queryhound.agent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void helpListsTheCommandsAndHowToAttachTheAgent(String help) {
        CliRun run = CliRun.of(help);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains("-javaagent:queryhound-agent.jar[=key=value,...]")
                .contains("fingerprint [--dialect generic|postgresql|mysql|h2] [--json] <sql>|-")
                .contains("summary <file.jsonl>|- [--top N]")
                .contains("version");
    }

    @Test
    void noCommandPrintsTheUsageOnStandardError() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(Cli.USAGE + System.lineSeparator());
    }

    @Test
    void anUnknownCommandIsNamedAndTheUsageFollows() {
        CliRun run = CliRun.of("sumary", "qh.jsonl");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("queryhound: unknown command 'sumary'" + System.lineSeparator())
                .endsWith(Cli.USAGE + System.lineSeparator());
    }

    @Test
    void versionFromClassesIsDev() {
        // The jar's manifest carries Implementation-Version; target/classes has no manifest.
        CliRun run = CliRun.of("version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("queryhound dev" + System.lineSeparator());
    }
}
