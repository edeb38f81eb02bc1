package io.queryhound.agent.internal.scope;

import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.bridge.Hooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * One scope per HTTP request in a servlet container, named {@code GET /orders/7} (the request URI,
 * without its query string), for {@code javax.servlet} and {@code jakarta.servlet} alike.
 *
 * <p>Instrumented: {@code service(request, response)} of {@code HttpServlet} and of every subclass
 * that declares it (both the public {@code ServletRequest} and the protected
 * {@code HttpServletRequest} variant), and {@code doFilter(request, response, chain)} of every
 * {@code Filter}. Filters are included because they run before the servlet and query too (loading
 * the user for authentication, a session store): without them those queries would land in the
 * thread's implicit scope and mix with the previous request's. Only the outermost of these calls on
 * a thread opens the scope: for the nested ones (the next filter, the servlet, a forward or include)
 * {@link Hooks#scopeEnter} returns null. Requests that are not HTTP are not scoped.
 *
 * <p>The advice is compiled against both servlet APIs but never loaded by the agent: Byte Buddy reads
 * it as class-file bytes and inlines it, so the inlined code links against the servlet API of the
 * class loader of the servlet or filter being transformed.
 */
public final class ServletInstrumentation {

    private static final String JAVAX = "javax.servlet";
    private static final String JAKARTA = "jakarta.servlet";

    private ServletInstrumentation() {
    }

    /** Adds the javax and jakarta servlet transformations to {@code builder}. */
    public static AgentBuilder install(AgentBuilder builder) {
        return builder
                .type(entryPoints(JAVAX)).transform(advice(JAVAX, JavaxServletAdvice.class.getName()))
                .type(entryPoints(JAKARTA)).transform(advice(JAKARTA, JakartaServletAdvice.class.getName()));
    }

    /** {@code HttpServlet} itself, its subclasses, and implementations of {@code Filter}. */
    static ElementMatcher.Junction<TypeDescription> entryPoints(String api) {
        return not(isInterface()).and(hasSuperType(namedOneOf(api + ".http.HttpServlet", api + ".Filter")));
    }

    /**
     * The request-handling methods a servlet or filter declares. A class that is a servlet and also
     * happens to declare a {@code doFilter} of that shape (or the reverse) is advised there too: the
     * nested call opens nothing, so this imprecision costs nothing and keeps one matcher per API.
     */
    static ElementMatcher.Junction<MethodDescription> requestMethods(String api) {
        ElementMatcher.Junction<TypeDescription> request = namedOneOf(api + ".ServletRequest",
                api + ".http.HttpServletRequest");
        return not(isAbstract()).and(not(isBridge())).and(takesArgument(0, request)).and(
                named("service").and(takesArguments(2))
                        .or(named("doFilter").and(takesArguments(3))));
    }

    private static AgentBuilder.Transformer advice(String api, String adviceClass) {
        return new AgentBuilder.Transformer.ForAdvice()
                .include(ServletInstrumentation.class.getClassLoader())
                .advice(requestMethods(api), adviceClass);
    }

    /**
     * Bytecode template for {@code javax.servlet}: nothing here runs in the agent. The name is built
     * with {@code String.concat}, not {@code +}: {@code +} compiles to an invokedynamic, which a class
     * file older than Java 7 (some containers and libraries still ship them) cannot contain.
     */
    static final class JavaxServletAdvice {

        private JavaxServletAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object request) {
            if (!(request instanceof javax.servlet.http.HttpServletRequest)) {
                return null;
            }
            javax.servlet.http.HttpServletRequest http = (javax.servlet.http.HttpServletRequest) request;
            return AgentBridge.hooks().scopeEnter(
                    String.valueOf(http.getMethod()).concat(" ").concat(String.valueOf(http.getRequestURI())),
                    Hooks.SCOPE_HTTP);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token) {
            AgentBridge.hooks().scopeExit(token);
        }
    }

    /** Bytecode template for {@code jakarta.servlet}; the same as {@link JavaxServletAdvice}. */
    static final class JakartaServletAdvice {

        private JakartaServletAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object request) {
            if (!(request instanceof jakarta.servlet.http.HttpServletRequest)) {
                return null;
            }
            jakarta.servlet.http.HttpServletRequest http = (jakarta.servlet.http.HttpServletRequest) request;
            return AgentBridge.hooks().scopeEnter(
                    String.valueOf(http.getMethod()).concat(" ").concat(String.valueOf(http.getRequestURI())),
                    Hooks.SCOPE_HTTP);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token) {
            AgentBridge.hooks().scopeExit(token);
        }
    }
}
