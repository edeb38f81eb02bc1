package io.queryhound.benchmarks.floor;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.lang.instrument.Instrumentation;
import java.sql.Statement;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * The floor under any agent that times queries: Byte Buddy advice, inlined as QueryHound's is, on the execute
 * methods of every {@code java.sql.Statement} implementation, that reads the clock around the outermost execution
 * of the thread and adds the time up ({@link TimingFloor}). Nothing else: no SQL, no parameters, no rows, no
 * analysis. Its row in the benchmark table is what instrumenting the query path costs on this machine before a
 * tool does any work of its own.
 *
 * <p>{@code -javaagent:benchmarks.jar}: the benchmarks jar is its own agent jar (Premain-Class in its manifest).
 */
public final class TimingFloorAgent {

    private TimingFloorAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .type(not(isInterface()).and(isSubTypeOf(Statement.class)))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(TimingFloorAgent.class.getClassLoader())
                        .advice(executeMethods(), ExecuteAdvice.class.getName()))
                .installOn(instrumentation);
        System.err.println("[timing-floor] agent installed: the execute methods of java.sql.Statement implementations");
    }

    /** The methods QueryHound's agent times: every execute, with or without SQL, and the batches. */
    static ElementMatcher.Junction<MethodDescription> executeMethods() {
        return namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch",
                "executeLargeBatch").and(isPublic()).and(not(isAbstract()));
    }

    /** Bytecode template, inlined into each execute method. */
    static final class ExecuteAdvice {

        private ExecuteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return TimingFloor.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start) {
            TimingFloor.exit(start);
        }
    }
}
