package io.queryhound.agent.internal;

import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.SqlDialect;
import io.queryhound.agent.internal.jdbc.JdbcCapture;
import io.queryhound.agent.internal.jdbc.JdbcInstrumentation;
import io.queryhound.agent.internal.scope.HttpServerInstrumentation;
import io.queryhound.agent.internal.scope.MethodScopeInstrumentation;
import io.queryhound.agent.internal.scope.ServletInstrumentation;
import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.capture.AgentCapture;
import io.queryhound.internal.config.Settings;
import io.queryhound.internal.config.SettingsLoader;
import io.queryhound.internal.detect.CallSites;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

/**
 * Builds the agent's engine from its settings, connects it to the bridge, and installs every
 * instrumentation with one Byte Buddy {@link AgentBuilder}: JDBC, servlet and JDK HTTP server
 * requests, configured methods.
 */
final class AgentInstaller {

    /** Classes that could not be instrumented get one warning line each, up to this many. */
    private static final int MAX_CLASS_WARNINGS = 20;

    private AgentInstaller() {
    }

    static void install(Instrumentation instrumentation, Map<String, String> arguments, String version,
                        boolean attachedLate) {
        Map<String, String> values = new LinkedHashMap<>(arguments);
        // Bad values are reported once, by this first load; the later loads of the same values are silent.
        Settings settings = SettingsLoader.load(values, AgentStart.SOURCE);
        if ("slf4j".equalsIgnoreCase(settings.get(Settings.OUTPUT))) { // from any source, not only the arguments
            AgentStart.print("[queryhound] WARN output=slf4j is not available to the agent, which never writes"
                    + " through the application's logging; writing to stderr instead (use a file path for JSON lines)");
            values.put("output", "stderr");
            settings = SettingsLoader.load(values, AgentStart.SOURCE);
        }
        QueryHound.Builder builder = QueryHound.builder().settingsSource(AgentStart.SOURCE);
        values.forEach(builder::set);
        QueryHoundEngine engine = builder.build();
        try {
            transform(instrumentation, settings);
        } catch (Throwable e) {
            engine.close(); // nothing was attached: the application's own wraps keep working as without the agent
            throw e;
        }
        // Attached only once every transformation is in place, so that a failure above leaves no half-agent behind.
        Settings.DialectChoice dialect = settings.get(Settings.DIALECT);
        AgentCapture.routeEverything(engine.recorder(),
                dialect == Settings.DialectChoice.AUTO ? null : SqlDialect.valueOf(dialect.name()),
                settings.get(Settings.LOG_PARAMETERS), settings.get(Settings.MASK_COLUMNS));
        AgentBridge.attach(new JdbcCapture(engine), version);

        List<String> differences = settings.differencesFromDefaults();
        AgentStart.print("[queryhound] agent " + version + " on Java " + System.getProperty("java.version")
                + (attachedLate ? " (attached to a running JVM)" : "") + ": output " + describe(settings.get(Settings.OUTPUT))
                + "; " + (differences.isEmpty() ? "all settings at their defaults"
                : "settings differing from the defaults: " + String.join(", ", differences)));
    }

    private static void transform(Instrumentation instrumentation, Settings settings) {
        Transformations listener = new Transformations();
        AgentBuilder agent = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(listener)
                // The agent itself (relocated QueryHound and Byte Buddy included), the application's copy of
                // QueryHound's library, the application's Byte Buddy, the JDK's core, generated classes, and all
                // of the boot loader. Other io.queryhound packages (an application of ours) are instrumented.
                .ignore(queryHoundsOwn()
                        .or(nameStartsWith(unrelocated("net#bytebuddy#")))
                        .or(nameStartsWith("java."))
                        .or(nameStartsWith("jdk.internal."))
                        .or(isSynthetic()))
                .or(any(), isBootstrapClassLoader());
        agent = JdbcInstrumentation.install(agent);
        agent = ServletInstrumentation.install(agent);
        agent = HttpServerInstrumentation.install(agent, instrumentation);
        agent = MethodScopeInstrumentation.install(agent, settings.get(Settings.SCOPE_METHODS));
        agent.installOn(instrumentation);
    }

    /**
     * A package name as the application sees it. The shade plugin rewrites string constants that start
     * with a relocated package (so that ours keep pointing at our copies); these must keep naming the
     * application's, hence written with {@code #} and turned into dots at run time.
     */
    static String unrelocated(String name) {
        return name.replace('#', '.');
    }

    /** QueryHound's own classes, by the same rule call sites use to never blame QueryHound. */
    private static ElementMatcher.Junction<TypeDescription> queryHoundsOwn() {
        return new ElementMatcher.Junction.AbstractBase<>() {
            @Override
            public boolean matches(TypeDescription type) {
                return CallSites.isQueryHound(type.getName());
            }
        };
    }

    private static String describe(String output) {
        return switch (output.toLowerCase(java.util.Locale.ROOT)) {
            case "stdout", "stderr", "none" -> output.toLowerCase(java.util.Locale.ROOT);
            default -> {
                try {
                    yield java.nio.file.Path.of(output).toAbsolutePath().toString();
                } catch (RuntimeException invalid) {
                    yield output; // reported by the exporter, which falls back to stderr
                }
            }
        };
    }

    /**
     * Counts transformed classes and reports classes that could not be instrumented, one line each
     * (they keep running uninstrumented). A type that merely could not be resolved while matching
     * (an optional dependency missing from the class path) is not the application's problem and is
     * not reported.
     */
    static final class Transformations extends AgentBuilder.Listener.Adapter {
        static final AtomicInteger TRANSFORMED = new AtomicInteger();
        private final Set<String> warned = ConcurrentHashMap.newKeySet();
        private final AtomicInteger failed = new AtomicInteger();

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            TRANSFORMED.incrementAndGet();
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            if (error instanceof TypePool.Resolution.NoSuchTypeException) {
                return;
            }
            int count = failed.incrementAndGet();
            if (count <= MAX_CLASS_WARNINGS && warned.add(typeName)) {
                AgentStart.print("[queryhound] WARN " + typeName + " could not be instrumented and runs without"
                        + " QueryHound (" + error + ")");
            } else if (count == MAX_CLASS_WARNINGS + 1) {
                AgentStart.print("[queryhound] WARN more classes could not be instrumented; further ones are not"
                        + " listed");
            }
        }
    }
}
