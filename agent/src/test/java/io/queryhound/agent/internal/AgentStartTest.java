package io.queryhound.agent.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the agent does before and instead of instrumenting: the kill switch and failing safely. */
class AgentStartTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private final List<String> calls = new ArrayList<>();

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    /** An Instrumentation that records every call and fails each one. */
    private Instrumentation recordingInstrumentation() {
        return (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    throw new IllegalStateException("instrumentation refused " + method.getName());
                });
    }

    private List<String> lines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void enabledFalseTouchesNothingAndSaysSoOnce() {
        AgentStart.start("enabled=false,output=/tmp/never-written.jsonl", recordingInstrumentation(), false);

        assertThat(calls).isEmpty();
        assertThat(lines()).singleElement().asString()
                .startsWith("[queryhound] agent ")
                .contains("switched off (enabled=false)", "no class is instrumented");
    }

    @Test
    void aFailureWhileStartingIsOneLineAndNeverAnException() {
        // From target/classes there is no agent jar to take the bridge from, and the Instrumentation throws:
        // either way the agent must give up quietly.
        AgentStart.start("slowQueryMillis=250", recordingInstrumentation(), false);

        assertThat(lines()).anySatisfy(line -> assertThat(line)
                .startsWith("[queryhound] agent ").contains("could not start and is not active",
                        "the application runs without it"));
        assertThat(lines()).filteredOn(line -> line.contains("could not start")).hasSize(1);
    }

    @Test
    void aBadSettingIsReportedWithItsKeyAndTheDefaultIsUsed() {
        AgentStart.start("enabled=false,slowQueryMillis=fast", recordingInstrumentation(), false);

        assertThat(lines()).anySatisfy(line -> assertThat(line)
                .contains("slowQueryMillis='fast'", "agent arguments", "a whole number from 1 to 86400000",
                        "using the default 100"));
        assertThat(calls).isEmpty();
    }
}
