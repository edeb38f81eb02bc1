package io.queryhound.agent.internal;

import io.queryhound.internal.config.Settings;
import io.queryhound.internal.config.SettingsLoader;
import net.bytebuddy.dynamic.Nexus;

import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.Map;

/**
 * Starts the agent: reads its settings, honours {@code enabled=false} before touching anything, puts
 * the bridge on the bootstrap class path, then hands over to {@link AgentInstaller}. Catches
 * everything: a failure prints one line and the application runs without the agent.
 *
 * <p>This class must not refer to the bridge classes (see {@link BootstrapBridge}).
 */
public final class AgentStart {

    static final String SOURCE = "agent arguments";

    private AgentStart() {
    }

    public static void start(String arguments, Instrumentation instrumentation, boolean attachedLate) {
        String version = version();
        try {
            Map<String, String> values = AgentArguments.parse(arguments);
            Settings settings = SettingsLoader.load(values, SOURCE);
            if (!settings.get(Settings.ENABLED)) {
                print("[queryhound] agent " + version + " is switched off (enabled=false): no class is instrumented"
                        + " and nothing is written");
                return;
            }
            BootstrapBridge.install(instrumentation);
            // Byte Buddy's AgentBuilder sets up its Nexus (initializers for generated types, which inlined
            // advice never needs) eagerly, through sun.misc.Unsafe, which JDK 24 and later report on the
            // application's stderr. The property's name is relocated with the agent's copy of Byte Buddy,
            // so the application's own Byte Buddy is not affected.
            if (System.getProperty(Nexus.PROPERTY) == null) {
                System.setProperty(Nexus.PROPERTY, "true");
            }
            AgentInstaller.install(instrumentation, values, version, attachedLate);
        } catch (Throwable e) {
            print("[queryhound] agent " + version + " could not start and is not active; the application runs"
                    + " without it: " + e);
        }
    }

    /** The agent jar's version from its manifest; {@code dev} when run from classes. */
    static String version() {
        String version = AgentStart.class.getPackage() == null ? null
                : AgentStart.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** The agent's own voice: straight to stderr, never through the application's logging. */
    static void print(String line) {
        try {
            PrintStream err = System.err;
            err.println(line);
        } catch (Throwable ignored) {
            // nowhere to report to
        }
    }
}
