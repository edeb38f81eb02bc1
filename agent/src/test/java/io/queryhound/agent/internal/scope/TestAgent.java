package io.queryhound.agent.internal.scope;

import io.queryhound.internal.bridge.AgentBridge;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * The scope instrumentations installed in the test JVM the way the agent installs them (retransforming
 * what is already loaded, no class format changes), through the {@link Instrumentation} that
 * {@link ByteBuddyAgent} obtains by attaching to this JVM. Closing it restores the original classes.
 */
final class TestAgent implements AutoCloseable {

    private static final String BRIDGE_PATH = "io/queryhound/internal/bridge/";

    private final ResettableClassFileTransformer transformer;
    private final Set<String> transformed;
    private final Map<String, Throwable> errors;

    private TestAgent(ResettableClassFileTransformer transformer, Set<String> transformed,
                      Map<String, Throwable> errors) {
        this.transformer = transformer;
        this.transformed = transformed;
        this.errors = errors;
    }

    static Instrumentation instrumentation() {
        return ByteBuddyAgent.install();
    }

    /**
     * Installs what {@code installers} add to an agent builder configured like the agent's. Classes of
     * this package are ignored as the agent ignores its own, except the tests' nested fixtures.
     */
    static TestAgent install(UnaryOperator<AgentBuilder> installers) {
        Set<String> transformed = ConcurrentHashMap.newKeySet();
        Map<String, Throwable> errors = new ConcurrentHashMap<>();
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
                                                 boolean loaded, DynamicType dynamicType) {
                        transformed.add(type.getName());
                    }

                    @Override
                    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                                        Throwable error) {
                        if (!(error instanceof TypePool.Resolution.NoSuchTypeException)) {
                            errors.put(typeName, error);
                        }
                    }
                })
                .ignore(nameStartsWith("net.bytebuddy.")
                        .or(nameStartsWith("io.queryhound.").and(not(nameContains("Test$"))))
                        .or(nameStartsWith("org.junit."))
                        .or(nameStartsWith("org.assertj."))
                        .or(isSynthetic()))
                .or(any(), isBootstrapClassLoader());
        ResettableClassFileTransformer transformer = installers.apply(builder).installOn(instrumentation());
        return new TestAgent(transformer, transformed, errors);
    }

    /** The names of the classes transformed so far. */
    Set<String> transformed() {
        return Set.copyOf(transformed);
    }

    /** Why classes could not be transformed, for failure messages. */
    Map<String, Throwable> errors() {
        return Map.copyOf(errors);
    }

    @Override
    public void close() {
        transformer.reset(instrumentation(), AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    }

    /**
     * Puts a copy of the bridge classes on the bootstrap class path, as the agent does, so that code in
     * JDK modules can link against it. The test class loader keeps its own copy (every bridge class is
     * loaded through it first), so only code that resolves through the platform or bootstrap loader
     * sees the new one; {@link RecordingHooks} attaches to both.
     */
    static synchronized void putBridgeOnBootstrapPath() throws IOException, URISyntaxException {
        try {
            Class.forName(AgentBridge.class.getName(), false, null);
            return;
        } catch (ClassNotFoundException notYet) {
            // copied below
        }
        File source = new File(AgentBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, byte[]> classes = new LinkedHashMap<>();
        if (source.isDirectory()) {
            Path root = source.toPath();
            try (Stream<Path> files = Files.walk(root.resolve(BRIDGE_PATH))) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    classes.put(root.relativize(file).toString().replace(File.separatorChar, '/'),
                            Files.readAllBytes(file));
                }
            }
        } else {
            try (JarFile jar = new JarFile(source)) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (entry.getName().startsWith(BRIDGE_PATH) && entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            classes.put(entry.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        List<String> names = new ArrayList<>();
        Path bridgeJar = Files.createTempFile("queryhound-test-bridge-", ".jar");
        bridgeJar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(bridgeJar))) {
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
                String name = entry.getKey().substring(0, entry.getKey().length() - ".class".length());
                if (!name.endsWith("package-info")) {
                    names.add(name.replace('/', '.'));
                }
            }
        }
        for (String name : names) {
            try {
                Class.forName(name, false, AgentBridge.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        instrumentation().appendToBootstrapClassLoaderSearch(new JarFile(bridgeJar.toFile()));
    }
}
