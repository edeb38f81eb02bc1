package io.queryhound.agent.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentArgumentsTest {

    @Test
    void pairsAreSeparatedByCommas() {
        assertThat(AgentArguments.parse("output=/var/log/app/qh.jsonl,slowQueryMillis=250"))
                .containsExactly(Map.entry("output", "/var/log/app/qh.jsonl"), Map.entry("slowQueryMillis", "250"));
    }

    @Test
    void aPartWithoutEqualsContinuesTheListBeforeIt() {
        assertThat(AgentArguments.parse("scopeMethods=com.acme.Job#run,com.acme.Listener#onMessage,appPackages=com.acme,"
                + "org.example,slowQueryMillis=5"))
                .containsExactly(Map.entry("scopeMethods", "com.acme.Job#run,com.acme.Listener#onMessage"),
                        Map.entry("appPackages", "com.acme,org.example"), Map.entry("slowQueryMillis", "5"));
    }

    @Test
    void aContinuedValueKeepsTheSpacesAfterItsCommas() {
        assertThat(AgentArguments.parse("suppress.names=N_PLUS_ONE@com.acme.* -- cached, judged fine ,slowQueryMillis=5"))
                .containsExactly(Map.entry("suppress.names", "N_PLUS_ONE@com.acme.* -- cached, judged fine"),
                        Map.entry("slowQueryMillis", "5"));
    }

    @Test
    void aValueMayContainEquals() {
        assertThat(AgentArguments.parse("output=/tmp/a=b.jsonl")).containsExactly(Map.entry("output", "/tmp/a=b.jsonl"));
    }

    @Test
    void nothingGivesNothing() {
        assertThat(AgentArguments.parse(null)).isEmpty();
        assertThat(AgentArguments.parse("  ")).isEmpty();
    }

    @Test
    void aBareWordIsAKeyWithoutAValueSoTheSettingsLoaderReportsIt() {
        assertThat(AgentArguments.parse("verbose")).containsExactly(Map.entry("verbose", ""));
    }
}
