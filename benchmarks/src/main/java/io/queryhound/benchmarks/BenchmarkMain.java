package io.queryhound.benchmarks;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar benchmarks.jar [--smoke] [--out FILE]}: every workload with every variant in one run, the agents'
 * forks started with {@code -javaagent}, allocation measured with JMH's GC profiler; then the memory workload with
 * and without the agent. Prints the tables of the README (ratios to raw JDBC from this same run) and writes them to
 * {@code --out} (default {@code benchmark-results.md}). {@code --smoke} runs each benchmark once, briefly: it shows
 * that everything runs, not how fast.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        boolean smoke = arguments.contains("--smoke");
        int out = arguments.indexOf("--out");
        Path report = Path.of(out >= 0 && out + 1 < arguments.size() ? arguments.get(out + 1) : "benchmark-results.md");
        Path agents = agentsDirectory();
        Path queryHoundAgent = agents.resolve("queryhound-agent.jar");
        Path openTelemetryAgent = agents.resolve("opentelemetry-javaagent.jar");
        for (Path agent : List.of(queryHoundAgent, openTelemetryAgent)) {
            if (!Files.isRegularFile(agent)) {
                throw new IllegalStateException("missing " + agent + ": build with ./mvnw -pl benchmarks -am package");
            }
        }
        String timingFloor = timingFloorArgument(); // checked now, not after the first 20 minutes

        List<RunResult> results = new ArrayList<>();
        results.addAll(run(jdbcOptions(smoke).include(only(JdbcBenchmarks.class))
                .param("variant", Variant.RAW.name(), Variant.RAW_CONTROL.name(), Variant.DATASOURCE_PROXY.name(), Variant.P6SPY.name(),
                        Variant.QUERYHOUND.name())));
        results.addAll(run(jdbcOptions(smoke).include(only(JdbcBenchmarks.class))
                .param("variant", Variant.QUERYHOUND_AGENT.name())
                .jvmArgsAppend(queryHoundAgentArgument(queryHoundAgent))));
        results.addAll(run(jdbcOptions(smoke).include(only(JdbcBenchmarks.class))
                .param("variant", Variant.OPENTELEMETRY_AGENT.name())
                .jvmArgsAppend(openTelemetryArguments(openTelemetryAgent))));
        results.addAll(run(jdbcOptions(smoke).include(only(JdbcBenchmarks.class))
                .param("variant", Variant.TIMING_FLOOR_AGENT.name())
                .jvmArgsAppend(timingFloor)));
        results.addAll(run(options(smoke).include(only(FingerprintBenchmarks.class))
                .include(only(CallSiteBenchmarks.class))));

        int statements = smoke ? 20_000 : 1_000_000;
        MemoryResult memory = MemoryResult.measure(statements, queryHoundAgentArgument(queryHoundAgent));

        String text = new Report(results, memory, smoke).render();
        System.out.println();
        System.out.println(text);
        Files.writeString(report, text, StandardCharsets.UTF_8);
        System.out.println("written to " + report.toAbsolutePath());
    }

    private static ChainedOptionsBuilder options(boolean smoke) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .addProfiler(GCProfiler.class)
                .forks(1)
                .threads(1)
                .shouldFailOnError(true)
                .jvmArgsAppend("-Xms1g", "-Xmx1g");
        if (smoke) {
            return options.warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100));
        }
        return options.warmupIterations(4).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .timeUnit(TimeUnit.NANOSECONDS);
    }

    /** JDBC forks per variant: one fork's mean moves by 20 % from run to run on a shared 2-core machine. */
    static final int JDBC_FORKS = 2;
    /** Warm-up seconds per JDBC fork: H2 and the agents' advice take about 5 s of C2 work to settle. */
    static final int JDBC_WARMUP_ITERATIONS = 6;

    /**
     * The JDBC workloads, whose ratios the README quotes: two forks each, and a longer warm-up than the rest
     * (measured: a fork's lookup still got faster through its fifth second).
     */
    private static ChainedOptionsBuilder jdbcOptions(boolean smoke) {
        ChainedOptionsBuilder options = options(smoke);
        return smoke ? options : options.forks(JDBC_FORKS).warmupIterations(JDBC_WARMUP_ITERATIONS);
    }

    private static String only(Class<?> benchmarks) {
        return "^\\Q" + benchmarks.getName() + ".\\E";
    }

    private static List<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
        return new ArrayList<>(new Runner(options.build()).run());
    }

    /** The agent as a user would attach it: JSON lines to a file, every other setting at its default. */
    static String queryHoundAgentArgument(Path agent) {
        return "-javaagent:" + agent + "=output=" + Variant.outputFile("queryhound-agent");
    }

    /** The benchmarks jar is also the timing-floor agent's jar (Premain-Class in its manifest). */
    static String timingFloorArgument() {
        Path jar = codeSource();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the timing-floor agent is the benchmarks jar itself, and " + jar
                    + " is not a jar: build with ./mvnw -pl benchmarks -am package and run benchmarks/target/benchmarks.jar");
        }
        return "-javaagent:" + jar;
    }

    /** The OpenTelemetry agent with nothing exported: what is left is its instrumentation. */
    static String[] openTelemetryArguments(Path agent) {
        return new String[] {"-javaagent:" + agent, "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none", "-Dotel.javaagent.logging=none"};
    }

    /** {@code agents/} next to the benchmarks jar (or next to the classes, when run from an IDE). */
    private static Path agentsDirectory() {
        String configured = System.getProperty("benchmarks.agents");
        if (configured != null) {
            return Path.of(configured);
        }
        return codeSource().getParent().resolve("agents");
    }

    /** The benchmarks jar, or the classes directory when run from an IDE. */
    private static Path codeSource() {
        try {
            return Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The memory workload run twice in child JVMs, without and with the agent. */
    record MemoryResult(int statements, long withoutAgentBytes, long withAgentBytes) {

        static MemoryResult measure(int statements, String agentArgument) throws IOException, InterruptedException {
            long without = retained(statements, null);
            long with = retained(statements, agentArgument);
            return new MemoryResult(statements, without, with);
        }

        /** HEAP_AFTER of one child run. */
        private static long retained(int statements, String agentArgument) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx1g");
            command.add("-XX:+UseSerialGC");
            if (agentArgument != null) {
                command.add(agentArgument);
            }
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(MemoryWorkload.class.getName());
            command.add(Integer.toString(statements));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("memory workload failed:\n" + output);
            }
            return output.lines().filter(line -> line.startsWith("HEAP_AFTER "))
                    .mapToLong(line -> Long.parseLong(line.substring("HEAP_AFTER ".length()).trim()))
                    .findFirst().orElseThrow(() -> new UncheckedIOException(
                            new IOException("no HEAP_AFTER line in:\n" + output)));
        }
    }
}
