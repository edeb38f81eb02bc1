package io.queryhound.agent.internal.scope;

import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.bridge.Hooks;
import io.queryhound.internal.config.Diagnostics;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * One scope per invocation of each method named in the {@code scopeMethods} setting
 * ({@code com.acme.Job#run}): every overload of that name, in the named class or interface and in all
 * its subclasses and implementations, so {@code com.acme.Listener#onMessage} covers every listener.
 * The scope is named by the entry as configured. Abstract and native methods have no code to advise,
 * and compiler-generated bridge methods are skipped so that a call through a generic interface is one
 * scope, not two. A lambda implementing a configured interface is a hidden class, which no agent can
 * transform: configure the method that calls it instead.
 */
public final class MethodScopeInstrumentation {

    static final String SETTING = "scopeMethods";
    static final String ACCEPTED = "Class#method: a class or interface name (nested classes with $), '#', and"
            + " a method name, such as com.acme.Job#run";

    private MethodScopeInstrumentation() {
    }

    /**
     * Adds the configured methods to {@code builder}; invalid entries are reported once each and
     * skipped. One type matcher covers all entries, so a class that matches none is looked at once
     * however many entries there are; each entry's advice then applies to its own methods only.
     */
    public static AgentBuilder install(AgentBuilder builder, List<String> entries) {
        List<ScopeMethod> methods = parse(entries);
        if (methods.isEmpty()) {
            return builder;
        }
        String[] typeNames = methods.stream().map(ScopeMethod::typeName).distinct().toArray(String[]::new);
        AgentBuilder.Identified.Narrowable matched = builder.type(hasSuperType(namedOneOf(typeNames)));
        AgentBuilder.Identified.Extendable transformed = null;
        for (ScopeMethod method : methods) {
            AgentBuilder.Transformer advice = new AgentBuilder.Transformer.ForAdvice(
                    Advice.withCustomMapping().bind(ScopeName.class, method.entry()))
                    .include(MethodScopeInstrumentation.class.getClassLoader())
                    .advice(methods(method.methodName()).and(isDeclaredBy(hasSuperType(named(method.typeName())))),
                            MethodScopeAdvice.class.getName());
            transformed = transformed == null ? matched.transform(advice) : transformed.transform(advice);
        }
        return transformed;
    }

    static ElementMatcher.Junction<MethodDescription> methods(String name) {
        return named(name).and(not(isAbstract())).and(not(isNative())).and(not(isBridge()));
    }

    /** One valid entry of the setting. */
    record ScopeMethod(String entry, String typeName, String methodName) {
    }

    /**
     * The valid entries, in order and without duplicates; each invalid one is reported once (naming
     * the setting, the entry and the accepted form) and skipped, so the others still work.
     */
    static List<ScopeMethod> parse(List<String> entries) {
        Set<String> seen = new LinkedHashSet<>();
        List<ScopeMethod> methods = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.trim();
            if (entry.isEmpty() || !seen.add(entry)) {
                continue;
            }
            int hash = entry.indexOf('#');
            String typeName = hash < 0 ? "" : entry.substring(0, hash);
            String methodName = hash < 0 ? "" : entry.substring(hash + 1);
            if (isTypeName(typeName) && isIdentifier(methodName)) {
                methods.add(new ScopeMethod(entry, typeName, methodName));
            } else {
                Diagnostics.warnOnce(SETTING + ":" + entry, "setting " + SETTING + ": ignoring the entry '" + entry
                        + "'; accepted is " + ACCEPTED);
            }
        }
        return methods;
    }

    /** {@code com.acme.Job}, {@code Job}, {@code com.acme.Outer$Inner}: dot-separated identifiers. */
    private static boolean isTypeName(String name) {
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            if (!isIdentifier(dot < 0 ? name.substring(start) : name.substring(start, dot))) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Bound to the configured entry, a constant in the inlined code. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface ScopeName {
    }

    /** Bytecode template inlined into each configured method. */
    static final class MethodScopeAdvice {

        private MethodScopeAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@ScopeName String name) {
            return AgentBridge.hooks().scopeEnter(name, Hooks.SCOPE_METHOD);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token) {
            AgentBridge.hooks().scopeExit(token);
        }
    }
}
