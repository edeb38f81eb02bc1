package io.queryhound.it.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queryhound.SqlFingerprint;
import io.queryhound.it.AgentJvm;
import io.queryhound.it.ChildRun;
import io.queryhound.it.Jdk;
import io.queryhound.it.apps.reliability.OrdersApp;
import io.queryhound.it.apps.reliability.OrdersAppAwaitingRelease;
import io.queryhound.it.apps.reliability.OrdersWorkload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The agent's output is a named pipe that nobody reads at first, as when a log shipper is late or gone: opening it
 * for writing blocks until a reader comes. The application must start and run its queries all the same (neither
 * {@code premain} nor a query waits for the pipe), its JVM must exit however long the pipe stays unread (the wait
 * for the last records at shutdown is bounded), and a reader that attaches gets the records. No speed is measured:
 * the child only has to end within {@link ReliabilityRuns#CHILD_TIMEOUT}, where a hang would never end.
 */
@EnabledOnOs(OS.LINUX)
class SlowDestinationUnderAgentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the child may take to start and run its queries: long, for a loaded machine. */
    private static final long QUERIES_WAIT_SECONDS = 60;
    /** How long a record, then the end of the output, may take once a reader is there. */
    private static final long READER_WAIT_SECONDS = 30;

    /** What the reader of each run received, by run name. */
    private static final ConcurrentHashMap<String, List<String>> RECEIVED = new ConcurrentHashMap<>();

    /** A fresh named pipe outside the run's directory, which the run empties when it starts. */
    private static Path namedPipe(String name) {
        Path pipe = AgentJvm.runsDirectory().resolve(name + ".fifo");
        try {
            Files.createDirectories(pipe.getParent());
            Files.deleteIfExists(pipe);
            Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).redirectErrorStream(true).start();
            String said = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (mkfifo.waitFor() != 0) {
                fail("Expecting mkfifo %s to succeed, but it said: %s", pipe, said);
            }
        } catch (IOException e) {
            fail("Expecting mkfifo to be available to make a named pipe, but: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        return pipe;
    }

    @BeforeAll
    static void startRuns() {
        ReliabilityRuns.startOrdersWithoutAgent();
        for (Jdk jdk : Jdk.values()) {
            if (ReliabilityRuns.installed(jdk)) {
                ReliabilityRuns.start(neverReadName(jdk), neverReadRun(jdk));
                ReliabilityRuns.start(readLateName(jdk), readLateRun(jdk));
            }
        }
    }

    private static ChildRun neverRead(Jdk jdk) {
        jdk.java();
        return ReliabilityRuns.get(neverReadName(jdk), neverReadRun(jdk));
    }

    private static String neverReadName(Jdk jdk) {
        return "reliability-OrdersApp-unread-pipe-" + jdk.name();
    }

    private static Supplier<ChildRun> neverReadRun(Jdk jdk) {
        String name = neverReadName(jdk);
        return () -> AgentJvm.app(OrdersApp.class).on(jdk).named(name)
                .agent(ReliabilityRuns.ordersSettings("output=" + namedPipe(name)))
                .timeout(ReliabilityRuns.CHILD_TIMEOUT).run();
    }

    private static ChildRun readLate(Jdk jdk) {
        jdk.java();
        return ReliabilityRuns.get(readLateName(jdk), readLateRun(jdk));
    }

    private static String readLateName(Jdk jdk) {
        return "reliability-OrdersApp-late-reader-" + jdk.name();
    }

    private static Supplier<ChildRun> readLateRun(Jdk jdk) {
        String name = readLateName(jdk);
        return () -> {
            Path pipe = namedPipe(name);
            return AgentJvm.app(OrdersAppAwaitingRelease.class).on(jdk).named(name)
                    .agent(ReliabilityRuns.ordersSettings("output=" + pipe))
                    .timeout(ReliabilityRuns.CHILD_TIMEOUT)
                    .whileRunning((child, runDirectory) -> RECEIVED.put(name, readAfterQueries(child, runDirectory, pipe)))
                    .run();
        };
    }

    /**
     * Once the child has run its queries with nobody reading, reads the pipe; releases the child after the first
     * record, then reads to the end (the agent closes its output at the JVM's exit).
     */
    private static List<String> readAfterQueries(Process child, Path runDirectory, Path pipe) throws Exception {
        Path stdout = runDirectory.resolve("stdout.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(QUERIES_WAIT_SECONDS);
        while (!Files.exists(stdout)
                || !Files.readString(stdout).contains(OrdersAppAwaitingRelease.QUERIES_DONE)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                fail("Expecting the child to run its queries while nobody reads its output, but it %s",
                        child.isAlive() ? "did not within " + QUERIES_WAIT_SECONDS + " s" : "ended first");
            }
            Thread.sleep(20);
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = Files.newBufferedReader(pipe, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                    first.countDown();
                }
            } catch (IOException e) {
                lines.add("READ FAILED " + e);
            } finally {
                first.countDown();
                end.countDown();
            }
        }, "named-pipe-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!first.await(READER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                fail("Expecting a record on the pipe once a reader attached, but none came within %d s",
                        READER_WAIT_SECONDS);
            }
            Files.writeString(runDirectory.resolve(OrdersAppAwaitingRelease.RELEASE_FILE), "go\n");
            if (!end.await(READER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                fail("Expecting the pipe to be closed at the child's exit, but it was still open after %d s",
                        READER_WAIT_SECONDS);
            }
        } finally {
            if (end.getCount() > 0) {
                // A reader still blocked opening the pipe is let go by another party opening it; read and write at
                // once, which never blocks on a pipe, and closed at once, which ends the reader's input.
                FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
            }
        }
        return new ArrayList<>(lines);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void aPipeNobodyReadsHoldsUpNeitherTheQueriesNorTheExit(Jdk jdk) {
        ChildRun plain = ReliabilityRuns.ordersWithoutAgent(jdk).assertExitedNormally();
        ChildRun run = neverRead(jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutLines("RESULT")).as("the application's results, against those without the agent")
                    .isNotEmpty().isEqualTo(plain.stdoutLines("RESULT"));
            String pipe = AgentJvm.runsDirectory().resolve(run.name() + ".fifo").toString();
            List<String> said = AgentStderr.agentLinesBesidesBanner(run);
            assertThat(said).as("the agent's lines besides its start line").singleElement().asString()
                    .startsWith("[queryhound] WARN output " + pipe + " did not take the last records within")
                    .contains("dropped so that the JVM can exit");
            assertThat(AgentStderr.otherLines(run)).as("the rest of stderr").isEqualTo(plain.stderr().lines().toList());
            System.out.printf(Locale.ROOT, "[reliability] under the agent on %s, output to a named pipe nobody reads:"
                    + " the application printed its %d results and exited 0 after %d ms (without the agent: %d ms),"
                    + " saying: %s%n", jdk, run.stdoutLines("RESULT").size(), run.elapsed().toMillis(),
                    plain.elapsed().toMillis(), said.get(0));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void aReaderThatAttachesLateGetsTheRecords(Jdk jdk) {
        ChildRun run = readLate(jdk).assertExitedNormally();
        List<String> lines = RECEIVED.get(run.name());
        run.verify(() -> {
            assertThat(run.stdoutLines("RESULT")).as("results").hasSize(OrdersWorkload.ORDERS);
            assertThat(run.stdout()).as("the child was released by the reader").contains("RELEASED");
            assertThat(AgentStderr.agentLinesBesidesBanner(run)).as("the agent's warnings and errors").isEmpty();
            assertThat(lines).as("lines read from the pipe").isNotEmpty();
            List<JsonNode> records = new ArrayList<>();
            for (String line : lines) {
                records.add(JSON.readTree(line));
            }
            String customerLookup = SqlFingerprint.of(OrdersWorkload.CUSTOMER_QUERY).id();
            assertThat(records).as("the N+1 finding, written while the child waited")
                    .filteredOn(r -> "finding".equals(r.path("record").asText())
                            && "N_PLUS_ONE".equals(r.path("type").asText())
                            && customerLookup.equals(r.path("fingerprint").asText()))
                    .singleElement().satisfies(r -> assertThat(r.path("count").asLong()).isEqualTo(OrdersWorkload.ORDERS));
            assertThat(records).as("the summary of the customer lookup, written at exit")
                    .filteredOn(r -> "statistics".equals(r.path("record").asText())
                            && "summary".equals(r.path("period").asText())
                            && customerLookup.equals(r.path("fingerprint").asText()))
                    .singleElement().satisfies(r -> assertThat(r.path("count").asLong()).isEqualTo(OrdersWorkload.ORDERS));
            System.out.printf(Locale.ROOT, "[reliability] under the agent on %s, output to a named pipe read only"
                    + " after the queries ran: %d records arrived once a reader attached (the N+1 finding, and the"
                    + " summary at exit), child exited 0 after %d ms%n", jdk, records.size(),
                    run.elapsed().toMillis());
        });
    }
}
