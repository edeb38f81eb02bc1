package io.queryhound.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * Starts one child JVM the way a user would start an application with the agent:
 * {@code <java> [-javaagent:<jar>=<settings>] -cp <class path> <main class>}. The class path is this JVM's, less
 * QueryHound itself (proxy-core, the agent) and the test runner's own jars: an application that never heard of
 * QueryHound. Only {@link #proxyCoreOnClassPath()} keeps proxy-core, for an application that also uses the library.
 */
public final class AgentJvm {

    /** What each child gets: small and quick to start, the same on every JDK. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final Class<?> mainClass;
    private Jdk jdk = Jdk.CURRENT;
    private List<String> agentSettings;
    private boolean keepProxyCore;
    private String name;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Path workingDirectory;
    private final List<String> extraJvmOptions = new ArrayList<>();
    private WhileRunning whileRunning;

    private AgentJvm(Class<?> mainClass) {
        this.mainClass = mainClass;
        this.name = mainClass.getSimpleName();
    }

    public static AgentJvm app(Class<?> mainClass) {
        return new AgentJvm(mainClass);
    }

    public AgentJvm on(Jdk jdk) {
        this.jdk = jdk;
        return this;
    }

    /**
     * Attaches the agent with these {@code key=value} settings, joined with commas. {@code output=<file in the
     * run's directory>} comes first unless a setting names its own output.
     */
    public AgentJvm agent(String... settings) {
        this.agentSettings = List.of(settings);
        return this;
    }

    /** Keeps proxy-core on the child's class path (an application that also uses QueryHound as a library). */
    public AgentJvm proxyCoreOnClassPath() {
        this.keepProxyCore = true;
        return this;
    }

    /** Names the run; its files go to {@code target/agent-it-runs/<name>/}. */
    public AgentJvm named(String name) {
        this.name = name;
        return this;
    }

    /** Starts the child in {@code directory} instead of its run directory (tests that read files by relative path). */
    public AgentJvm workingDirectory(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    public AgentJvm timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** JVM options after the defaults, which they override where they repeat one ({@code -XX:TieredStopAtLevel=4}). */
    public AgentJvm jvmOptions(String... options) {
        this.extraJvmOptions.addAll(List.of(options));
        return this;
    }

    /**
     * Something the test does while the child runs (signal it, read a pipe it writes to); the run then waits for the
     * child's end as usual. A failure of {@code action} kills the child and fails the run.
     */
    public AgentJvm whileRunning(WhileRunning action) {
        this.whileRunning = action;
        return this;
    }

    /** What a test does while its child runs: the child's process, and its run directory (stdout.txt, stderr.txt). */
    @FunctionalInterface
    public interface WhileRunning {
        void during(Process child, Path runDirectory) throws Exception;
    }

    /** The agent's own settings string as passed on the command line, or null without the agent. */
    String agentArguments(Path outputFile) {
        if (agentSettings == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (agentSettings.stream().noneMatch(setting -> setting.startsWith("output="))) {
            parts.add("output=" + outputFile);
        }
        parts.addAll(agentSettings);
        return String.join(",", parts);
    }

    /** Runs the child to its end (or its timeout) and returns what it did; never throws for the child's failures. */
    public ChildRun run() {
        Path java = jdk.java();
        Path directory = workDirectory().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
        deleteRecursively(directory);
        try {
            Files.createDirectories(directory);
        } catch (IOException cannotCreate) {
            throw new UncheckedIOException(cannotCreate);
        }
        Path outputFile = directory.resolve("qh.jsonl");
        Path stdoutFile = directory.resolve("stdout.txt");
        Path stderrFile = directory.resolve("stderr.txt");

        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(extraJvmOptions);
        command.add("-Dagentit.runDir=" + directory);
        String agentArguments = agentArguments(outputFile);
        if (agentArguments != null) {
            command.add("-javaagent:" + agentJar() + "=" + agentArguments);
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, applicationClassPath(keepProxyCore)));
        command.add(mainClass.getName());

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory((workingDirectory != null ? workingDirectory : directory).toFile())
                .redirectOutput(stdoutFile.toFile())
                .redirectError(stderrFile.toFile());
        // Nothing from the test JVM's environment may configure the child's agent or JVM behind our back.
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("QUERYHOUND_"));
        environment.remove("JAVA_TOOL_OPTIONS");
        environment.remove("JDK_JAVA_OPTIONS");
        environment.remove("_JAVA_OPTIONS");

        long start = System.nanoTime();
        boolean timedOut = false;
        int exitCode;
        try {
            Process process = builder.start();
            if (whileRunning != null) {
                duringRun(process, directory);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            exitCode = process.isAlive() ? -1 : process.exitValue();
        } catch (IOException cannotStart) {
            throw new UncheckedIOException("cannot start " + command, cannotStart);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, interrupted);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new ChildRun(name, command, timedOut, exitCode, read(stdoutFile), read(stderrFile), outputFile, elapsed);
    }

    private void duringRun(Process process, Path directory) throws InterruptedException {
        try {
            whileRunning.during(process, directory);
        } catch (Exception | AssertionError failed) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("Expecting the test's action while '" + name + "' ran to succeed, but it failed: "
                    + failed, failed);
        }
    }

    /** The agent jar built by the agent module; fails (not skips) the test when it is missing. */
    public static Path agentJar() {
        String configured = System.getProperty("agentit.agentJar");
        Path jar = configured != null ? Path.of(configured)
                : Path.of("..", "agent", "target", "queryhound-agent.jar");
        jar = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail("Expecting the agent jar at %s, but it is not there: build the agent module first "
                    + "(./mvnw -pl agent -am package -DskipTests)", jar);
        }
        return jar;
    }

    /** The project version the agent should announce (set by the build; null when run from an IDE without it). */
    public static String projectVersion() {
        return System.getProperty("agentit.projectVersion");
    }

    /**
     * This JVM's class path, less QueryHound itself and the test runner's booter jars. Read from
     * {@code java.class.path} (surefire is told not to use a manifest-only jar); should that hold only a booter jar,
     * surefire's {@code surefire.test.class.path} is used instead.
     */
    static List<String> applicationClassPath(boolean keepProxyCore) {
        List<String> entries = split(System.getProperty("java.class.path"));
        if (entries.stream().noneMatch(entry -> entry.contains("test-classes"))) {
            String surefireClassPath = System.getProperty("surefire.test.class.path");
            if (surefireClassPath != null) {
                entries = split(surefireClassPath);
            }
        }
        List<String> kept = new ArrayList<>();
        for (String entry : entries) {
            String path = entry.replace('\\', '/');
            boolean queryHound = path.contains("/agent/target") || path.contains("queryhound-agent.jar")
                    || path.matches(".*/queryhound-agent-[^/]*\\.jar")
                    || (!keepProxyCore && path.contains("proxy-core"));
            boolean testRunner = path.contains("/org/apache/maven/surefire/") || path.contains("surefire")
                    || path.contains("failsafe");
            if (!queryHound && !testRunner) {
                kept.add(entry);
            }
        }
        return kept;
    }

    private static List<String> split(String classPath) {
        if (classPath == null || classPath.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(classPath.split(File.pathSeparator)).filter(entry -> !entry.isEmpty()).toList();
    }

    /** The directory holding every run's directory ({@code target/agent-it-runs}), for files a run needs beforehand. */
    public static Path runsDirectory() {
        return workDirectory();
    }

    private static Path workDirectory() {
        String configured = System.getProperty("agentit.workDir");
        return (configured != null ? Path.of(configured) : Path.of("target", "agent-it-runs")).toAbsolutePath();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException cannotDelete) {
            throw new UncheckedIOException(cannotDelete);
        }
    }
}
