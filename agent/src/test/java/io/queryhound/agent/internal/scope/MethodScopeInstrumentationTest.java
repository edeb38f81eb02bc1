package io.queryhound.agent.internal.scope;

import io.queryhound.agent.internal.scope.MethodScopeInstrumentation.ScopeMethod;
import io.queryhound.internal.config.Diagnostics;
import net.bytebuddy.agent.builder.AgentBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code scopeMethods} entries as the agent reads them, and their advice installed as the agent
 * installs it on the nested fixture classes below.
 */
class MethodScopeInstrumentationTest {

    private static final String FIXTURES = MethodScopeInstrumentationTest.class.getName();
    private static final String JOB_RUN = FIXTURES + "$Job#run";
    private static final String JOB_EXPLODE = FIXTURES + "$Job#explode";
    private static final String JOB_COUNT = FIXTURES + "$Job#count";
    private static final String LISTENER = FIXTURES + "$Listener#onMessage";
    private static final String HANDLER = FIXTURES + "$Handler#handle";
    private static final String TASK = FIXTURES + "$Task#execute";

    @Nested
    class Parsing {

        private final ByteArrayOutputStream output = new ByteArrayOutputStream();

        @BeforeEach
        void captureDiagnostics() {
            Diagnostics.resetForTests();
            Diagnostics.redirectForTests(new PrintStream(output, true, StandardCharsets.UTF_8));
        }

        @AfterEach
        void restoreDiagnostics() {
            Diagnostics.redirectForTests(null);
            Diagnostics.resetForTests();
        }

        @Test
        void anEntryIsAClassOrInterfaceNameAndAMethodName() {
            assertThat(MethodScopeInstrumentation.parse(List.of(
                    "com.acme.Job#run", " com.acme.Listener#onMessage ", "Job#run", "com.acme.Outer$Inner#handle",
                    "com.acme.Job#run")))
                    .containsExactly(
                            new ScopeMethod("com.acme.Job#run", "com.acme.Job", "run"),
                            new ScopeMethod("com.acme.Listener#onMessage", "com.acme.Listener", "onMessage"),
                            new ScopeMethod("Job#run", "Job", "run"),
                            new ScopeMethod("com.acme.Outer$Inner#handle", "com.acme.Outer$Inner", "handle"));
            assertThat(output.toString(StandardCharsets.UTF_8)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"com.acme.Job", "#run", "com.acme.Job#", "com.acme.Job#run#again", "com acme.Job#run",
                "com.acme.Job#run()", "com..acme.Job#run", ".Job#run", "com.acme.Job.#run", "com.acme.Job#<init>",
                "com/acme/Job#run", "9lives.Job#run"})
        void anInvalidEntryIsReportedWithTheSettingAndTheAcceptedFormAndSkipped(String entry) {
            List<ScopeMethod> parsed = MethodScopeInstrumentation.parse(List.of(entry, "com.acme.Job#run"));

            assertThat(parsed).extracting(ScopeMethod::entry).containsExactly("com.acme.Job#run");
            assertThat(output.toString(StandardCharsets.UTF_8).strip()).isEqualTo("[queryhound] WARN setting"
                    + " scopeMethods: ignoring the entry '" + entry + "'; accepted is Class#method: a class or"
                    + " interface name (nested classes with $), '#', and a method name, such as com.acme.Job#run");
        }

        @Test
        void anInvalidEntryIsReportedOnce() {
            MethodScopeInstrumentation.parse(List.of("com.acme.Job", "com.acme.Job"));
            MethodScopeInstrumentation.parse(List.of("com.acme.Job"));

            assertThat(output.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
        }

        @Test
        void withoutValidEntriesNothingIsInstalled() {
            AgentBuilder builder = new AgentBuilder.Default();

            assertThat(MethodScopeInstrumentation.install(builder, List.of())).isSameAs(builder);
            assertThat(MethodScopeInstrumentation.install(builder, List.of("com.acme.Job"))).isSameAs(builder);
        }

        @Test
        void blankEntriesAreNotEntries() {
            assertThat(MethodScopeInstrumentation.parse(Arrays.asList("", "  ", null))).isEmpty();
            assertThat(output.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Invocations {

        private TestAgent agent;
        private RecordingHooks hooks;

        @BeforeAll
        void installAdvice() {
            agent = TestAgent.install(builder -> MethodScopeInstrumentation.install(builder,
                    List.of(JOB_RUN, JOB_EXPLODE, JOB_COUNT, LISTENER, HANDLER, TASK, "no-hash-here")));
        }

        @AfterAll
        void removeAdvice() {
            agent.close();
        }

        @BeforeEach
        void attachHooks() {
            hooks = RecordingHooks.attach();
        }

        @AfterEach
        void detachHooks() {
            hooks.close();
        }

        @Test
        void everyOverloadIsAScopeNamedByTheEntry() {
            Job job = new Job();

            job.run();
            job.run(3);

            assertThat(job.scopes).as(diagnosis()).containsExactly(JOB_RUN, JOB_RUN);
            assertThat(hooks.events()).containsExactly(
                    "open METHOD " + JOB_RUN, "close " + JOB_RUN, "open METHOD " + JOB_RUN, "close " + JOB_RUN);
            assertThat(hooks.unpairedCalls()).isZero();
        }

        @Test
        void aSubclassOverridingTheMethodIsCovered() {
            NightlyJob job = new NightlyJob();

            job.run();

            assertThat(job.scopes).as(diagnosis()).containsExactly(JOB_RUN);
            assertThat(hooks.events()).containsExactly("open METHOD " + JOB_RUN, "close " + JOB_RUN);
        }

        @Test
        void anInterfaceEntryCoversItsImplementations() {
            Listener listener = new OrderListener();

            listener.onMessage("order 7 shipped");

            assertThat(hooks.events()).as(diagnosis()).containsExactly("open METHOD " + LISTENER, "close " + LISTENER);
        }

        @Test
        void aCallThroughAGenericInterfaceIsOneScopeNotTwo() {
            Handler<String> handler = new StringHandler();

            handler.handle("order 7");

            assertThat(hooks.events()).as(diagnosis()).containsExactly("open METHOD " + HANDLER, "close " + HANDLER);
        }

        @Test
        void anAbstractMethodIsSkippedAndItsImplementationsAreCovered() {
            Task task = new PrintTask();

            task.execute();

            assertThat(agent.errors()).as(diagnosis()).isEmpty();
            assertThat(hooks.events()).containsExactly("open METHOD " + TASK, "close " + TASK);
        }

        @Test
        void theScopeClosesWhenTheMethodThrowsAndTheExceptionIsUnchanged() {
            Job job = new Job();
            IllegalStateException failure = new IllegalStateException("the job failed");

            assertThatThrownBy(() -> job.explode(failure)).isSameAs(failure);

            assertThat(hooks.events()).as(diagnosis()).containsExactly("open METHOD " + JOB_EXPLODE, "close " + JOB_EXPLODE);
            assertThat(hooks.unpairedCalls()).isZero();
        }

        @Test
        void theReturnValueIsUnchanged() {
            assertThat(new Job().count()).isEqualTo(42);
            assertThat(hooks.events()).as(diagnosis()).containsExactly("open METHOD " + JOB_COUNT, "close " + JOB_COUNT);
        }

        @Test
        void methodsNotConfiguredAreNotScopes() {
            new Job().other();

            assertThat(hooks.events()).as(diagnosis()).isEmpty();
        }

        @Test
        void nothingThrownByTheHooksReachesTheApplication() {
            hooks.failWith(new IllegalStateException("broken scopeEnter"), new IllegalStateException("broken scopeExit"));
            Job job = new Job();

            job.run();
            assertThat(job.count()).isEqualTo(42);
            IllegalStateException failure = new IllegalStateException("the job failed");
            assertThatThrownBy(() -> job.explode(failure)).as(diagnosis()).isSameAs(failure);
            assertThat(hooks.unpairedCalls()).isZero();
        }

        private String diagnosis() {
            return "events " + hooks.events() + "; transformed " + agent.transformed().stream()
                    .filter(name -> name.startsWith(FIXTURES)).sorted().toList() + "; errors " + agent.errors();
        }
    }

    private static String currentScope() {
        return RecordingHooks.active().current();
    }

    static class Job {
        final List<String> scopes = new ArrayList<>();

        void run() {
            scopes.add(currentScope());
        }

        void run(int times) {
            scopes.add(currentScope());
        }

        void explode(RuntimeException failure) {
            throw failure;
        }

        int count() {
            return 42;
        }

        void other() {
        }
    }

    static final class NightlyJob extends Job {
        @Override
        void run() {
            scopes.add(currentScope());
        }
    }

    interface Listener {
        void onMessage(String message);
    }

    static final class OrderListener implements Listener {
        @Override
        public void onMessage(String message) {
        }
    }

    interface Handler<T> {
        void handle(T value);
    }

    static final class StringHandler implements Handler<String> {
        @Override
        public void handle(String value) {
        }
    }

    abstract static class Task {
        abstract void execute();
    }

    static final class PrintTask extends Task {
        @Override
        void execute() {
        }
    }
}
