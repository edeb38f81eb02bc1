package io.queryhound.demo.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo: starts the orders service with the QueryHound agent attached, sends the same traffic
 * through every endpoint in its naive and its fixed form, stops the service (the agent writes its
 * summaries as the JVM exits), and prints what QueryHound found, endpoint by endpoint, with a
 * before/after table measured in the same run. {@code ./demo} runs it; {@code ./demo serve} starts
 * the service with the agent and leaves it running for {@code curl}.
 *
 * <pre>
 * Demo [run] [--requests=N] [--warmups=N] [--orders=N] [--seed=N] [--out=DIR] [--agent=key=value,...]
 * Demo serve [--port=N] [--orders=N] [--out=DIR] [--agent=key=value,...]
 * </pre>
 */
public final class Demo {

    private Demo() {
    }

    /**
     * What to run. {@code orders} 0 lets the service choose its default volume; {@code agentSettings} are
     * added to the agent's ({@code key=value,...}, empty for none).
     */
    public record Options(int requests, int warmups, int orders, long seed, Path out, int port, String agentSettings) {
        public static Options defaults(Path out) {
            return new Options(10, 2, 0, 42, out, 8080, "");
        }
    }

    /** One form of one endpoint, as measured at the client. */
    public record FormRun(String scope, List<Long> nanos, int failures, String firstFailure) {
        double percentileMillis(double percentile) {
            if (nanos.isEmpty()) {
                return Double.NaN;
            }
            List<Long> sorted = new ArrayList<>(nanos);
            sorted.sort(null);
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.size()); // nearest rank
            return sorted.get(Math.max(0, rank - 1)) / 1e6;
        }
    }

    /** Everything one run measured and read back. */
    public record Result(String readyLine, Map<String, FormRun> naive, Map<String, FormRun> fixed,
                         AgentOutput output, Path outputFile, int exitCode, Duration elapsed, Options options,
                         List<String> serviceCommand) {
    }

    public static void main(String[] args) {
        try {
            System.exit(main(args, System.out));
        } catch (IllegalArgumentException badArguments) {
            System.err.println("demo: " + badArguments.getMessage());
            System.err.println("usage: ./demo [--requests=N] [--warmups=N] [--orders=N] [--seed=N] [--out=DIR]"
                    + " [--agent=key=value,...]");
            System.err.println("       ./demo serve [--port=N] [--orders=N] [--out=DIR] [--agent=key=value,...]");
            System.exit(2);
        }
    }

    static int main(String[] args, PrintStream out) {
        Layout layout = Layout.fromBuild();
        boolean serve = args.length > 0 && args[0].equals("serve");
        Options options = parse(args, serve ? 1 : (args.length > 0 && args[0].equals("run") ? 1 : 0),
                Options.defaults(layout.serviceJar().getParent().resolve("demo")));
        if (serve) {
            return serve(layout, options, out);
        }
        out.println("Starting the orders service with the QueryHound agent; it loads its data first (about 20 s)...");
        Result result = run(layout, options, out);
        out.println();
        out.print(Report.render(result));
        return result.exitCode() == 0 ? 0 : 1;
    }

    static Options parse(String[] args, int first, Options defaults) {
        Options options = defaults;
        for (int i = first; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            String key = arg.substring(2, equals);
            String value = arg.substring(equals + 1);
            try {
                options = switch (key) {
                    case "requests" -> new Options(positive(key, value), options.warmups(), options.orders(),
                            options.seed(), options.out(), options.port(), options.agentSettings());
                    case "warmups" -> new Options(options.requests(), Integer.parseInt(value), options.orders(),
                            options.seed(), options.out(), options.port(), options.agentSettings());
                    case "orders" -> new Options(options.requests(), options.warmups(), positive(key, value),
                            options.seed(), options.out(), options.port(), options.agentSettings());
                    case "seed" -> new Options(options.requests(), options.warmups(), options.orders(),
                            Long.parseLong(value), options.out(), options.port(), options.agentSettings());
                    case "out" -> new Options(options.requests(), options.warmups(), options.orders(),
                            options.seed(), Path.of(value), options.port(), options.agentSettings());
                    case "port" -> new Options(options.requests(), options.warmups(), options.orders(),
                            options.seed(), options.out(), Integer.parseInt(value), options.agentSettings());
                    case "agent" -> new Options(options.requests(), options.warmups(), options.orders(),
                            options.seed(), options.out(), options.port(), value);
                    default -> throw new IllegalArgumentException("unknown option --" + key);
                };
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("--" + key + " needs a number, not '" + value + "'");
            }
        }
        return options;
    }

    private static int positive(String key, String value) {
        int number = Integer.parseInt(value);
        if (number < 1) {
            throw new IllegalArgumentException("--" + key + " must be at least 1, not " + value);
        }
        return number;
    }

    /** Runs the whole demo and returns what it measured; the caller prints {@link Report#render}. */
    public static Result run(Layout layout, Options options, PrintStream progress) {
        long start = System.nanoTime();
        Path outputFile = options.out().resolve("queryhound.jsonl");
        try {
            Files.createDirectories(options.out());
            Files.deleteIfExists(outputFile); // the agent appends: one run per file
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // One statistics period for the whole run: the summaries at exit cover every request.
        List<String> command = ServiceProcess.command(layout, outputFile, 0, options.orders(),
                "statsIntervalSeconds=3600" + (options.agentSettings().isEmpty() ? "" : "," + options.agentSettings()));
        List<Endpoints.Endpoint> endpoints = Endpoints.all(options.seed());
        Map<String, FormRun> naive = new LinkedHashMap<>();
        Map<String, FormRun> fixed = new LinkedHashMap<>();
        String readyLine;
        int exitCode;
        try (ServiceProcess service = ServiceProcess.start(command, options.out(), Duration.ofMinutes(3))) {
            readyLine = service.readyLine();
            progress.println(readyLine);
            Traffic traffic = new Traffic(service.baseUrl());
            for (Endpoints.Endpoint endpoint : endpoints) {
                progress.println("  naive  " + endpoint.naive(0).scope());
                naive.put(endpoint.key(), drive(traffic, options, endpoint::naive));
            }
            // The fix of the daily revenue report is a migration, not code: the fixed form runs the same
            // query once the covering index exists. It is created here, between the two passes.
            Traffic.Exchange migration = traffic.post("/admin/migrations/revenue-index", "");
            progress.println("  POST /admin/migrations/revenue-index -> " + migration.status() + " " + migration.body());
            for (Endpoints.Endpoint endpoint : endpoints) {
                progress.println("  fixed  " + endpoint.fixed(0).scope());
                fixed.put(endpoint.key(), drive(traffic, options, endpoint::fixed));
            }
            progress.println("Stopping the service (the agent writes its summaries at exit)...");
            exitCode = service.stop(traffic, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the orders service", e);
        }
        AgentOutput output = AgentOutput.read(outputFile);
        return new Result(readyLine, naive, fixed, output, outputFile, exitCode,
                Duration.ofNanos(System.nanoTime() - start), options, command);
    }

    private static FormRun drive(Traffic traffic, Options options, java.util.function.IntFunction<Endpoints.Call> calls) {
        for (int i = 0; i < options.warmups(); i++) {
            traffic.send(calls.apply(options.requests() + i)); // not timed: the JIT and the caches settle
        }
        List<Long> nanos = new ArrayList<>();
        int failures = 0;
        String firstFailure = null;
        String scope = calls.apply(0).scope();
        for (int i = 0; i < options.requests(); i++) {
            Endpoints.Call call = calls.apply(i);
            Traffic.Exchange exchange = traffic.send(call);
            if (exchange.ok()) {
                nanos.add(exchange.nanos());
            } else {
                failures++;
                if (firstFailure == null) {
                    String body = exchange.body();
                    firstFailure = call.method() + " " + call.pathAndQuery() + " -> " + exchange.status() + " "
                            + body.substring(0, Math.min(200, body.length()));
                }
            }
        }
        return new FormRun(scope, List.copyOf(nanos), failures, firstFailure);
    }

    /** Starts the service with the agent on a fixed port and leaves it running until it is stopped. */
    private static int serve(Layout layout, Options options, PrintStream out) {
        Path outputFile = options.out().resolve("queryhound.jsonl");
        List<String> command = ServiceProcess.command(layout, outputFile, options.port(), options.orders(),
                options.agentSettings());
        String base = "http://127.0.0.1:" + options.port();
        out.println("Starting the orders service with the QueryHound agent; it writes to " + outputFile);
        java.time.LocalDate from = java.time.LocalDate.now().minusDays(90);
        out.println("Try, once it is ready (each path also exists under /fixed/):");
        out.println("  curl '" + base + "/naive/orders/recent?limit=50'");
        out.println("  curl '" + base + "/naive/orders/history?customer=42'");
        out.println("  curl '" + base + "/naive/products/prices?ids=3,17,42,99,120'");
        out.println("  curl -X POST --data-binary $'customer_id,product_id,quantity\\n7,12,1\\n8,13,2\\n9,14,1' -H 'Content-Type: text/csv' "
                + base + "/naive/orders/import");
        out.println("  curl '" + base + "/naive/dashboard'");
        out.println("  curl '" + base + "/naive/reports/daily-revenue?from=" + from + "&to=" + from.plusDays(31) + "'");
        out.println("  curl -X POST " + base + "/admin/migrations/revenue-index    # the fix of that report: an index");
        out.println("  curl '" + base + "/naive/exports/orders?region=EU' -o /dev/null   (fixed: ?region=EU&after=0&limit=500)");
        out.println("Findings as they are written:");
        out.println("  tail -f " + outputFile + " | jq -c 'select(.record==\"finding\") | [.type, .scope, .callSite]'");
        out.println("Stop it with Ctrl-C or: curl -X POST " + base + "/admin/shutdown");
        try {
            Files.createDirectories(options.out());
            Files.deleteIfExists(outputFile); // the agent appends: this session's records only
            Process process = new ProcessBuilder(command).inheritIO().start();
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the orders service", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
