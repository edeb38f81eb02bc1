package io.queryhound.benchmarks;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tables of one run, in Markdown: each variant as a ratio to raw JDBC measured in the same run. */
final class Report {

    private static final List<String> WORKLOADS = List.of(
            "lookup", "pooledLookup", "read200Rows", "batchInsert100", "plainStatementWithLiterals");
    private static final Map<String, String> WORKLOAD_NAMES = Map.of(
            "lookup", "primary-key lookup, reused PreparedStatement",
            "pooledLookup", "the same through HikariCP (borrow, prepare, execute, close)",
            "read200Rows", "200-row read",
            "batchInsert100", "100-row executeBatch insert",
            "plainStatementWithLiterals", "plain Statement, inlined literal (new text each time)");

    private final List<RunResult> results;
    private final BenchmarkMain.MemoryResult memory;
    private final boolean smoke;

    Report(List<RunResult> results, BenchmarkMain.MemoryResult memory, boolean smoke) {
        this.results = results;
        this.memory = memory;
        this.smoke = smoke;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("Machine: ").append(machine()).append('\n');
        if (smoke) {
            out.append("SMOKE RUN (one 100 ms iteration, no warm-up): the figures show that everything runs, "
                    + "not how fast.\n");
        }
        if (!smoke) {
            out.append("JDBC workloads: ").append(BenchmarkMain.JDBC_FORKS).append(" forks per variant, each ")
                    .append(BenchmarkMain.JDBC_WARMUP_ITERATIONS).append(" warm-up and 5 measured iterations of 1 s;"
                    + " the rest: 1 fork, 4 warm-up and 5 measured iterations. ± is JMH's 99.9 % interval.\n");
        }
        out.append('\n');
        out.append("| workload | variant | ns/op | ± | × raw JDBC | B/op | B/op over raw |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (String workload : WORKLOADS) {
            RunResult raw = find(JdbcBenchmarks.class, workload, Variant.RAW.name());
            for (Variant variant : Variant.values()) {
                RunResult result = find(JdbcBenchmarks.class, workload, variant.name());
                if (result == null) {
                    continue;
                }
                out.append("| ").append(WORKLOAD_NAMES.get(workload)).append(" | ").append(variant.label())
                        .append(" | ").append(number(score(result))).append(" | ").append(number(error(result)))
                        .append(" | ").append(raw == null ? "" : String.format(Locale.ROOT, "%.2f",
                                score(result) / score(raw)))
                        .append(" | ").append(number(allocation(result)))
                        .append(" | ").append(raw == null ? "" : number(allocation(result) - allocation(raw)))
                        .append(" |\n");
            }
        }
        out.append('\n');
        out.append("| fingerprinting and call sites | ns/op | ± | B/op |\n");
        out.append("|---|---:|---:|---:|\n");
        for (String name : List.of("shortCached", "shortUncached", "longCached", "longUncached")) {
            RunResult result = find(FingerprintBenchmarks.class, name, null);
            if (result != null) {
                out.append("| fingerprint ").append(describeFingerprint(name)).append(" | ")
                        .append(number(score(result))).append(" | ").append(number(error(result))).append(" | ")
                        .append(number(allocation(result))).append(" |\n");
            }
        }
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().startsWith(CallSiteBenchmarks.class.getName() + ".")) {
                out.append("| call site under ").append(result.getParams().getParam("depth"))
                        .append(" framework frames | ").append(number(score(result))).append(" | ")
                        .append(number(error(result))).append(" | ").append(number(allocation(result)))
                        .append(" |\n");
            }
        }
        out.append('\n');
        long kept = memory.withAgentBytes() - memory.withoutAgentBytes();
        out.append(String.format(Locale.ROOT, "Memory: %,d distinct statements through JDBC; heap in use after a "
                        + "full GC %.1f MB without the agent, %.1f MB with it: the agent keeps %.1f MB.%n",
                memory.statements(), mb(memory.withoutAgentBytes()), mb(memory.withAgentBytes()), mb(kept)));
        return out.toString();
    }

    private static String describeFingerprint(String name) {
        return switch (name) {
            case "shortCached" -> "200 chars, cached";
            case "shortUncached" -> "200 chars, uncached";
            case "longCached" -> "10 KB through the cache (too long to be kept)";
            default -> "10 KB, uncached";
        };
    }

    private RunResult find(Class<?> benchmarks, String method, String variant) {
        String name = benchmarks.getName() + "." + method;
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().equals(name)
                    && (variant == null || variant.equals(result.getParams().getParam("variant")))) {
                return result;
            }
        }
        return null;
    }

    static double score(RunResult result) {
        return result.getPrimaryResult().getScore();
    }

    private static double error(RunResult result) {
        double error = result.getPrimaryResult().getScoreError();
        return Double.isNaN(error) ? 0 : error;
    }

    /** Bytes allocated per operation, from JMH's GC profiler; NaN when it did not report. */
    static double allocation(RunResult result) {
        for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
            if (entry.getKey().endsWith("gc.alloc.rate.norm")) {
                return entry.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException | RuntimeException unreadable) {
            // not Linux: the CPU stays unnamed
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }
}
