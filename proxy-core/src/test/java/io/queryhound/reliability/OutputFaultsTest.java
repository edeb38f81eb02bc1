package io.queryhound.reliability;

import io.queryhound.Exporter;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.ScopeStatistics;
import io.queryhound.StatementStatistics;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.export.InMemoryExporter;
import io.queryhound.internal.export.JsonLinesExporter;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.H2;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Where QueryHound writes cannot take the records: a file that cannot be created, a disk that is
 * full ({@code /dev/full} fails every write with ENOSPC, as a full disk does), an exporter of the
 * user's that throws on every call, and settings of the wrong type. In each case the application
 * reads exactly what it reads without QueryHound, the problem is reported once, and detection goes
 * on: every later scope still gets its findings and every query is still counted.
 */
@Tag("reliability")
class OutputFaultsTest {

    private static final int ROUNDS = 20;

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    @Test
    void outputFileThatCannotBeCreated(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "a file, not a directory");
        Path output = notADirectory.resolve("queryhound.jsonl");

        Outcome outcome = runThroughFile(output);

        assertThat(outcome.file.droppedRecords()).as("records that could not be written are counted")
                .isEqualTo(outcome.recordsSeen());
        assertThat(diagnostics.lines()).as("reported once, naming the file").singleElement().asString()
                .contains("cannot write QueryHound output to " + output);
        print("output file that cannot be created", outcome);
    }

    @Test
    void diskFull() throws Exception {
        Path full = Path.of("/dev/full");
        assumeThat(Files.isWritable(full)).as("/dev/full (Linux) stands in for a full disk").isTrue();

        Outcome outcome = runThroughFile(full);

        // Writes are buffered, so a record can look written until its flush fails: at least the
        // records of every report after the first failure are dropped, and nothing gets through.
        assertThat(outcome.file.droppedRecords()).isPositive();
        assertThat(diagnostics.lines()).as("reported once, naming the file and the cause").singleElement()
                .asString().contains("cannot write QueryHound output to /dev/full").contains("No space left on device");
        print("disk full (/dev/full)", outcome);
    }

    @Test
    void exporterThatThrowsOnEveryCall() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Exporter throwing = new Exporter() {
            @Override
            public void statistics(StatementStatistics statistics) {
                calls.incrementAndGet();
                throw new IllegalStateException("statistics rejected");
            }

            @Override
            public void scopeStatistics(ScopeStatistics statistics) {
                calls.incrementAndGet();
                throw new UnsupportedOperationException("scope statistics rejected");
            }

            @Override
            public void finding(Finding finding) {
                calls.incrementAndGet();
                // An Error as well as exceptions: a user's exporter may fail in any way.
                throw new AssertionError("finding rejected");
            }

            @Override
            public void findingSummary(FindingSummary summary) {
                calls.incrementAndGet();
                throw new IllegalStateException("summary rejected");
            }

            @Override
            public void flush() {
                calls.incrementAndGet();
                throw new IllegalStateException("flush rejected");
            }

            @Override
            public void close() {
                calls.incrementAndGet();
                throw new IllegalStateException("close rejected");
            }

            @Override
            public String toString() {
                return "user exporter";
            }
        };
        InMemoryExporter memory = new InMemoryExporter();
        long errorsBefore = Diagnostics.internalErrorCount();

        Outcome outcome = run(builder -> builder.exporter(Exporter.all(throwing, memory)), memory, null);

        assertThat(calls.get()).as("QueryHound kept calling the exporter after it threw").isGreaterThan(ROUNDS);
        assertThat(Diagnostics.internalErrorCount() - errorsBefore).as("every failure is counted")
                .isGreaterThanOrEqualTo(calls.get());
        assertThat(diagnostics.lines()).as("reported once per exporter, naming it").singleElement().asString()
                .contains("user exporter");
        print("exporter that throws on every call (" + calls.get() + " calls)", outcome);
    }

    @Test
    void settingsOfTheWrongTypeFallBackToTheirDefaults() throws Exception {
        InMemoryExporter memory = new InMemoryExporter();

        Outcome outcome = run(builder -> builder.exporter(memory)
                .set("nPlusOneThreshold", "three")
                .set("slowQueryMillis", "-5")
                .set("logParameters", "maybe")
                .set("maxStatements", "1e9"), memory, null);

        List<String> lines = diagnostics.lines();
        assertThat(lines).as("one line per bad setting").hasSize(4);
        assertThat(String.join("\n", lines))
                .contains("nPlusOneThreshold").contains("three")
                .contains("slowQueryMillis").contains("-5")
                .contains("logParameters").contains("maybe")
                .contains("maxStatements").contains("1e9");
        assertThat(lines).allSatisfy(line -> assertThat(line).containsIgnoringCase("default"));
        // The default nPlusOneThreshold (3) applies: the five lookups of each round are an N+1.
        print("4 settings of the wrong type", outcome);
    }

    private Outcome runThroughFile(Path output) throws Exception {
        InMemoryExporter memory = new InMemoryExporter();
        JsonLinesExporter file = JsonLinesExporter.file(output);
        return run(builder -> builder.exporter(Exporter.all(file, memory)), memory, file);
    }

    /**
     * {@link #ROUNDS} requests, each an N+1 of five lookups and a statement the driver rejects, run
     * on H2 without QueryHound and then through it; the application's view of both must be equal.
     */
    private Outcome run(Function<QueryHound.Builder, QueryHound.Builder> configure, InMemoryExporter memory,
                        JsonLinesExporter file) throws Exception {
        JdbcDataSource h2 = H2.newDataSource();
        try (Connection connection = h2.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("create table item (id int primary key, v varchar(20))");
            ddl.execute("insert into item select x, 'v' || x from system_range(1, 10)");
        }
        List<String> without = requests(h2, null, new AtomicInteger());

        QueryHoundEngine engine = configure.apply(QueryHound.builder().statsIntervalSeconds(3600).shutdownHook(false))
                .build();
        List<String> with;
        AtomicInteger scopesWithNPlusOne = new AtomicInteger();
        try {
            with = requests(engine.wrap(h2, "faults"), engine, scopesWithNPlusOne);
            // Two reports: the reporting thread must survive the first failure to write the second.
            engine.reportStatistics();
            engine.reportStatistics();
        } finally {
            engine.close();
        }

        assertThat(with).as("what the application read and caught").isEqualTo(without);
        assertThat(scopesWithNPlusOne).as("every round's N+1 is still found").hasValue(ROUNDS);
        assertThat(memory.findings()).filteredOn(finding -> finding.type() == FindingType.N_PLUS_ONE)
                .as("and exported (its recurrences in findingSummary records)").hasSize(1);
        long lookups = memory.statistics().stream()
                .filter(s -> s.fingerprint().template().equals("select v from item where id = ?")
                        && s.period() == StatementStatistics.Period.SUMMARY)
                .mapToLong(StatementStatistics::count).sum();
        assertThat(lookups).as("every lookup is counted").isEqualTo(ROUNDS * 5L);
        long rejected = memory.statistics().stream()
                .filter(s -> s.fingerprint().template().startsWith("select nothing")
                        && s.period() == StatementStatistics.Period.SUMMARY)
                .mapToLong(StatementStatistics::errors).sum();
        assertThat(rejected).as("every rejected statement is counted as an error").isEqualTo(ROUNDS);
        return new Outcome(with.size(), memory, file);
    }

    /** One list entry per value read and per exception caught, so that two runs can be compared. */
    private static List<String> requests(DataSource dataSource, QueryHoundEngine engine,
                                         AtomicInteger scopesWithNPlusOne) throws SQLException {
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Scope scope = engine == null ? null : engine.scope("GET /items/" + round);
            try (Connection connection = dataSource.getConnection()) {
                try (PreparedStatement lookup = connection.prepareStatement("select v from item where id = ?")) {
                    for (int id = 1; id <= 5; id++) {
                        lookup.setInt(1, id);
                        try (ResultSet result = lookup.executeQuery()) {
                            while (result.next()) {
                                seen.add(result.getString(1));
                            }
                        }
                    }
                }
                try (Statement statement = connection.createStatement()) {
                    statement.executeQuery("select nothing from nowhere");
                } catch (SQLException e) {
                    seen.add(e.getClass().getName() + " " + e.getSQLState() + " " + e.getErrorCode() + " "
                            + e.getMessage());
                }
            } finally {
                if (scope != null) {
                    scope.close();
                    if (scope.findings().stream().anyMatch(finding -> finding.type() == FindingType.N_PLUS_ONE)) {
                        scopesWithNPlusOne.incrementAndGet();
                    }
                }
            }
        }
        return seen;
    }

    private static void print(String fault, Outcome outcome) {
        System.out.printf(Locale.ROOT, "[reliability] %s: application read the same %d values and errors as without"
                + " QueryHound; %d findings and %d statistics records still produced; %s%n", fault, outcome.values,
                outcome.memory.findings().size(), outcome.memory.statistics().size(),
                outcome.file == null ? "" : outcome.file.droppedRecords() + " records dropped and counted");
    }

    private record Outcome(int values, InMemoryExporter memory, JsonLinesExporter file) {
        long recordsSeen() {
            return memory.findings().size() + memory.findingSummaries().size() + memory.statistics().size()
                    + memory.scopeStatistics().size();
        }
    }
}
