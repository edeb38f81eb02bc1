package io.queryhound.demo.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The orders service in its own JVM, started the way a user starts an application with the agent:
 * {@code java -javaagent:queryhound-agent.jar=<settings> -jar orders-service.jar}. Its standard
 * output and error go to files next to QueryHound's output; {@link #start} returns once the service
 * printed its ready line.
 */
final class ServiceProcess implements AutoCloseable {

    static final String READY = "orders-service ready on ";

    private final Process process;
    private final String baseUrl;
    private final String readyLine;
    private final List<String> command;

    private ServiceProcess(Process process, String baseUrl, String readyLine, List<String> command) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.readyLine = readyLine;
        this.command = command;
    }

    /** The command line that starts the service with the agent; also what {@code ./demo serve} runs. */
    static List<String> command(Layout layout, Path output, int port, int orders, String extraAgentSettings) {
        List<String> command = new ArrayList<>();
        command.add(layout.java().toString());
        command.add("-Xmx1g");
        String settings = "output=" + output + (extraAgentSettings.isEmpty() ? "" : "," + extraAgentSettings);
        command.add("-javaagent:" + layout.agentJar() + "=" + settings);
        command.add("-jar");
        command.add(layout.serviceJar().toString());
        command.add("--port=" + port);
        command.add("--orders=" + orders);
        return command;
    }

    /** Starts the service and waits for its ready line; throws with the service's own output when it fails. */
    static ServiceProcess start(List<String> command, Path directory, Duration timeout) throws IOException {
        Files.createDirectories(directory);
        Path stdout = directory.resolve("service.out");
        Path stderr = directory.resolve("service.err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        // The service's agent settings are the ones on its command line, nothing inherited.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().keySet().removeIf(key -> key.startsWith("QUERYHOUND_"));
        Process process = builder.start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> copyUntilEnd(process, stdout, ready), "orders-service-stdout");
        pump.setDaemon(true);
        pump.start();
        try {
            String line = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IllegalStateException("the orders service exited before it was ready (exit code "
                        + exitCode(process) + "); its output:\n" + tail(stdout) + tail(stderr));
            }
            String url = line.substring(READY.length()).split("\\s+", 2)[0];
            return new ServiceProcess(process, url, line, command);
        } catch (TimeoutException slow) {
            process.destroyForcibly();
            throw new IllegalStateException("the orders service was not ready after " + timeout.toSeconds()
                    + " s; its output:\n" + tail(stdout) + tail(stderr), slow);
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the orders service", interrupted);
        } catch (java.util.concurrent.ExecutionException impossible) {
            process.destroyForcibly();
            throw new IllegalStateException(impossible.getCause());
        }
    }

    private static void copyUntilEnd(Process process, Path file, CompletableFuture<String> ready) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                writer.write(line);
                writer.write('\n');
                writer.flush();
                if (line.startsWith(READY)) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(new UncheckedIOException(e));
        } finally {
            ready.complete(null);
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    String readyLine() {
        return readyLine;
    }

    List<String> command() {
        return command;
    }

    /**
     * Asks the service to shut down ({@code POST /admin/shutdown}) and waits for its JVM to exit, so the
     * agent writes its summaries at shutdown as it would in production; returns the exit code.
     */
    int stop(Traffic traffic, Duration timeout) {
        try {
            traffic.post("/admin/shutdown", "");
        } catch (RuntimeException alreadyGone) {
            // the service may close the connection as it exits; waiting below decides
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy(); // SIGTERM: the shutdown hooks still run
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return exitCode(process);
    }

    private static int exitCode(Process process) {
        return process.isAlive() ? -1 : process.exitValue();
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
