package io.queryhound.agent.internal.scope;

import com.sun.net.httpserver.HttpExchange;
import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.bridge.Hooks;
import io.queryhound.internal.config.Diagnostics;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import java.lang.instrument.Instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * One scope per exchange of the JDK's HTTP server ({@code com.sun.net.httpserver}), named
 * {@code GET /orders/7} (the request path, without its query string).
 *
 * <p>Handlers are often lambdas, which are hidden classes and cannot be transformed, so the server
 * side that calls them is instrumented instead: {@code com.sun.net.httpserver.Filter.Chain#doFilter(
 * HttpExchange)}. For every exchange the server's {@code sun.net.httpserver.ServerImpl.Exchange#run}
 * parses the request, builds the chain of the context's filters and calls {@code doFilter} once, on
 * the thread that then runs the filters and the handler; each filter's {@code chain.doFilter} and the
 * server's own filter chain are nested calls, for which {@link Hooks#scopeEnter} returns null. So the
 * outermost call covers exactly one exchange, filters included. {@code Filter.Chain} is public API
 * with the same single {@code doFilter(HttpExchange)} on JDK 17 and 25, and {@code Exchange#run}
 * calls it there on both; {@code Exchange#run} itself is no use as the hook, since the method and
 * path are only known halfway through it.
 *
 * <p>{@code Filter.Chain} lives in the named module {@code jdk.httpserver} (platform class loader),
 * which the inlined code can only link to the bridge from if it reads the bootstrap class path's
 * unnamed module. The JVM adds that read edge itself to a module whose class an agent transformed
 * ({@code jdk.internal.module.Modules#transformedByAgent}, on 17 and 25 alike); the builder is told
 * to add it as well, so that this does not rest on an undocumented courtesy of the VM.
 */
public final class HttpServerInstrumentation {

    static final String CHAIN = "com.sun.net.httpserver.Filter$Chain";

    private HttpServerInstrumentation() {
    }

    /**
     * Adds the transformation of {@code Filter.Chain} to {@code builder}. Call it after the bridge is on
     * the bootstrap class path; without it the advice could not link, so nothing is added and the
     * reason is reported once.
     */
    public static AgentBuilder install(AgentBuilder builder, Instrumentation instrumentation) {
        Class<?> bridge = bridgeSeenByJdkModules();
        if (bridge == null) {
            Diagnostics.warnOnce("scope:httpserver", "JDK HTTP server exchanges are not scopes: the bridge"
                    + " classes are not on the bootstrap class path, so the JDK's classes cannot call them");
            return builder;
        }
        return builder
                .assureReadEdgeTo(instrumentation, bridge)
                .type(named(CHAIN))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(HttpServerInstrumentation.class.getClassLoader())
                        .advice(named("doFilter").and(takesArguments(1))
                                        .and(takesArgument(0, named("com.sun.net.httpserver.HttpExchange"))),
                                ChainAdvice.class.getName()));
    }

    /**
     * The bridge class as code in {@code jdk.httpserver} resolves it (through the platform class
     * loader, hence from the bootstrap class path), or null when it cannot. The agent's own
     * {@code AgentBridge.class} is that same class once the bridge is installed; it is looked up
     * rather than assumed, so that a bridge loaded from somewhere else is noticed here.
     */
    static Class<?> bridgeSeenByJdkModules() {
        try {
            return Class.forName(AgentBridge.class.getName(), false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * Bytecode template inlined into {@code Filter.Chain#doFilter}; it may use only the JDK and the
     * bridge. {@code String.concat} rather than {@code +}, so that no invokedynamic is inlined.
     */
    static final class ChainAdvice {

        private ChainAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) HttpExchange exchange) {
            return AgentBridge.hooks().scopeEnter(String.valueOf(exchange.getRequestMethod()).concat(" ")
                    .concat(String.valueOf(exchange.getRequestURI().getPath())), Hooks.SCOPE_HTTP);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token) {
            AgentBridge.hooks().scopeExit(token);
        }
    }
}
