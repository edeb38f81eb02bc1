package io.queryhound.it.reliability;

import io.queryhound.it.AgentJvm;
import io.queryhound.it.ChildRun;
import io.queryhound.it.Jdk;
import io.queryhound.it.apps.reliability.OrdersApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The agent's output cannot be written: its file cannot be created, or the disk is full. The application must
 * print what it prints without the agent and end normally, and the agent must say so once, in one line naming the
 * path. The tests run as root, for whom a read-only directory is no obstacle, so the file that cannot be created is
 * one whose parent is a regular file; the full disk is {@code /dev/full}, where every write fails with ENOSPC.
 */
@EnabledOnOs(OS.LINUX)
class OutputFaultsUnderAgentTest {

    /** What is wrong with the output. */
    enum Destination {
        PARENT_IS_A_FILE("a file whose parent is a regular file") {
            @Override
            Path path(Jdk jdk) {
                return AgentJvm.runsDirectory().resolve("output-parent-is-a-regular-file-" + jdk.name())
                        .resolve("qh.jsonl");
            }

            @Override
            Path prepare(Jdk jdk) {
                Path parent = path(jdk).getParent();
                try {
                    Files.createDirectories(parent.getParent());
                    Files.deleteIfExists(parent);
                    Files.writeString(parent, "not a directory\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return path(jdk);
            }
        },
        DISK_FULL("/dev/full, a disk that is always full") {
            @Override
            Path path(Jdk jdk) {
                return Path.of("/dev/full");
            }

            @Override
            boolean usable() {
                return Files.isWritable(Path.of("/dev/full"));
            }
        };

        private final String description;

        Destination(String description) {
            this.description = description;
        }

        /** The output path of the run on {@code jdk} (runs on the two JDKs go at once). */
        abstract Path path(Jdk jdk);

        /** The output path, made as broken as it should be. */
        Path prepare(Jdk jdk) {
            return path(jdk);
        }

        boolean usable() {
            return true;
        }
    }

    static Stream<Arguments> jdksAndDestinations() {
        return Arrays.stream(Jdk.values())
                .flatMap(jdk -> Arrays.stream(Destination.values()).map(destination -> Arguments.of(jdk, destination)));
    }

    @BeforeAll
    static void startRuns() {
        ReliabilityRuns.startOrdersWithoutAgent();
        for (Jdk jdk : Jdk.values()) {
            for (Destination destination : Destination.values()) {
                if (ReliabilityRuns.installed(jdk) && destination.usable()) {
                    ReliabilityRuns.start(name(jdk, destination), run(jdk, destination));
                }
            }
        }
    }

    private static ChildRun withAgent(Jdk jdk, Destination destination) {
        jdk.java();
        assumeTrue(destination.usable(), destination + " cannot be set up here");
        return ReliabilityRuns.get(name(jdk, destination), run(jdk, destination));
    }

    private static String name(Jdk jdk, Destination destination) {
        return "reliability-OrdersApp-" + destination.name().toLowerCase(Locale.ROOT) + "-" + jdk.name();
    }

    private static Supplier<ChildRun> run(Jdk jdk, Destination destination) {
        return () -> AgentJvm.app(OrdersApp.class).on(jdk).named(name(jdk, destination))
                .agent(ReliabilityRuns.ordersSettings("output=" + destination.prepare(jdk)))
                .timeout(ReliabilityRuns.CHILD_TIMEOUT).run();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("jdksAndDestinations")
    void theApplicationRunsAsWithoutTheAgentAndTheProblemIsReportedOnce(Jdk jdk, Destination destination) {
        ChildRun plain = ReliabilityRuns.ordersWithoutAgent(jdk).assertExitedNormally();
        Path output = destination.path(jdk);
        ChildRun run = withAgent(jdk, destination).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutLines("RESULT")).as("the application's results, against those without the agent")
                    .isNotEmpty().isEqualTo(plain.stdoutLines("RESULT"));
            assertThat(AgentStderr.banner(run)).as("the agent's start line").contains(output.toString());
            List<String> problems = AgentStderr.agentLinesBesidesBanner(run);
            assertThat(problems).as("the agent's lines about its output").singleElement().asString()
                    .startsWith("[queryhound] WARN cannot write QueryHound output to " + output);
            assertThat(AgentStderr.otherLines(run)).as("the rest of stderr").isEqualTo(plain.stderr().lines().toList());
            System.out.printf(Locale.ROOT, "[reliability] under the agent on %s, output to %s: the application's %d"
                    + " results as without the agent, exit 0 after %d ms, and one line: %s%n", jdk,
                    destination.description, run.stdoutLines("RESULT").size(), run.elapsed().toMillis(),
                    problems.get(0));
        });
    }
}
