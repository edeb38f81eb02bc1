package io.queryhound.internal.export;

import io.queryhound.testing.CapturedDiagnostics;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.queryhound.Exporter;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;
import io.queryhound.StatementStatistics;
import io.queryhound.StatementStatistics.Period;
import io.queryhound.internal.config.Diagnostics;
import org.HdrHistogram.Histogram;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Each value of the {@code output} setting, end to end: an engine built with that output wraps a
 * real H2 DataSource, runs queries and closes; what arrives at the destination is parsed back.
 */
class ExportersTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final String SELECT = "SELECT X FROM SYSTEM_RANGE(1, 3) WHERE X > ?";
    private static final String INSERT = "INSERT INTO ITEMS(ID, NAME) VALUES (?, ?)";
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    // ---------------------------------------------------------------- console

    @Test
    void stdoutReceivesOneJsonLinePerRecordAndStderrNothing() throws Exception {
        Console console = Console.capture();
        try {
            QueryHoundEngine engine = engine("stdout");
            runWorkload(engine.wrap(h2()), 3, 2);
            engine.close();
        } finally {
            console.restore();
        }

        assertThat(ourLines(console.err())).isEmpty();
        List<JsonNode> records = parseLines(console.out());
        assertWorkloadRecords(records, 3, 2);
    }

    @Test
    void stderrReceivesOneJsonLinePerRecordAndStdoutNothing() throws Exception {
        Console console = Console.capture();
        try {
            QueryHoundEngine engine = engine("stderr");
            runWorkload(engine.wrap(h2()), 4, 1);
            engine.close();
        } finally {
            console.restore();
        }

        assertThat(ourLines(console.out())).isEmpty();
        assertWorkloadRecords(parseLines(console.err()), 4, 1);
    }

    @Test
    void consoleOutputIsLookedUpAtEachWrite() {
        // An application (or a test framework) that swaps System.out after QueryHound started still
        // gets the records where it now points.
        Exporter exporter = Exporters.forOutput("stdout");
        Console console = Console.capture();
        try {
            exporter.statistics(sampleRecord());
            exporter.flush();
        } finally {
            console.restore();
        }
        assertThat(parseLines(console.out()))
                .filteredOn(r -> sampleRecord().fingerprint().id().equals(text(r, "fingerprint")))
                .hasSize(1);
    }

    @Test
    void outputNamesAreCaseInsensitive() {
        assertThat(Exporters.forOutput("STDOUT")).hasToString("stdout");
        assertThat(Exporters.forOutput("StdErr")).hasToString("stderr");
        assertThat(Exporters.forOutput("NONE")).isSameAs(Exporter.NONE);
        assertThat(Exporters.forOutput("SLF4J")).isInstanceOf(Slf4jExporter.class);
    }

    @Test
    void jsonLineOfARecordHasEveryDocumentedField() throws Exception {
        StatementStatistics record = sampleRecord();

        JsonNode node = JSON.readTree(StatisticsJson.toJson(record));

        assertThat(node.get("schema").intValue()).isEqualTo(StatementStatistics.SCHEMA);
        assertThat(node.get("record").textValue()).isEqualTo("statistics");
        assertThat(node.get("period").textValue()).isEqualTo("summary");
        assertThat(node.get("timestamp").textValue()).isEqualTo("2025-01-02T03:05:00Z");
        assertThat(node.get("start").textValue()).isEqualTo("2025-01-02T03:04:00Z");
        assertThat(node.get("end").textValue()).isEqualTo("2025-01-02T03:05:00Z");
        assertThat(node.get("fingerprint").textValue()).isEqualTo("00000000000abcde");
        assertThat(node.get("statementType").textValue()).isEqualTo("SELECT");
        assertThat(node.get("sql").textValue()).isEqualTo("select \"Größe\" from t where id = ?\n");
        assertThat(node.get("count").longValue()).isEqualTo(3);
        assertThat(node.get("errors").longValue()).isEqualTo(1);
        assertThat(node.get("rows").longValue()).isEqualTo(7);
        assertThat(node.get("batchedStatements").longValue()).isEqualTo(0);
        assertThat(node.get("totalMillis").doubleValue()).isEqualTo(12.5);
        assertThat(node.get("p50Millis").doubleValue()).isEqualTo(1.0);
        assertThat(node.get("p95Millis").doubleValue()).isEqualTo(2.0);
        assertThat(node.get("p99Millis").doubleValue()).isEqualTo(3.0);
        assertThat(node.get("maxMillis").doubleValue()).isEqualTo(4.001);
        assertThat(decode(node.get("histogram").textValue()).getTotalCount()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- file

    @Test
    void fileOutputCreatesMissingDirectoriesAndAppendsAcrossEngines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs").resolve("nested").resolve("queryhound.jsonl");
        assertThat(file.getParent()).doesNotExist();

        QueryHoundEngine first = engine(file.toString());
        runWorkload(first.wrap(h2()), 2, 1);
        first.close();

        assertThat(file).isRegularFile();
        List<String> afterFirst = readUtf8Lines(file);
        assertWorkloadRecords(parseLines(String.join("\n", afterFirst)), 2, 1);

        QueryHoundEngine second = engine(file.toString());
        runWorkload(second.wrap(h2()), 5, 3);
        second.close();

        List<String> afterSecond = readUtf8Lines(file);
        // Not twice the first engine's lines: the second workload is larger and has more findings.
        assertThat(afterSecond).hasSizeGreaterThan(afterFirst.size());
        assertThat(afterSecond.subList(0, afterFirst.size())).as("the first engine's lines are kept")
                .isEqualTo(afterFirst);
        assertWorkloadRecords(parseLines(String.join("\n", afterSecond.subList(afterFirst.size(), afterSecond.size()))),
                5, 3);
        assertThat(Files.readString(file)).endsWith("\n");
        assertThat(parseLines(String.join("\n", afterSecond))).as("every line of the file is a record")
                .hasSameSizeAs(afterSecond);
        assertThat(diagnostics.text()).isEmpty();
    }

    @Test
    void fileOutputIsWrittenAtEveryReportNotOnlyAtClose(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("queryhound.jsonl");
        QueryHoundEngine engine = engine(file.toString());
        try {
            runWorkload(engine.wrap(h2()), 2, 1);
            engine.reportStatistics();

            // Records are flushed after each report so that tail -f and log shippers see them. Findings
            // are written by the reporting thread as scopes end, so only statistics are counted here.
            List<JsonNode> records = parseLines(String.join("\n", readUtf8Lines(file))).stream()
                    .filter(r -> "statistics".equals(text(r, "record")))
                    .collect(Collectors.toList());
            assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r.get("period").textValue()).isEqualTo("interval"));
        } finally {
            engine.close();
        }
    }

    @Test
    void unwritableFileIsReportedOnceAndTheApplicationIsNotAffected(@TempDir Path dir) throws Exception {
        Path regularFile = Files.writeString(dir.resolve("not-a-directory"), "x");
        Path impossible = regularFile.resolve("sub").resolve("queryhound.jsonl");
        Console console = Console.capture();
        try {
            QueryHoundEngine engine = engine(impossible.toString());
            DataSource dataSource = engine.wrap(h2());

            assertThatCode(() -> {
                assertThat(runWorkload(dataSource, 3, 2)).isEqualTo(3 * 2 + 2);
                engine.reportStatistics();
                assertThat(runWorkload(dataSource, 2, 2)).isEqualTo(2 * 2 + 2);
                engine.reportStatistics();
                engine.close();
                engine.close();
            }).doesNotThrowAnyException();
            assertThat(engine.isClosed()).isTrue();
        } finally {
            console.restore();
        }

        // (AssertJ's doesNotExist() relies on Files.notExists, which is false for "not a directory".)
        assertThat(Files.exists(impossible)).isFalse();
        assertThat(regularFile).isRegularFile().hasContent("x");
        List<String> warnings = lines(diagnostics.text());
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).startsWith("[queryhound] WARN ").contains(impossible.toString());
        assertThat(ourLines(console.out())).isEmpty();
        assertThat(ourLines(console.err())).isEmpty();
    }

    @Test
    void unwritableFileDropsAndCountsRecords(@TempDir Path dir) throws Exception {
        Path regularFile = Files.writeString(dir.resolve("plain"), "x");
        JsonLinesExporter exporter = (JsonLinesExporter) Exporters.forOutput(regularFile.resolve("q.jsonl").toString());

        for (int i = 0; i < 3; i++) {
            exporter.statistics(sampleRecord());
        }
        exporter.flush();
        exporter.close();

        assertThat(exporter.droppedRecords()).isEqualTo(3);
        assertThat(lines(diagnostics.text())).hasSize(1);
        assertThat(Files.readString(regularFile)).isEqualTo("x");
    }

    @Test
    void fileThatBecomesWritableAgainReceivesLaterRecords(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("later");
        Files.writeString(blocker, "x");
        Path file = blocker.resolve("q.jsonl");
        JsonLinesExporter exporter = JsonLinesExporter.file(file);

        exporter.statistics(sampleRecord());
        Files.delete(blocker);
        exporter.statistics(sampleRecord());
        exporter.close();

        assertThat(exporter.droppedRecords()).isEqualTo(1);
        assertThat(parseLines(Files.readString(file))).hasSize(1);
    }

    @Test
    void invalidPathFallsBackToStderrWithOneWarning() {
        Exporter exporter = Exporters.forOutput("bad\u0000path");

        assertThat(exporter).hasToString("stderr");
        List<String> warnings = lines(diagnostics.text());
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("output").contains("stdout, stderr, slf4j, none, or a file path");
    }

    // ---------------------------------------------------------------- none

    @Test
    void noneWritesNothingAnywhere() throws Exception {
        assertThat(Exporters.forOutput("none")).isSameAs(Exporter.NONE);
        Console console = Console.capture();
        try {
            QueryHoundEngine engine = engine("none");
            assertThat(runWorkload(engine.wrap(h2()), 3, 2)).isEqualTo(8);
            engine.reportStatistics();
            engine.close();
        } finally {
            console.restore();
        }
        assertThat(ourLines(console.out())).isEmpty();
        assertThat(ourLines(console.err())).isEmpty();
        assertThat(diagnostics.text()).isEmpty();
    }

    // ---------------------------------------------------------------- slf4j

    @Test
    void slf4jOutputLogsEachRecordWithItsFieldsAsKeyValuePairs() throws Exception {
        try (LogCapture log = LogCapture.attach(Level.INFO)) {
            QueryHoundEngine engine = engine("slf4j");
            runWorkload(engine.wrap(h2()), 3, 2);
            engine.close();

            List<ILoggingEvent> events = log.events().stream()
                    .filter(event -> "statistics".equals(pairs(event).get("record")))
                    .collect(Collectors.toList());
            assertThat(events).hasSize(4); // select and insert, one interval and one summary each
            // A cold first query can add a SLOW_QUERY finding, so only the repeated query is looked for.
            List<ILoggingEvent> findings = log.events().stream()
                    .filter(event -> "finding".equals(pairs(event).get("record"))
                            && "REPEATED_QUERY".equals(pairs(event).get("type")))
                    .collect(Collectors.toList());
            // Three SELECTs with the same value: an INFO finding, logged at INFO.
            assertThat(findings).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(pairs(event).get("type")).isEqualTo("REPEATED_QUERY");
                assertThat(pairs(event).get("fingerprint")).isEqualTo(fingerprint(SELECT).id());
                assertThat(pairs(event).get("count")).isEqualTo(3L);
            });
            for (ILoggingEvent event : events) {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getLoggerName()).isEqualTo(Slf4jExporter.LOGGER_NAME);
                Map<String, Object> pairs = pairs(event);
                assertThat(pairs.keySet()).containsExactly("schema", "record", "period", "start", "end", "fingerprint",
                        "statementType", "sql", "count", "errors", "rows", "batchedStatements", "totalMillis",
                        "p50Millis", "p95Millis", "p99Millis", "maxMillis", "histogram");
                assertThat(pairs.get("schema")).isEqualTo(StatementStatistics.SCHEMA);
                assertThat(pairs.get("record")).isEqualTo("statistics");
                assertThat(event.getFormattedMessage())
                        .startsWith(pairs.get("period") + " " + pairs.get("fingerprint") + " ")
                        .contains(" x" + pairs.get("count") + " ")
                        .endsWith((String) pairs.get("sql"));
                assertThat(decode((String) pairs.get("histogram")).getTotalCount()).isEqualTo(pairs.get("count"));
            }
            Map<String, Object> selectSummary = find(events, SELECT, "summary");
            assertThat(selectSummary.get("count")).isEqualTo(3L);
            assertThat(selectSummary.get("rows")).isEqualTo(3L * 2);
            assertThat(selectSummary.get("statementType")).isEqualTo("SELECT");
            assertThat(selectSummary.get("sql")).isEqualTo(fingerprint(SELECT).template());
            Map<String, Object> insertSummary = find(events, INSERT, "summary");
            assertThat(insertSummary.get("count")).isEqualTo(2L);
            assertThat(insertSummary.get("statementType")).isEqualTo("INSERT");
        }
    }

    @Test
    void slf4jKeyValuePairsEqualTheRecord() {
        StatementStatistics record = sampleRecord();
        try (LogCapture log = LogCapture.attach(Level.INFO)) {
            new Slf4jExporter().statistics(record);

            ILoggingEvent event = log.events().get(0);
            Map<String, Object> pairs = pairs(event);
            assertThat(pairs.get("period")).isEqualTo("summary");
            assertThat(pairs.get("start")).isEqualTo("2025-01-02T03:04:00Z");
            assertThat(pairs.get("end")).isEqualTo("2025-01-02T03:05:00Z");
            assertThat(pairs.get("fingerprint")).isEqualTo(record.fingerprint().id());
            assertThat(pairs.get("statementType")).isEqualTo("SELECT");
            assertThat(pairs.get("sql")).isEqualTo(record.sql());
            assertThat(pairs.get("count")).isEqualTo(3L);
            assertThat(pairs.get("errors")).isEqualTo(1L);
            assertThat(pairs.get("rows")).isEqualTo(7L);
            assertThat(pairs.get("batchedStatements")).isEqualTo(0L);
            assertThat(pairs.get("totalMillis")).isEqualTo(12.5);
            assertThat(pairs.get("p50Millis")).isEqualTo(1.0);
            assertThat(pairs.get("p95Millis")).isEqualTo(2.0);
            assertThat(pairs.get("p99Millis")).isEqualTo(3.0);
            assertThat(pairs.get("maxMillis")).isEqualTo(4.001);
            assertThat(pairs.get("histogram")).isEqualTo(record.histogram());
            assertThat(event.getFormattedMessage()).isEqualTo(StatisticsJson.toText(record));
            assertThat(event.getFormattedMessage()).contains("errors=1").doesNotContain("\n\n");
        }
    }

    @Test
    void slf4jLoggerAboveInfoReceivesOnlyWarningFindings() throws Exception {
        try (LogCapture log = LogCapture.attach(Level.WARN)) {
            QueryHoundEngine engine = engine("slf4j");
            assertThat(runWorkload(engine.wrap(h2()), 2, 1)).isEqualTo(2 * 2 + 1);
            engine.close();

            // The workload's repeated query is INFO and dropped; a first query slowed down by a cold
            // JVM can still make a SLOW_QUERY, which is a WARNING and rightly kept.
            assertThat(log.events()).allSatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(pairs(event).get("record")).isEqualTo("finding");
                assertThat(pairs(event).get("severity")).isEqualTo("warning");
            });
        }
    }

    // ---------------------------------------------------------------- findings

    @Test
    void allForwardsFindingsAndSummariesAndIsolatesAnExporterThatThrows() {
        Exporter throwing = new Exporter() {
            @Override
            public void finding(Finding finding) {
                throw new IllegalStateException("finding broke");
            }

            @Override
            public void findingSummary(FindingSummary summary) {
                throw new IllegalStateException("summary broke");
            }

            @Override
            public String toString() {
                return "throwing";
            }
        };
        InMemoryExporter before = new InMemoryExporter();
        InMemoryExporter after = new InMemoryExporter();
        Exporter all = Exporter.all(before, throwing, Exporter.NONE, null, after);
        Finding finding = FindingJsonTest.nPlusOne();
        FindingSummary summary = FindingJsonTest.summary();
        long errorsBefore = Diagnostics.internalErrorCount();

        assertThatCode(() -> {
            all.finding(finding);
            all.finding(finding);
            all.findingSummary(summary);
        }).doesNotThrowAnyException();

        assertThat(before.findings()).containsExactly(finding, finding);
        assertThat(after.findings()).as("an exporter after the one that threw").containsExactly(finding, finding);
        assertThat(before.findingSummaries()).containsExactly(summary);
        assertThat(after.findingSummaries()).containsExactly(summary);
        assertThat(Diagnostics.internalErrorCount() - errorsBefore).as("every failure is counted")
                .isGreaterThanOrEqualTo(3);
        assertThat(diagnostics.lines()).as("but reported once per exporter").singleElement().asString()
                .contains("exporter throwing").contains("finding broke");
    }

    @Test
    void exportersThatIgnoreFindingsStillAcceptThem() {
        Exporter statisticsOnly = new Exporter() {
            @Override
            public void statistics(StatementStatistics statistics) {
            }
        };
        InMemoryExporter memory = new InMemoryExporter();

        assertThatCode(() -> {
            statisticsOnly.finding(FindingJsonTest.nPlusOne());
            statisticsOnly.findingSummary(FindingJsonTest.summary());
            Exporter.NONE.finding(FindingJsonTest.nPlusOne());
            Exporter.all(statisticsOnly, memory).finding(FindingJsonTest.nPlusOne());
        }).doesNotThrowAnyException();
        assertThat(memory.findings()).hasSize(1);
        assertThat(diagnostics.text()).isEmpty();
    }

    @Test
    void inMemoryExporterKeepsFindingsUntilClearedAndHandsOutCopies() {
        InMemoryExporter memory = new InMemoryExporter();
        Finding finding = FindingJsonTest.nPlusOne();
        FindingSummary summary = FindingJsonTest.summary();
        memory.finding(finding);
        memory.findingSummary(summary);
        memory.statistics(sampleRecord());

        memory.findings().clear();
        memory.findingSummaries().clear();

        assertThat(memory.findings()).containsExactly(finding);
        assertThat(memory.findingSummaries()).containsExactly(summary);
        memory.clear();
        assertThat(memory.findings()).isEmpty();
        assertThat(memory.findingSummaries()).isEmpty();
        assertThat(memory.statistics()).isEmpty();
    }

    @Test
    void fileOutputWritesOneJsonLinePerFindingAndSummary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs").resolve("queryhound.jsonl");
        JsonLinesExporter exporter = JsonLinesExporter.file(file);
        Finding finding = FindingJsonTest.nPlusOne();
        FindingSummary summary = FindingJsonTest.summary();

        exporter.finding(finding);
        exporter.flush();

        List<String> lines = readUtf8Lines(file);
        assertThat(lines).containsExactly(FindingJson.toJson(finding));
        JsonNode node = FindingJsonTest.parse(lines.get(0));
        assertThat(node.get("record").textValue()).isEqualTo("finding");
        assertThat(node.get("type").textValue()).isEqualTo("N_PLUS_ONE");
        assertThat(node.get("fingerprint").textValue()).isEqualTo(finding.fingerprint().id());
        assertThat(node.get("callSite").textValue()).isEqualTo(finding.callSite().toString());

        exporter.findingSummary(summary);
        exporter.close();

        lines = readUtf8Lines(file);
        assertThat(lines).containsExactly(FindingJson.toJson(finding), FindingJson.toJson(summary));
        assertThat(FindingJsonTest.parse(lines.get(1)).get("record").textValue()).isEqualTo("findingSummary");
        assertThat(Files.readString(file)).endsWith("\n");
        assertThat(exporter.droppedRecords()).isZero();
        assertThat(diagnostics.text()).isEmpty();
    }

    @Test
    void consoleOutputWritesFindingsAsJsonLines() throws Exception {
        Exporter exporter = Exporters.forOutput("stdout");
        Finding finding = FindingJsonTest.minimal(FindingType.SLOW_QUERY);
        Console console = Console.capture();
        try {
            exporter.finding(finding);
            exporter.flush();
        } finally {
            console.restore();
        }
        List<String> ours = lines(console.out()).stream()
                .filter(line -> line.contains("\"record\":\"finding\"")).collect(Collectors.toList());
        assertThat(ours).containsExactly(FindingJson.toJson(finding));
    }

    @Test
    void slf4jLogsFindingsAtTheirSeverityWithTheirFieldsAsKeyValuePairs() {
        Finding warning = FindingJsonTest.nPlusOne();
        Finding info = FindingJsonTest.minimal(FindingType.REPEATED_QUERY);
        Finding large = FindingJsonTest.minimal(FindingType.LARGE_RESULT);
        FindingSummary summary = FindingJsonTest.summary();
        try (LogCapture log = LogCapture.attach(Level.INFO)) {
            Slf4jExporter exporter = new Slf4jExporter();
            exporter.finding(warning);
            exporter.finding(info);
            exporter.finding(large);
            exporter.findingSummary(summary);

            List<ILoggingEvent> events = log.events();
            assertThat(events).extracting(ILoggingEvent::getLevel)
                    .containsExactly(Level.WARN, Level.INFO, Level.WARN, Level.INFO);

            Map<String, Object> loop = pairs(events.get(0));
            assertThat(loop.keySet()).containsExactly("schema", "record", "type", "severity", "scope", "scopeKind",
                    "scopeId", "fingerprint", "statementType", "sql", "count", "totalMillis", "maxMillis", "threshold",
                    "callSite", "trigger", "rewrite", "suggestion");
            assertThat(loop.get("schema")).isEqualTo(Finding.SCHEMA);
            assertThat(loop.get("record")).isEqualTo("finding");
            assertThat(loop.get("type")).isEqualTo("N_PLUS_ONE");
            assertThat(loop.get("severity")).isEqualTo("warning");
            assertThat(loop.get("scope")).isEqualTo("nightly-import");
            assertThat(loop.get("scopeKind")).isEqualTo("explicit");
            assertThat(loop.get("fingerprint")).isEqualTo(warning.fingerprint().id());
            assertThat(loop.get("statementType")).isEqualTo("SELECT");
            assertThat(loop.get("sql")).isEqualTo(warning.sql());
            assertThat(loop.get("count")).isEqualTo(25L);
            assertThat(loop.get("totalMillis")).isEqualTo(warning.totalMillis());
            assertThat(loop.get("callSite")).isEqualTo(warning.callSite().toString());
            assertThat(loop.get("rewrite")).isEqualTo(warning.rewrite());
            assertThat(loop.get("trigger")).isInstanceOf(Map.class);
            Map<?, ?> trigger = (Map<?, ?>) loop.get("trigger");
            assertThat(trigger.keySet().stream().map(String::valueOf).toList()).containsExactly("fingerprint", "sql", "rows", "callSite");
            assertThat(trigger.get("fingerprint")).isEqualTo(warning.trigger().fingerprint().id());
            assertThat(trigger.get("rows")).isEqualTo(25L);
            assertThat(trigger.get("callSite")).isEqualTo(warning.trigger().callSite().toString());
            assertThat(events.get(0).getFormattedMessage()).isEqualTo(FindingJson.toText(warning));

            Map<String, Object> repeated = pairs(events.get(1));
            assertThat(repeated).doesNotContainKeys("trigger", "rewrite", "rows");
            assertThat(repeated.get("severity")).isEqualTo("info");
            assertThat(repeated.get("scopeKind")).isEqualTo("http");
            assertThat(events.get(1).getFormattedMessage()).isEqualTo(FindingJson.toText(info));

            assertThat(pairs(events.get(2)).get("rows")).isEqualTo(5000L);

            Map<String, Object> counted = pairs(events.get(3));
            assertThat(counted.keySet()).containsExactly("schema", "record", "type", "severity", "fingerprint",
                    "statementType", "sql", "callSite", "start", "end", "occurrences", "totalOccurrences", "count",
                    "totalMillis", "maxMillis", "firstSeen", "lastScope");
            assertThat(counted.get("record")).isEqualTo("findingSummary");
            assertThat(counted.get("occurrences")).isEqualTo(9999L);
            assertThat(counted.get("totalOccurrences")).isEqualTo(10000L);
            assertThat(counted.get("end")).isEqualTo("2026-11-21T10:01:00.500Z");
            assertThat(counted.get("lastScope")).isEqualTo("job-7");
            assertThat(events.get(3).getFormattedMessage()).isEqualTo(FindingJson.toText(summary));
        }
    }

    @Test
    void slf4jLoggerAtWarnKeepsOnlyWarningFindings() {
        try (LogCapture log = LogCapture.attach(Level.WARN)) {
            Slf4jExporter exporter = new Slf4jExporter();
            exporter.finding(FindingJsonTest.minimal(FindingType.BATCHABLE_DML));
            exporter.finding(FindingJsonTest.minimal(FindingType.SLOW_QUERY));
            exporter.findingSummary(FindingJsonTest.summary());

            assertThat(log.events()).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(pairs(event).get("type")).isEqualTo("SLOW_QUERY");
            });
        }
    }

    // ---------------------------------------------------------------- workload

    /**
     * Runs {@code selects} executions of {@link #SELECT} (each reading its rows to the end) and
     * {@code inserts} of {@link #INSERT}; returns the rows read plus the rows inserted.
     */
    private static long runWorkload(DataSource dataSource, int selects, int inserts) throws SQLException {
        long rows = 0;
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                for (int i = 0; i < selects; i++) {
                    select.setInt(1, 1);
                    try (ResultSet result = select.executeQuery()) {
                        while (result.next()) {
                            rows++;
                        }
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (int i = 0; i < inserts; i++) {
                    insert.setInt(1, NEXT_ID.incrementAndGet());
                    insert.setString(2, "item \"" + i + "\"\n");
                    rows += insert.executeUpdate();
                }
            }
        }
        return rows;
    }

    /** Records of one engine that ran {@link #runWorkload}: an interval and a summary per statement. */
    private static void assertWorkloadRecords(List<JsonNode> records, int selects, int inserts) {
        String selectId = fingerprint(SELECT).id();
        String insertId = fingerprint(INSERT).id();
        List<JsonNode> ours = records.stream()
                .filter(r -> "statistics".equals(text(r, "record")))
                .filter(r -> selectId.equals(text(r, "fingerprint")) || insertId.equals(text(r, "fingerprint")))
                .collect(Collectors.toList());
        assertThat(ours).hasSize(4);
        // The workload binds the same value to every SELECT: from the second one on, a repeated query,
        // written to the same destination as the statistics.
        List<JsonNode> repeated = records.stream()
                .filter(r -> "finding".equals(text(r, "record")) && "REPEATED_QUERY".equals(text(r, "type"))
                        && selectId.equals(text(r, "fingerprint")))
                .collect(Collectors.toList());
        if (selects >= 2) {
            assertThat(repeated).as("repeated-query findings in %s", records).hasSize(1);
            assertThat(repeated.get(0).get("count").longValue()).isEqualTo(selects);
            assertThat(repeated.get(0).get("schema").intValue()).isEqualTo(Finding.SCHEMA);
            assertThat(repeated.get(0).get("message").textValue()).startsWith("REPEATED_QUERY " + selects + "x ");
        } else {
            assertThat(repeated).isEmpty();
        }
        for (String period : List.of("interval", "summary")) {
            JsonNode select = only(records, selectId, period);
            assertThat(select.get("count").longValue()).isEqualTo(selects);
            assertThat(select.get("rows").longValue()).isEqualTo(2L * selects);
            assertThat(select.get("errors").longValue()).isZero();
            assertThat(select.get("statementType").textValue()).isEqualTo("SELECT");
            assertThat(select.get("schema").intValue()).isEqualTo(StatementStatistics.SCHEMA);
            assertThat(decode(select.get("histogram").textValue()).getTotalCount()).isEqualTo(selects);
            JsonNode insert = only(records, insertId, period);
            assertThat(insert.get("count").longValue()).isEqualTo(inserts);
            assertThat(insert.get("statementType").textValue()).isEqualTo("INSERT");
            assertThat(insert.get("sql").textValue()).isEqualTo(fingerprint(INSERT).template());
        }
    }

    private static JsonNode only(List<JsonNode> records, String fingerprint, String period) {
        List<JsonNode> matching = records.stream()
                .filter(r -> "statistics".equals(text(r, "record")) && fingerprint.equals(text(r, "fingerprint"))
                        && period.equals(text(r, "period")))
                .collect(Collectors.toList());
        assertThat(matching).as("%s records of %s in %s", period, fingerprint, records).hasSize(1);
        return matching.get(0);
    }

    /** A field's text, or null when the record has no such field or it is null (as in a budget finding). */
    private static String text(JsonNode record, String field) {
        return record.path(field).textValue();
    }

    private static Map<String, Object> find(List<ILoggingEvent> events, String sql, String period) {
        String id = fingerprint(sql).id();
        List<Map<String, Object>> matching = events.stream().map(ExportersTest::pairs)
                .filter(p -> id.equals(p.get("fingerprint")) && period.equals(p.get("period")))
                .collect(Collectors.toList());
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    // ---------------------------------------------------------------- helpers

    private static QueryHoundEngine engine(String output) {
        return QueryHound.builder()
                .output(output)
                .statsIntervalSeconds(3600)
                .shutdownHook(false)
                .build();
    }

    /** A fresh in-memory database with the ITEMS table, created unwrapped so the DDL is not reported. */
    private static DataSource h2() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:exporters-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE ITEMS(ID INT PRIMARY KEY, NAME VARCHAR(50))");
        }
        return dataSource;
    }

    private static SqlFingerprint fingerprint(String sql) {
        return SqlFingerprint.of(sql, SqlDialect.H2);
    }

    private static StatementStatistics sampleRecord() {
        Histogram histogram = new Histogram(2);
        histogram.recordValue(1000);
        histogram.recordValue(2000);
        histogram.recordValue(4000);
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        String encoded = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
        SqlFingerprint fingerprint = new SqlFingerprint("select \"Größe\" from t where id = ?\n", 0xabcdeL,
                StatementKind.SELECT, null);
        return new StatementStatistics(Period.SUMMARY, Instant.parse("2025-01-02T03:04:00Z"),
                Instant.parse("2025-01-02T03:05:00Z"), fingerprint, fingerprint.template(), 3, 1, 7, 0, 12.5, 1.0, 2.0,
                3.0, 4.001, encoded);
    }

    private static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError("histogram does not decode: " + base64, e);
        }
    }

    /**
     * Parses every line that is (or looks like the start of) a JSON object; on a captured console,
     * another test's background output could appear, so only lines starting with '{' count.
     */
    private static List<JsonNode> parseLines(String text) {
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines(text)) {
            if (!line.startsWith("{") && !line.contains("\"record\":\"statistics\"")) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                records.add(node);
            } catch (IOException e) {
                throw new AssertionError("Expecting every line to be one JSON object, but this is not: " + line, e);
            }
        }
        return records;
    }

    /** Lines that mention the workload's statements, by fingerprint id. */
    private static List<String> ourLines(String text) {
        String selectId = fingerprint(SELECT).id();
        String insertId = fingerprint(INSERT).id();
        return lines(text).stream().filter(line -> line.contains(selectId) || line.contains(insertId))
                .collect(Collectors.toList());
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("\n", -1))
                .filter(line -> !line.isEmpty())
                .collect(Collectors.toList());
    }

    /** Reads the file as strict UTF-8: a malformed byte fails the test. */
    private static List<String> readUtf8Lines(Path file) throws IOException {
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString();
        return lines(text);
    }

    private static Map<String, Object> pairs(ILoggingEvent event) {
        Map<String, Object> pairs = new LinkedHashMap<>();
        List<KeyValuePair> list = event.getKeyValuePairs();
        if (list != null) {
            for (KeyValuePair pair : list) {
                assertThat(pairs.put(pair.key, pair.value)).as("duplicate key %s", pair.key).isNull();
            }
        }
        return pairs;
    }

    /** Swaps System.out and System.err for buffers; {@link #restore()} puts the originals back. */
    private static final class Console {
        private final PrintStream originalOut = System.out;
        private final PrintStream originalErr = System.err;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        static Console capture() {
            Console console = new Console();
            System.setOut(new PrintStream(console.out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(console.err, true, StandardCharsets.UTF_8));
            return console;
        }

        void restore() {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    /** A Logback ListAppender on the "queryhound" logger, detached (and the logger restored) on close. */
    private static final class LogCapture implements AutoCloseable {
        private final ch.qos.logback.classic.Logger logger;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final Level originalLevel;
        private final boolean originalAdditive;

        private LogCapture(Level level) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            logger = context.getLogger(Slf4jExporter.LOGGER_NAME);
            originalLevel = logger.getLevel();
            originalAdditive = logger.isAdditive();
            appender.setContext(context);
            appender.start();
            logger.addAppender(appender);
            logger.setLevel(level);
            logger.setAdditive(false);
        }

        static LogCapture attach(Level level) {
            return new LogCapture(level);
        }

        List<ILoggingEvent> events() {
            return new ArrayList<>(appender.list);
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            appender.stop();
            logger.setLevel(originalLevel);
            logger.setAdditive(originalAdditive);
        }
    }
}
