package io.queryhound.internal.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;
import io.queryhound.StatementStatistics;
import io.queryhound.StatementStatistics.Period;
import io.queryhound.internal.export.InMemoryExporter;
import io.queryhound.internal.export.StatisticsJson;
import org.HdrHistogram.Histogram;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Statistics end to end: a real H2 database behind a wrapped DataSource, an engine writing to an
 * {@link InMemoryExporter}, and time that only moves when the test moves it.
 *
 * <p>Elapsed times are exact: the engine's ticker reads a per-thread test clock, and the SQL
 * function {@code ADVANCE(nanos)} (an H2 alias, which H2 in-memory runs on the calling thread,
 * inside the execution the capture is timing) moves that clock forward. A statement that calls
 * {@code ADVANCE(5000000)} once therefore takes exactly 5 ms as QueryHound sees it; a statement
 * that does not call it takes 0.
 */
public class StatisticsReporterTest {

    private static final ThreadLocal<long[]> TEST_NANOS = ThreadLocal.withInitial(() -> new long[1]);

    /** Called by H2 through the ADVANCE alias: moves this thread's test clock. */
    public static long advance(long nanos) {
        TEST_NANOS.get()[0] += nanos;
        return nanos;
    }

    private static long ticker() {
        return TEST_NANOS.get()[0];
    }

    private static final String TIMED = "SELECT ADVANCE(?) AS ELAPSED";
    private static final String OTHER = "SELECT ADVANCE(?) AS OTHER_ELAPSED";
    private static final String ITEMS = "SELECT ID, V FROM ITEMS ORDER BY ID";
    private static final String INSERT = "INSERT INTO ITEMS(ID, V) VALUES (?, ADVANCE(?))";
    private static final String MISSING = "SELECT * FROM NO_SUCH_TABLE";

    private static final long MS = 1_000_000L;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final List<QueryHoundEngine> engines = new ArrayList<>();
    private JdbcDataSource database;
    private int nextId = 1_000;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:stats-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        // Set up unwrapped, so none of this is reported.
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ALIAS ADVANCE FOR '" + StatisticsReporterTest.class.getName() + ".advance'");
            statement.execute("CREATE TABLE ITEMS(ID INT PRIMARY KEY, V BIGINT)");
            for (int i = 1; i <= 7; i++) {
                statement.execute("INSERT INTO ITEMS VALUES (" + i + ", 0)");
            }
        }
    }

    @AfterEach
    void closeEnginesAndDatabase() throws SQLException {
        engines.forEach(QueryHoundEngine::close);
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    // ---------------------------------------------------------------- intervals

    @Test
    void intervalRecordsContainOnlyTheStatementsExecutedInThatInterval() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource dataSource = engine.wrap(database);
        Instant started = clock.instant();

        timed(dataSource, TIMED, 1 * MS, 2 * MS, 3 * MS);
        clock.advance(Duration.ofSeconds(60));
        engine.reportStatistics();
        List<StatementStatistics> first = exporter.statistics();

        exporter.clear();
        timed(dataSource, OTHER, 4 * MS, 4 * MS);
        clock.advance(Duration.ofSeconds(60));
        engine.reportStatistics();
        List<StatementStatistics> second = exporter.statistics();

        exporter.clear();
        clock.advance(Duration.ofSeconds(60));
        engine.reportStatistics();
        List<StatementStatistics> third = exporter.statistics();

        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.fingerprint()).isEqualTo(fingerprint(TIMED));
            assertThat(r.period()).isEqualTo(Period.INTERVAL);
            assertThat(r.count()).isEqualTo(3);
            assertThat(r.totalMillis()).isEqualTo(6.0);
            assertThat(r.start()).isEqualTo(started);
            assertThat(r.end()).isEqualTo(started.plusSeconds(60));
        });
        assertThat(second).singleElement().satisfies(r -> {
            assertThat(r.fingerprint()).isEqualTo(fingerprint(OTHER));
            assertThat(r.count()).isEqualTo(2);
            assertThat(r.totalMillis()).isEqualTo(8.0);
            assertThat(r.start()).as("an interval starts where the previous one ended").isEqualTo(started.plusSeconds(60));
            assertThat(r.end()).isEqualTo(started.plusSeconds(120));
        });
        assertThat(third).as("nothing ran in the third interval").isEmpty();
    }

    @Test
    void recordsCarryTheFingerprintTemplateAndKind() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource dataSource = engine.wrap(database);

        timed(dataSource, TIMED, MS);
        insert(dataSource, 200, MS);
        engine.reportStatistics();

        StatementStatistics select = only(exporter.statistics(), TIMED);
        assertThat(select.sql()).isEqualTo(fingerprint(TIMED).template());
        assertThat(select.statementType()).isEqualTo(StatementKind.SELECT);
        StatementStatistics insert = only(exporter.statistics(), INSERT);
        assertThat(insert.statementType()).isEqualTo(StatementKind.INSERT);
    }

    @Test
    void recordsOfAReportAreOrderedSlowestTotalFirst() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource dataSource = engine.wrap(database);

        timed(dataSource, TIMED, MS);
        timed(dataSource, OTHER, 10 * MS);
        readAll(dataSource, ITEMS);
        engine.reportStatistics();

        assertThat(exporter.statistics()).extracting(StatementStatistics::fingerprint)
                .containsExactly(fingerprint(OTHER), fingerprint(TIMED), fingerprint(ITEMS));
    }

    // ---------------------------------------------------------------- counters

    @Test
    void countsErrorsRowsAndBatchedStatements() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource dataSource = engine.wrap(database);

        // 3 executions reading all 7 rows.
        for (int i = 0; i < 3; i++) {
            assertThat(readAll(dataSource, ITEMS)).isEqualTo(7);
        }
        // Two failures of the application's own making: the driver's exception reaches it unchanged.
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> {
                try (Connection connection = dataSource.getConnection();
                     Statement statement = connection.createStatement()) {
                    statement.executeQuery(MISSING);
                }
            }).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42S02"))
                    .hasMessageContaining("NO_SUCH_TABLE");
        }
        // A duplicate key: one execution of the insert fails, two succeed.
        insert(dataSource, 100, MS);
        insert(dataSource, 101, MS);
        assertThatThrownBy(() -> insert(dataSource, 100, MS))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(23505));
        // Two batches of 5 and 3 rows: two executions carrying 8 statements.
        assertThat(batchInsert(dataSource, 5, MS)).hasSize(5);
        assertThat(batchInsert(dataSource, 3, MS)).hasSize(3);
        engine.reportStatistics();

        List<StatementStatistics> records = exporter.statistics();
        StatementStatistics items = only(records, ITEMS);
        assertThat(items.count()).isEqualTo(3);
        assertThat(items.rows()).isEqualTo(21);
        assertThat(items.errors()).isZero();
        assertThat(items.batchedStatements()).isZero();

        StatementStatistics missing = only(records, MISSING);
        assertThat(missing.count()).isEqualTo(2);
        assertThat(missing.errors()).isEqualTo(2);
        assertThat(missing.rows()).isZero();

        StatementStatistics insert = only(records, INSERT);
        assertThat(insert.count()).as("3 single inserts and 2 batches").isEqualTo(5);
        assertThat(insert.errors()).isEqualTo(1);
        assertThat(insert.batchedStatements()).isEqualTo(8);
        // The batches took 8 x 1 ms and the two successful inserts 1 ms each; whether the failed one
        // evaluated ADVANCE before H2 found the duplicate key is H2's business, so it may add 1 ms.
        assertThat(insert.totalMillis()).isBetween(8.0 + 2.0, 8.0 + 3.0);
        assertThat(records).hasSize(3);
    }

    @Test
    void rowsAreCountedWhenAResultIsReadToItsEndOrClosed() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource dataSource = engine.wrap(database);

        try (Connection connection = dataSource.getConnection()) {
            // Read to the end, closed only afterwards: 7 rows, counted once.
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery(ITEMS)) {
                while (result.next()) {
                    // read every row
                }
                assertThat(result.next()).isFalse();
            }
            // 3 rows read, then closed: 3 rows.
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery(ITEMS)) {
                for (int i = 0; i < 3; i++) {
                    assertThat(result.next()).isTrue();
                }
            }
            // execute() then getResultSet(): 7 rows.
            try (Statement statement = connection.createStatement()) {
                assertThat(statement.execute(ITEMS)).isTrue();
                try (ResultSet result = statement.getResultSet()) {
                    while (result.next()) {
                        // read every row
                    }
                }
            }
            // 2 rows read and left open across the report: counted in the interval it is closed in.
            Statement open = connection.createStatement();
            ResultSet pending = open.executeQuery(ITEMS);
            assertThat(pending.next()).isTrue();
            assertThat(pending.next()).isTrue();

            engine.reportStatistics();
            StatementStatistics first = only(exporter.statistics(), ITEMS);
            assertThat(first.count()).isEqualTo(4);
            assertThat(first.rows()).isEqualTo(7 + 3 + 7);

            exporter.clear();
            pending.close();
            open.close();
            engine.reportStatistics();
            StatementStatistics second = only(exporter.statistics(), ITEMS);
            assertThat(second.count()).isZero();
            assertThat(second.rows()).isEqualTo(2);
        }
    }

    // ---------------------------------------------------------------- latency

    @Test
    void percentilesEqualTheKnownElapsedTimesWithinHdrHistogramPrecision() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource dataSource = engine.wrap(database);
        List<Long> elapsed = IntStream.rangeClosed(1, 100).mapToObj(i -> i * MS).collect(Collectors.toList());
        Collections.shuffle(elapsed, new Random(42));

        timed(dataSource, TIMED, elapsed.stream().mapToLong(Long::longValue).toArray());
        engine.reportStatistics();

        StatementStatistics record = only(exporter.statistics(), TIMED);
        assertThat(record.count()).isEqualTo(100);
        assertThat(record.totalMillis()).as("the total is exact, not binned").isEqualTo(5050.0);
        assertThat(record.p50Millis()).isCloseTo(50.0, withinPercentage(1));
        assertThat(record.p95Millis()).isCloseTo(95.0, withinPercentage(1));
        assertThat(record.p99Millis()).isCloseTo(99.0, withinPercentage(1));
        assertThat(record.maxMillis()).isCloseTo(100.0, withinPercentage(1));
        assertThat(record.p50Millis()).isLessThanOrEqualTo(record.p95Millis());
        assertThat(record.p95Millis()).isLessThanOrEqualTo(record.p99Millis());
        assertThat(record.p99Millis()).isLessThanOrEqualTo(record.maxMillis());
    }

    @Test
    void subMillisecondLatenciesKeepMicrosecondResolution() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource dataSource = engine.wrap(database);

        timed(dataSource, TIMED, 37_000, 37_000, 37_000, 150_000);
        engine.reportStatistics();

        StatementStatistics record = only(exporter.statistics(), TIMED);
        assertThat(record.p50Millis()).isCloseTo(0.037, withinPercentage(1));
        assertThat(record.maxMillis()).isCloseTo(0.150, withinPercentage(1));
        assertThat(record.totalMillis()).isEqualTo(0.261);
    }

    @Test
    void histogramDecodesWithTheRecordsCountAndMax() throws Exception {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource dataSource = engine.wrap(database);

        timed(dataSource, TIMED, 2 * MS, 3 * MS, 5 * MS, 7 * MS, 11 * MS, 13 * MS, 250 * MS);
        engine.reportStatistics();

        StatementStatistics record = only(exporter.statistics(), TIMED);
        Histogram histogram = decode(record.histogram());
        assertThat(histogram.getTotalCount()).isEqualTo(record.count()).isEqualTo(7);
        assertThat(histogram.getMaxValue()).isEqualTo(Math.round(record.maxMillis() * 1000));
        assertThat(histogram.getMaxValue()).isCloseTo(250_000L, withinPercentage(1));
        assertThat(histogram.getMinValue()).isCloseTo(2_000L, withinPercentage(1));
        assertThat(histogram.getValueAtPercentile(50)).isEqualTo(Math.round(record.p50Millis() * 1000));
        assertThat(histogram.getValueAtPercentile(99)).isEqualTo(Math.round(record.p99Millis() * 1000));
    }

    @Test
    void histogramOfAStatementWithNoTimedExecutionsInTheIntervalIsEmptyButValid() throws Exception {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource dataSource = engine.wrap(database);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            ResultSet result = statement.executeQuery(ITEMS);
            engine.reportStatistics();
            exporter.clear();
            while (result.next()) {
                // rows arrive in the next interval
            }
            engine.reportStatistics();
        }

        StatementStatistics record = only(exporter.statistics(), ITEMS);
        assertThat(record.count()).isZero();
        assertThat(record.rows()).isEqualTo(7);
        assertThat(record.p50Millis()).isZero();
        assertThat(record.maxMillis()).isZero();
        assertThat(decode(record.histogram()).getTotalCount()).isZero();
    }

    // ---------------------------------------------------------------- summary

    @Test
    void summaryAfterCloseCoversEveryInterval() throws Exception {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource dataSource = engine.wrap(database);
        Instant started = clock.instant();

        timed(dataSource, TIMED, 1 * MS, 2 * MS);
        readAll(dataSource, ITEMS);
        clock.advance(Duration.ofSeconds(60));
        engine.reportStatistics();

        timed(dataSource, TIMED, 30 * MS);
        batchInsert(dataSource, 4, MS);
        clock.advance(Duration.ofSeconds(60));
        engine.reportStatistics();

        // Runs after the last report: only the final interval written by close() has it.
        timed(dataSource, TIMED, 4 * MS, 5 * MS, 6 * MS);
        readAll(dataSource, ITEMS);
        insert(dataSource, 500, 2 * MS);
        clock.advance(Duration.ofSeconds(30));
        engine.close();

        assertThat(exporter.isClosed()).isTrue();
        List<StatementStatistics> all = exporter.statistics();
        List<StatementStatistics> intervals = all.stream().filter(r -> r.period() == Period.INTERVAL)
                .collect(Collectors.toList());
        List<StatementStatistics> summaries = all.stream().filter(r -> r.period() == Period.SUMMARY)
                .collect(Collectors.toList());
        assertThat(summaries).hasSize(3);
        assertThat(all.subList(all.size() - summaries.size(), all.size()))
                .as("the summary comes after the last interval").isEqualTo(summaries);

        for (StatementStatistics summary : summaries) {
            List<StatementStatistics> parts = intervals.stream()
                    .filter(r -> r.fingerprint().equals(summary.fingerprint())).collect(Collectors.toList());
            assertThat(summary.start()).isEqualTo(started);
            assertThat(summary.end()).isEqualTo(started.plusSeconds(150));
            assertThat(summary.count()).isEqualTo(parts.stream().mapToLong(StatementStatistics::count).sum());
            assertThat(summary.errors()).isEqualTo(parts.stream().mapToLong(StatementStatistics::errors).sum());
            assertThat(summary.rows()).isEqualTo(parts.stream().mapToLong(StatementStatistics::rows).sum());
            assertThat(summary.batchedStatements())
                    .isEqualTo(parts.stream().mapToLong(StatementStatistics::batchedStatements).sum());
            assertThat(summary.totalMillis())
                    .isCloseTo(parts.stream().mapToDouble(StatementStatistics::totalMillis).sum(), withinPercentage(0.0001));
            Histogram merged = new Histogram(2);
            for (StatementStatistics part : parts) {
                merged.add(decode(part.histogram()));
            }
            Histogram summaryHistogram = decode(summary.histogram());
            assertThat(summaryHistogram.getTotalCount()).isEqualTo(summary.count()).isEqualTo(merged.getTotalCount());
            assertThat(summaryHistogram.getMaxValue()).isEqualTo(merged.getMaxValue());
        }

        StatementStatistics timed = only(summaries, TIMED);
        assertThat(timed.count()).isEqualTo(6);
        assertThat(timed.totalMillis()).isEqualTo(48.0);
        assertThat(timed.maxMillis()).isCloseTo(30.0, withinPercentage(1));
        List<StatementStatistics> firstInterval = intervals.stream()
                .filter(r -> r.end().equals(started.plusSeconds(60))).collect(Collectors.toList());
        assertThat(only(firstInterval, TIMED).maxMillis()).isCloseTo(2.0, withinPercentage(1));
        StatementStatistics items = only(summaries, ITEMS);
        assertThat(items.count()).isEqualTo(2);
        assertThat(items.rows()).as("7 rows, then 7 + the 4 batch-inserted ones").isEqualTo(7 + 11);
        StatementStatistics insert = only(summaries, INSERT);
        assertThat(insert.count()).isEqualTo(2);
        assertThat(insert.batchedStatements()).isEqualTo(4);
        assertThat(insert.totalMillis()).isEqualTo(6.0);
        assertThat(intervals.stream().filter(r -> r.end().equals(started.plusSeconds(150))).count())
                .as("close() wrote the last interval, with all three statements").isEqualTo(3);
    }

    @Test
    void summariesOfTwoEnginesMergeIntoTheCombinedHistogram() throws Exception {
        InMemoryExporter firstExporter = new InMemoryExporter();
        QueryHoundEngine first = engine(firstExporter);
        long[] firstElapsed = LongStreams.range(1, 10, MS);
        timed(first.wrap(database), TIMED, firstElapsed);
        first.close();

        InMemoryExporter secondExporter = new InMemoryExporter();
        QueryHoundEngine second = engine(secondExporter);
        long[] secondElapsed = LongStreams.range(100, 200, MS);
        timed(second.wrap(database), TIMED, secondElapsed);
        second.close();

        StatementStatistics a = only(summaries(firstExporter), TIMED);
        StatementStatistics b = only(summaries(secondExporter), TIMED);
        assertThat(a.fingerprint()).as("the same statement in two engines").isEqualTo(b.fingerprint());
        Histogram merged = new Histogram(2);
        merged.add(decode(a.histogram()));
        merged.add(decode(b.histogram()));

        assertThat(merged.getTotalCount()).isEqualTo(firstElapsed.length + secondElapsed.length)
                .isEqualTo(a.count() + b.count());
        assertThat(merged.getMaxValue()).isCloseTo(200_000L, withinPercentage(1));
        assertThat(merged.getMinValue()).isCloseTo(1_000L, withinPercentage(1));
        // 10 values of 1..10 ms and 101 values of 100..200 ms: the median is the 56th value, 145 ms.
        assertThat(merged.getValueAtPercentile(50)).isCloseTo(145_000L, withinPercentage(1));
    }

    @Test
    void closeIsIdempotentAndQueriesKeepWorkingAfterIt() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        DataSource dataSource = engine.wrap(database);
        timed(dataSource, TIMED, MS);

        engine.close();
        List<StatementStatistics> afterFirstClose = exporter.statistics();
        assertThat(afterFirstClose).extracting(StatementStatistics::period)
                .containsExactly(Period.INTERVAL, Period.SUMMARY);
        assertThat(engine.isClosed()).isTrue();
        assertThat(exporter.isClosed()).isTrue();

        engine.close();
        engine.reportStatistics();
        assertThat(timed(dataSource, TIMED, MS, MS)).as("the application's queries still run").isEqualTo(2);
        engine.reportStatistics();
        engine.close();

        assertThat(exporter.statistics()).isEqualTo(afterFirstClose);
    }

    @Test
    void anEngineThatRanNothingWritesNothing() {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        engine.wrap(database);
        engine.reportStatistics();
        engine.close();

        assertThat(exporter.statistics()).isEmpty();
        assertThat(exporter.isClosed()).isTrue();
    }

    // ---------------------------------------------------------------- bounds

    @Test
    void beyondMaxStatementsExecutionsAreCountedUnderTheOverflowEntry() throws Exception {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = QueryHound.builder()
                .exporter(exporter)
                .ticker(StatisticsReporterTest::ticker)
                .clock(clock)
                .shutdownHook(false)
                .statsIntervalSeconds(3600)
                .maxStatements(3)
                .build();
        engines.add(engine);
        DataSource dataSource = engine.wrap(database);

        int executions = 0;
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String sql = "SELECT ADVANCE(?) AS C" + i;
            statements.add(sql);
            long[] elapsed = new long[i + 1];
            java.util.Arrays.fill(elapsed, MS);
            executions += timed(dataSource, sql, elapsed);
        }
        // A statement that already has its own entry keeps it when the table is full.
        executions += timed(dataSource, statements.get(0), MS);
        engine.reportStatistics();

        assertThat(engine.trackedStatements()).isEqualTo(3);
        List<StatementStatistics> records = exporter.statistics();
        assertThat(records).hasSize(4);
        assertThat(records.stream().mapToLong(StatementStatistics::count).sum()).isEqualTo(executions).isEqualTo(56);
        assertThat(only(records, statements.get(0)).count()).isEqualTo(2);
        assertThat(only(records, statements.get(1)).count()).isEqualTo(2);
        assertThat(only(records, statements.get(2)).count()).isEqualTo(3);
        StatementStatistics overflow = records.stream()
                .filter(r -> r.fingerprint().equals(StatisticsTable.OVERFLOW)).findFirst().orElseThrow();
        assertThat(overflow.count()).isEqualTo(4 + 5 + 6 + 7 + 8 + 9 + 10);
        assertThat(overflow.sql()).isEqualTo(StatisticsTable.OVERFLOW.template());
        assertThat(overflow.totalMillis()).isEqualTo(49.0);
        assertThat(decode(overflow.histogram()).getTotalCount()).isEqualTo(49);
        assertThat(overflow.rows()).as("each execution read its one row").isEqualTo(49);
        // Documented as executions plus row reports that went to the overflow entry.
        assertThat(engine.recorder().statistics().overflowCount()).isEqualTo(49 + 49);
    }

    @Test
    void longTemplatesAreTruncatedToMaxSqlLength() throws SQLException {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = QueryHound.builder()
                .exporter(exporter)
                .ticker(StatisticsReporterTest::ticker)
                .clock(clock)
                .shutdownHook(false)
                .statsIntervalSeconds(3600)
                .set("maxSqlLength", "64")
                .build();
        engines.add(engine);
        String sql = "SELECT ADVANCE(?) AS A_COLUMN_ALIAS_THAT_IS_LONG_ENOUGH_TO_PUSH_THE_TEMPLATE_PAST_THE_LIMIT";
        timed(engine.wrap(database), sql, MS);
        engine.reportStatistics();

        StatementStatistics record = only(exporter.statistics(), sql);
        String template = fingerprint(sql).template();
        assertThat(template.length()).isGreaterThan(64);
        assertThat(record.sql()).isEqualTo(template.substring(0, 64) + "...");
        assertThat(record.fingerprint().template()).as("the fingerprint keeps the whole template").isEqualTo(template);
    }

    @Test
    void recordsSurviveTheJsonForm() throws Exception {
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = engine(exporter);
        timed(engine.wrap(database), TIMED, 3 * MS, 1_234_567);
        engine.close();

        ObjectMapper json = new ObjectMapper();
        for (StatementStatistics record : exporter.statistics()) {
            JsonNode node = json.readTree(StatisticsJson.toJson(record));
            assertThat(node.get("count").longValue()).isEqualTo(record.count());
            assertThat(node.get("fingerprint").textValue()).isEqualTo(record.fingerprint().id());
            assertThat(node.get("totalMillis").decimalValue()).isEqualByComparingTo("4.235");
            assertThat(node.get("histogram").textValue()).isEqualTo(record.histogram());
        }
    }

    // ---------------------------------------------------------------- workload helpers

    private QueryHoundEngine engine(InMemoryExporter exporter) {
        QueryHoundEngine engine = QueryHound.builder()
                .exporter(exporter)
                .ticker(StatisticsReporterTest::ticker)
                .clock(clock)
                .shutdownHook(false)
                .statsIntervalSeconds(3600)
                .maxStatements(1000)
                .set("maxSqlLength", "2000")
                .build();
        engines.add(engine);
        return engine;
    }

    /** Executes {@code sql} (one ADVANCE parameter) once per element, each taking exactly that many ns. */
    private static int timed(DataSource dataSource, String sql, long... elapsedNanos) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (long nanos : elapsedNanos) {
                statement.setLong(1, nanos);
                try (ResultSet result = statement.executeQuery()) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getLong(1)).isEqualTo(nanos);
                }
            }
        }
        return elapsedNanos.length;
    }

    private static int readAll(DataSource dataSource, String sql) throws SQLException {
        int rows = 0;
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows++;
            }
        }
        return rows;
    }

    private void insert(DataSource dataSource, int id, long elapsedNanos) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setInt(1, id);
            statement.setLong(2, elapsedNanos);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    /** One executeBatch of {@code size} inserts, each taking {@code elapsedNanos}. */
    private int[] batchInsert(DataSource dataSource, int size, long elapsedNanos) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (int i = 0; i < size; i++) {
                statement.setInt(1, nextId++);
                statement.setLong(2, elapsedNanos);
                statement.addBatch();
            }
            return statement.executeBatch();
        }
    }

    private static StatementStatistics only(List<StatementStatistics> records, String sql) {
        SqlFingerprint fingerprint = fingerprint(sql);
        List<StatementStatistics> matching = records.stream().filter(r -> r.fingerprint().equals(fingerprint))
                .collect(Collectors.toList());
        assertThat(matching).as("records of %s among %s", fingerprint, records).hasSize(1);
        return matching.get(0);
    }

    private static List<StatementStatistics> summaries(InMemoryExporter exporter) {
        return exporter.statistics().stream().filter(r -> r.period() == Period.SUMMARY).collect(Collectors.toList());
    }

    private static SqlFingerprint fingerprint(String sql) {
        return SqlFingerprint.of(sql, SqlDialect.H2);
    }

    private static Histogram decode(String base64) throws java.util.zip.DataFormatException {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    }

    /** Inclusive ranges of whole milliseconds as nanoseconds. */
    private static final class LongStreams {
        static long[] range(long fromMs, long toMs, long unitNanos) {
            return java.util.stream.LongStream.rangeClosed(fromMs, toMs).map(ms -> ms * unitNanos).toArray();
        }
    }

    /** A wall clock that moves only when told to. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
