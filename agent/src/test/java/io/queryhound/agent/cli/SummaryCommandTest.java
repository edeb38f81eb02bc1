package io.queryhound.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.SqlFingerprint;
import org.HdrHistogram.Histogram;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The summary command against a file that a real QueryHound engine wrote while a real (H2)
 * database served an N+1 loop: what the command prints is checked against what the test executed
 * and against the records in the file.
 */
class SummaryCommandTest {

    private static final int REQUESTS = 3;
    private static final int ORDERS = 4;
    private static final String ORDERS_SQL = "select id, customer_id from orders order by id";
    private static final String CUSTOMER_SQL = "select name from customer where id = ?";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path output;
    private static List<String> lines;

    @BeforeAll
    static void serveRequestsWithAnNPlusOneLoop() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:cli-summary;DB_CLOSE_DELAY=-1");
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table customer (id int primary key, name varchar(50))");
            statement.execute("create table orders (id int primary key, customer_id int)");
            for (int i = 1; i <= ORDERS; i++) {
                statement.execute("insert into customer values (" + i + ", 'customer " + i + "')");
                statement.execute("insert into orders values (" + (100 + i) + ", " + i + ")");
            }
        }

        output = dir.resolve("logs/queryhound.jsonl");
        QueryHoundEngine engine = QueryHound.builder()
                .output(output.toString())
                .statsIntervalSeconds(3600)
                .shutdownHook(false)
                // H2's first statements can take 100 ms on a busy machine; only the loop is under test.
                .set("slowQueryMillis", "60000")
                .build();
        DataSource dataSource = engine.wrap(h2);
        for (int request = 0; request < REQUESTS; request++) {
            try (Scope scope = engine.scope("GET /orders"); Connection connection = dataSource.getConnection()) {
                assertThat(customerNamesOfRecentOrders(connection)).hasSize(ORDERS);
                assertThat(scope.queryCount()).isEqualTo(1 + ORDERS);
            }
            // One statistics interval per request, so that there are intervals to merge.
            engine.reportStatistics();
        }
        engine.close();
        lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    }

    /** The loop under test: one lookup per order row. */
    private static List<String> customerNamesOfRecentOrders(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement orders = connection.createStatement(); ResultSet rows = orders.executeQuery(ORDERS_SQL)) {
            while (rows.next()) {
                try (PreparedStatement lookup = connection.prepareStatement(CUSTOMER_SQL)) {
                    lookup.setInt(1, rows.getInt("customer_id"));
                    try (ResultSet customer = lookup.executeQuery()) {
                        customer.next();
                        names.add(customer.getString(1));
                    }
                }
            }
        }
        return names;
    }

    @Test
    void theEngineWroteOneFindingAndOneSummaryOfItsRepeats() throws IOException {
        // The premise of the tests below, as docs/findings.md describes it: the first request's loop
        // is a finding, the two repeats are one findingSummary written at close.
        List<JsonNode> findings = nPlusOne("finding");
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).get("count").asLong()).isEqualTo(ORDERS);
        List<JsonNode> repeats = nPlusOne("findingSummary");
        assertThat(repeats).hasSize(1);
        assertThat(repeats.get(0).get("occurrences").asLong()).isEqualTo(REQUESTS - 1);
        assertThat(repeats.get(0).get("count").asLong()).isEqualTo((REQUESTS - 1) * ORDERS);
    }

    @Test
    void findingsTableAddsTheFirstOccurrenceAndItsRepeats() throws IOException {
        CliRun run = CliRun.of("summary", output.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode finding = nPlusOne("finding").get(0);
        JsonNode repeats = nPlusOne("findingSummary").get(0);

        List<String[]> rows = table(run.out(), "Findings:").stream()
                .filter(row -> row[0].equals("N_PLUS_ONE"))
                .collect(Collectors.toList());
        assertThat(rows).as(run.out()).hasSize(1);
        assertThat(rows.get(0)).as(run.out()).containsExactly(
                "N_PLUS_ONE",
                "warning",
                Integer.toString(REQUESTS),
                Integer.toString(REQUESTS * ORDERS),
                millis(finding.get("totalMillis").asDouble() + repeats.get("totalMillis").asDouble()),
                "GET /orders",
                CUSTOMER_SQL,
                finding.get("callSite").isNull() ? "-" : finding.get("callSite").asText());

        List<String> notes = notesUnder(run.out(), "N_PLUS_ONE");
        assertThat(notes).as(run.out()).containsExactly(
                "driven by: " + ORDERS_SQL + " (" + ORDERS + " rows)" + callSiteSuffix(finding.get("trigger")),
                "suggestion: " + finding.get("suggestion").asText(),
                "rewrite: select name from customer where id in (?)");
        assertThat(finding.get("suggestion").asText()).contains(Integer.toString(ORDERS));
    }

    @Test
    void statementsTableComesFromTheSummaryRecordsSlowestFirst() throws IOException {
        CliRun run = CliRun.of("summary", output.toString());

        assertThat(run.out()).contains("Statements by total time: 2, from 2 summary records");
        List<String[]> rows = table(run.out(), "Statements by total time:");
        assertThat(rows).as(run.out()).hasSize(2);

        String customerId = SqlFingerprint.of(CUSTOMER_SQL).id();
        String ordersId = SqlFingerprint.of(ORDERS_SQL).id();
        JsonNode customer = summaryOf(customerId);
        JsonNode orders = summaryOf(ordersId);
        // count, total ms, p50, p95, p99, max, rows, errors, fingerprint, sql
        assertThat(rowFor(rows, customerId)).as(run.out()).containsExactly(
                Integer.toString(REQUESTS * ORDERS),
                millis(customer.get("totalMillis").asDouble()),
                millis(customer.get("p50Millis").asDouble()),
                millis(customer.get("p95Millis").asDouble()),
                millis(customer.get("p99Millis").asDouble()),
                millis(customer.get("maxMillis").asDouble()),
                Integer.toString(REQUESTS * ORDERS),
                "0",
                customerId,
                CUSTOMER_SQL);
        assertThat(rowFor(rows, ordersId)).as(run.out()).containsExactly(
                Integer.toString(REQUESTS),
                millis(orders.get("totalMillis").asDouble()),
                millis(orders.get("p50Millis").asDouble()),
                millis(orders.get("p95Millis").asDouble()),
                millis(orders.get("p99Millis").asDouble()),
                millis(orders.get("maxMillis").asDouble()),
                Integer.toString(REQUESTS * ORDERS),
                "0",
                ordersId,
                ORDERS_SQL);

        double first = Double.parseDouble(rows.get(0)[1]);
        double second = Double.parseDouble(rows.get(1)[1]);
        assertThat(first).as("slowest total first").isGreaterThanOrEqualTo(second);
        assertThat(run.out()).doesNotContain("skipped");
    }

    @Test
    void scopesTableShowsStatementsPerRequestFromTheScopeSummary() throws IOException {
        CliRun run = CliRun.of("summary", output.toString());

        assertThat(run.out()).contains("Scopes by total time: 1, from summary records");
        List<String[]> rows = table(run.out(), "Scopes by total time:");
        assertThat(rows).as(run.out()).hasSize(1);
        JsonNode scope = records("scopeStatistics").stream()
                .filter(r -> r.get("period").asText().equals("summary"))
                .findFirst().orElseThrow();
        // count, statements/scope, max statements, sql ms, total ms, p50, p95, max, kind, scope
        assertThat(rows.get(0)).as(run.out()).containsExactly(
                Integer.toString(REQUESTS),
                String.format(Locale.ROOT, "%.1f", (double) (1 + ORDERS)),
                Integer.toString(1 + ORDERS),
                millis(scope.get("sqlMillis").asDouble()),
                millis(scope.get("totalMillis").asDouble()),
                millis(scope.get("p50Millis").asDouble()),
                millis(scope.get("p95Millis").asDouble()),
                millis(scope.get("maxMillis").asDouble()),
                "explicit",
                "GET /orders");
    }

    @Test
    void documentedSampleIsSortedByOccurrencesAndNamesItsCallSites() throws IOException {
        // The sample of docs/findings.md: a demo run with call sites in application code (this test's
        // own frames are in io.queryhound.agent, which QueryHound never names as a call site).
        Path file = Files.writeString(dir.resolve("documented.jsonl"), DOCUMENTED_SAMPLE, StandardCharsets.UTF_8);

        CliRun run = CliRun.of("summary", file.toString());

        List<String[]> rows = table(run.out(), "Findings:");
        assertThat(rows).as(run.out()).hasSize(4);
        // 1 finding + 2 repeats; 26 + 52 executions; 452.807 + 284.215 ms
        assertThat(rows.get(0)).containsExactly("N_PLUS_ONE", "warning", "3", "78", "737.022",
                "GET /customers/{id}/orders", "select product, quantity from order_line where order_id = ?",
                "io.queryhound.demo.QuickStart.ordersWithLines(QuickStart.java:110)");
        assertThat(rows.get(1)).containsExactly("N_PLUS_ONE", "warning", "1", "50", "24.757",
                "io.queryhound.demo.QuickStart.main()", "select name from customer where id = ?",
                "io.queryhound.demo.QuickStart.recentOrdersWithCustomerNames(QuickStart.java:93)");
        assertThat(rows.get(2)[0] + " " + rows.get(2)[3]).isEqualTo("N_PLUS_ONE 3");
        // An opportunity (info) comes after every warning, although it has the most executions.
        assertThat(rows.get(3)[0] + " " + rows.get(3)[1] + " " + rows.get(3)[3]).isEqualTo("BATCHABLE_DML info 100");
        assertThat(notesUnder(run.out(), "(QuickStart.java:110)")).containsExactly(
                "driven by: select id, total from orders where customer_id = ? (26 rows) at "
                        + "io.queryhound.demo.QuickStart.ordersWithLines(QuickStart.java:107)",
                "suggestion: Run it once for all 26 keys: collect them from the driving result and bind them "
                        + "to the IN list of the rewrite.",
                "rewrite: select product, quantity from order_line where order_id in (?)");
        assertThat(notesUnder(run.out(), "BATCHABLE_DML")).isEmpty();
        assertThat(run.out()).contains("Statements: no statistics records");
    }

    @Test
    void slowConnectionsAreGroupedByDataSourceAndOtherFindingsAreNot() throws IOException {
        // docs/findings.md: a SLOW_CONNECTION has no statement and no call site, so its data source
        // tells two apart; every finding line names a data source, but only SLOW_CONNECTION
        // summaries do, so for other types it must not split a finding from its repeats.
        String common = "\"schema\":1,\"timestamp\":\"2026-11-21T20:20:26.987Z\",\"severity\":\"warning\",";
        String connection = "\"type\":\"SLOW_CONNECTION\",\"fingerprint\":null,\"statementType\":null,\"sql\":null,"
                + "\"callSite\":null,";
        String loop = "\"type\":\"N_PLUS_ONE\",\"fingerprint\":\"57c4690b370f5a73\",\"statementType\":\"SELECT\","
                + "\"sql\":\"" + CUSTOMER_SQL + "\",\"callSite\":\"com.acme.Orders.list(Orders.java:40)\",";
        Path file = Files.write(dir.resolve("connections.jsonl"), List.of(
                "{" + common + connection + "\"record\":\"finding\",\"scope\":\"GET /orders\",\"dataSource\":\"shop\","
                        + "\"count\":1,\"failed\":0,\"totalMillis\":110.881,\"maxMillis\":110.881,\"threshold\":50}",
                "{" + common + connection + "\"record\":\"finding\",\"scope\":\"nightly-report\",\"dataSource\":\"reports\","
                        + "\"count\":1,\"failed\":0,\"totalMillis\":60.5,\"maxMillis\":60.5,\"threshold\":50}",
                "{" + common + loop + "\"record\":\"finding\",\"scope\":\"GET /orders\",\"dataSource\":\"shop\","
                        + "\"count\":20,\"totalMillis\":10.0,\"maxMillis\":1.0,\"threshold\":3}",
                "{" + common + connection + "\"record\":\"findingSummary\",\"dataSource\":\"shop\",\"occurrences\":2,"
                        + "\"totalOccurrences\":3,\"count\":3,\"failed\":1,\"totalMillis\":5300.5,\"maxMillis\":5000.0,"
                        + "\"lastScope\":\"GET /orders?page=2\"}",
                "{" + common + loop + "\"record\":\"findingSummary\",\"occurrences\":1,\"totalOccurrences\":2,"
                        + "\"count\":20,\"totalMillis\":9.0,\"maxMillis\":1.5,\"lastScope\":\"GET /orders\"}"),
                StandardCharsets.UTF_8);

        CliRun run = CliRun.of("summary", file.toString());

        List<String[]> rows = table(run.out(), "Findings:");
        assertThat(rows).as(run.out()).hasSize(3);
        assertThat(rows.get(0)).containsExactly("SLOW_CONNECTION", "warning", "3", "4", "5411.381",
                "GET /orders, GET /orders?page=2", "(connections of shop)", "-");
        assertThat(rows.get(1)).containsExactly("N_PLUS_ONE", "warning", "2", "40", "19.000",
                "GET /orders", CUSTOMER_SQL, "com.acme.Orders.list(Orders.java:40)");
        assertThat(rows.get(2)).containsExactly("SLOW_CONNECTION", "warning", "1", "1", "60.500",
                "nightly-report", "(connections of reports)", "-");
        assertThat(notesUnder(run.out(), "(connections of shop)"))
                .containsExactly("failed: 1 of the 4 slow acquisitions threw");
        assertThat(notesUnder(run.out(), "(connections of reports)")).isEmpty();
    }

    @Test
    void withoutSummaryRecordsTheIntervalsAreAddedUpAndTheirHistogramsMerged() throws IOException {
        // A file from an application that is still running, or was killed: intervals only.
        List<String> intervalsOnly = lines.stream()
                .filter(line -> !line.contains("\"period\":\"summary\""))
                .collect(Collectors.toList());
        Path file = Files.write(dir.resolve("intervals.jsonl"), intervalsOnly, StandardCharsets.UTF_8);

        CliRun run = CliRun.of("summary", file.toString());

        assertThat(run.out()).as(run.toString())
                .contains("from " + 2 * REQUESTS + " interval records (no summary record");
        String customerId = SqlFingerprint.of(CUSTOMER_SQL).id();
        List<JsonNode> intervals = records("statistics").stream()
                .filter(r -> r.get("period").asText().equals("interval") && r.get("fingerprint").asText().equals(customerId))
                .collect(Collectors.toList());
        assertThat(intervals).hasSize(REQUESTS);
        double intervalMillis = intervals.stream().mapToDouble(r -> r.get("totalMillis").asDouble()).sum();
        // The merged histogram of the intervals is the histogram of the whole run, which the
        // summary record (left out of this file) describes.
        JsonNode summary = summaryOf(customerId);
        String[] row = rowFor(table(run.out(), "Statements by total time:"), customerId);
        assertThat(row).as(run.out()).containsExactly(
                Integer.toString(REQUESTS * ORDERS),
                millis(intervalMillis),
                millis(summary.get("p50Millis").asDouble()),
                millis(summary.get("p95Millis").asDouble()),
                millis(summary.get("p99Millis").asDouble()),
                millis(summary.get("maxMillis").asDouble()),
                Integer.toString(REQUESTS * ORDERS),
                "0",
                customerId,
                CUSTOMER_SQL);
    }

    @Test
    void intervalPercentilesAreMergedFromTheHistogramsNotAveraged() throws IOException {
        // Two intervals of the same statement: 100 executions of 1 ms, then 100 of 9 ms. The true
        // p50 is about 1 ms and the true p99 about 9 ms; averaging the records' p99 would say 5.
        Histogram fast = histogram(100, 1_000);
        Histogram slow = histogram(100, 9_000);
        Path file = Files.write(dir.resolve("merge.jsonl"), List.of(
                statistics("interval", 100, 100.0, fast),
                statistics("interval", 100, 900.0, slow)), StandardCharsets.UTF_8);

        CliRun run = CliRun.of("summary", file.toString());

        Histogram combined = new Histogram(2);
        combined.add(fast);
        combined.add(slow);
        String[] row = rowFor(table(run.out(), "Statements by total time:"), "57c4690b370f5a73");
        assertThat(row).as(run.out()).containsExactly(
                "200", "1000.000",
                millis(combined.getValueAtPercentile(50) / 1000.0),
                millis(combined.getValueAtPercentile(95) / 1000.0),
                millis(combined.getValueAtPercentile(99) / 1000.0),
                millis(slow.getMaxValue() / 1000.0),
                "200", "2", "57c4690b370f5a73", CUSTOMER_SQL);
        assertThat(Double.parseDouble(row[2])).isCloseTo(1.0, within(0.02));
        assertThat(Double.parseDouble(row[4])).isCloseTo(9.0, within(0.1));
    }

    @Test
    void linesThatAreNotRecordsAreCountedAndSkippedWithoutChangingTheTotals() throws IOException {
        List<String> mixed = new ArrayList<>();
        mixed.add(lines.get(0));
        mixed.add("2026-11-21 15:32:24 INFO  Started Application in 2.1 seconds");
        mixed.add("");
        mixed.add("{\"schema\":1,\"record\":\"finding\",\"type\":\"N_PLUS_ONE\""); // cut off by a crash
        mixed.add("{\"level\":\"INFO\",\"message\":\"hello\"}");                       // JSON, not ours
        mixed.add("[1,2,3]");
        // A record with a field of the wrong type must not count at all, not even in part.
        mixed.add(nPlusOne("finding").get(0).toString().replace("\"count\":" + ORDERS, "\"count\":\"four\""));
        mixed.addAll(lines.subList(1, lines.size()));
        Path file = Files.write(dir.resolve("mixed.jsonl"), mixed, StandardCharsets.UTF_8);

        CliRun mixedRun = CliRun.of("summary", file.toString());
        CliRun cleanRun = CliRun.of("summary", output.toString());

        assertThat(mixedRun.exitCode()).as(mixedRun.toString()).isZero();
        assertThat(mixedRun.out()).endsWith(String.format(
                "%n5 lines were not QueryHound records and were skipped (the first is line 2)%n"));
        assertThat(table(mixedRun.out(), "Findings:")).usingRecursiveComparison()
                .isEqualTo(table(cleanRun.out(), "Findings:"));
        assertThat(table(mixedRun.out(), "Statements by total time:")).usingRecursiveComparison()
                .isEqualTo(table(cleanRun.out(), "Statements by total time:"));
    }

    @Test
    void recordsOfAnotherSchemaVersionAreReportedSeparately() throws IOException {
        Path file = Files.write(dir.resolve("future.jsonl"), List.of(
                "{\"schema\":2,\"record\":\"statistics\",\"renamed\":true}",
                "{\"schema\":1,\"record\":\"heartbeat\"}"), StandardCharsets.UTF_8);

        CliRun run = CliRun.of("summary", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Findings: none", "Statements: no statistics records",
                "2 records of a kind or schema version this version does not read were skipped");
        assertThat(run.out()).doesNotContain("not QueryHound records");
    }

    @Test
    void topLimitsEachTable() throws IOException {
        CliRun run = CliRun.of("summary", output.toString(), "--top", "1");

        assertThat(run.out()).contains("Statements by total time: 2 (top 1 shown)");
        assertThat(table(run.out(), "Statements by total time:")).hasSize(1);
        assertThat(CliRun.of("summary", "--top=1", output.toString()).out()).isEqualTo(run.out());
    }

    @Test
    void badTopIsAUsageError() {
        for (String top : new String[] {"0", "-3", "ten"}) {
            CliRun run = CliRun.of("summary", output.toString(), "--top", top);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("--top '" + top + "' is not valid");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void standardInputGivesTheSameTables() throws IOException {
        CliRun fromStdin = CliRun.withInput(String.join("\n", lines), "summary", "-");
        CliRun fromFile = CliRun.of("summary", output.toString());

        assertThat(fromStdin.out()).startsWith("QueryHound summary of standard input: ");
        assertThat(fromStdin.out().substring(fromStdin.out().indexOf(':')))
                .isEqualTo(fromFile.out().substring(fromFile.out().indexOf(':')));
    }

    @Test
    void aMissingFileIsAClearUsageError() {
        Path missing = dir.resolve("no-such.jsonl");

        CliRun run = CliRun.of("summary", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(String.format("queryhound summary: no such file: %s%n", missing.toAbsolutePath()));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aDirectoryOrNoFileIsAUsageError() {
        CliRun directory = CliRun.of("summary", dir.toString());
        assertThat(directory.exitCode()).isEqualTo(2);
        assertThat(directory.err()).contains("is a directory");

        CliRun none = CliRun.of("summary");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("which file?");
    }

    // ---------------------------------------------------------------- helpers

    /** The five lines of "A real sample" in docs/findings.md, verbatim. */
    private static final String DOCUMENTED_SAMPLE = """
            {"schema":1,"record":"finding","timestamp":"2026-11-21T15:32:24.240Z","type":"N_PLUS_ONE","severity":"warning","scope":"GET /customers/{id}/orders","scopeKind":"explicit","scopeId":"2","thread":"io.queryhound.demo.QuickStart.main()","dataSource":"orders","fingerprint":"ef60e5dfeea4e5ba","statementType":"SELECT","sql":"select product, quantity from order_line where order_id = ?","count":26,"distinctParams":26,"totalMillis":452.807,"maxMillis":30.414,"threshold":3,"callSite":"io.queryhound.demo.QuickStart.ordersWithLines(QuickStart.java:110)","stack":["io.queryhound.demo.QuickStart.main(QuickStart.java:55)"],"trigger":{"fingerprint":"fb7670096f314a3a","sql":"select id, total from orders where customer_id = ?","rows":26,"callSite":"io.queryhound.demo.QuickStart.ordersWithLines(QuickStart.java:107)"},"suggestion":"Run it once for all 26 keys: collect them from the driving result and bind them to the IN list of the rewrite.","rewrite":"select product, quantity from order_line where order_id in (?)","message":"N_PLUS_ONE 26x select product, quantity from order_line where order_id = ? at io.queryhound.demo.QuickStart.ordersWithLines(QuickStart.java:110), 26 distinct parameter sets, 452.807 ms total; driven by select id, total from orders where customer_id = ? (26 rows) at io.queryhound.demo.QuickStart.ordersWithLines(QuickStart.java:107); rewrite: select product, quantity from order_line where order_id in (?) [scope GET /customers/{id}/orders] — Run it once for all 26 keys: collect them from the driving result and bind them to the IN list of the rewrite."}
            {"schema":1,"record":"finding","timestamp":"2026-11-21T15:32:24.645Z","type":"N_PLUS_ONE","severity":"warning","scope":"io.queryhound.demo.QuickStart.main()","scopeKind":"implicit","scopeId":"1","thread":"io.queryhound.demo.QuickStart.main()","dataSource":"orders","fingerprint":"57c4690b370f5a73","statementType":"SELECT","sql":"select name from customer where id = ?","count":50,"distinctParams":50,"totalMillis":24.757,"maxMillis":8.579,"threshold":3,"callSite":"io.queryhound.demo.QuickStart.recentOrdersWithCustomerNames(QuickStart.java:93)","stack":["io.queryhound.demo.QuickStart.main(QuickStart.java:49)"],"trigger":{"fingerprint":"3e5ca8c5155cbb4b","sql":"select id, customer_id from orders order by id desc limit ?","rows":50,"callSite":"io.queryhound.demo.QuickStart.recentOrdersWithCustomerNames(QuickStart.java:90)"},"suggestion":"Run it once for all 50 keys: collect them from the driving result and bind them to the IN list of the rewrite.","rewrite":"select name from customer where id in (?)","message":"N_PLUS_ONE 50x select name from customer where id = ? at io.queryhound.demo.QuickStart.recentOrdersWithCustomerNames(QuickStart.java:93), 50 distinct parameter sets, 24.757 ms total; driven by select id, customer_id from orders order by id desc limit ? (50 rows) at io.queryhound.demo.QuickStart.recentOrdersWithCustomerNames(QuickStart.java:90); rewrite: select name from customer where id in (?) [scope io.queryhound.demo.QuickStart.main()] — Run it once for all 50 keys: collect them from the driving result and bind them to the IN list of the rewrite."}
            {"schema":1,"record":"finding","timestamp":"2026-11-21T15:32:24.645Z","type":"N_PLUS_ONE","severity":"warning","scope":"io.queryhound.demo.QuickStart.main()","scopeKind":"implicit","scopeId":"1","thread":"io.queryhound.demo.QuickStart.main()","dataSource":"orders","fingerprint":"c162afc6d77b03f5","statementType":"SELECT","sql":"select count(*) from orders where status = ?","count":3,"distinctParams":3,"totalMillis":53.166,"maxMillis":30.631,"threshold":3,"callSite":"io.queryhound.demo.QuickStart.countByStatus(QuickStart.java:138)","stack":["io.queryhound.demo.QuickStart.main(QuickStart.java:51)"],"suggestion":"Compute all 3 aggregates in one statement: filter the column with an IN list (or drop the filter) and group by it.","message":"N_PLUS_ONE 3x select count(*) from orders where status = ? at io.queryhound.demo.QuickStart.countByStatus(QuickStart.java:138), 3 distinct parameter sets, 53.166 ms total [scope io.queryhound.demo.QuickStart.main()] — Compute all 3 aggregates in one statement: filter the column with an IN list (or drop the filter) and group by it."}
            {"schema":1,"record":"finding","timestamp":"2026-11-21T15:32:24.645Z","type":"BATCHABLE_DML","severity":"info","scope":"io.queryhound.demo.QuickStart.main()","scopeKind":"implicit","scopeId":"1","thread":"io.queryhound.demo.QuickStart.main()","dataSource":"orders","fingerprint":"372a14f2edf203b1","statementType":"INSERT","sql":"insert into orders (customer_id, status, total) values (?, ?, ?)","count":100,"totalMillis":16.064,"maxMillis":4.235,"threshold":3,"callSite":"io.queryhound.demo.QuickStart.importOrdersOneByOne(QuickStart.java:129)","stack":["io.queryhound.demo.QuickStart.main(QuickStart.java:50)"],"suggestion":"Send the 100 statements in one round trip: addBatch() for each row and executeBatch() once, or one multi-row INSERT ... VALUES (...), (...).","message":"BATCHABLE_DML 100x insert into orders (customer_id, status, total) values (?, ?, ?) at io.queryhound.demo.QuickStart.importOrdersOneByOne(QuickStart.java:129), 16.064 ms total [scope io.queryhound.demo.QuickStart.main()] — Send the 100 statements in one round trip: addBatch() for each row and executeBatch() once, or one multi-row INSERT ... VALUES (...), (...)."}
            {"schema":1,"record":"findingSummary","timestamp":"2026-11-21T15:32:24.646Z","type":"N_PLUS_ONE","severity":"warning","fingerprint":"ef60e5dfeea4e5ba","statementType":"SELECT","sql":"select product, quantity from order_line where order_id = ?","callSite":"io.queryhound.demo.QuickStart.ordersWithLines(QuickStart.java:110)","start":"2026-11-21T15:32:23.343Z","end":"2026-11-21T15:32:24.646Z","occurrences":2,"totalOccurrences":3,"count":52,"totalMillis":284.215,"maxMillis":11.468,"firstSeen":"2026-11-21T15:32:24.240Z","lastScope":"GET /customers/{id}/orders","message":"N_PLUS_ONE seen in 2 more scopes (3 since 2026-11-21T15:32:24.240Z), 52 executions, 284.215 ms: select product, quantity from order_line where order_id = ? at io.queryhound.demo.QuickStart.ordersWithLines(QuickStart.java:110) [last scope GET /customers/{id}/orders]"}
            """;

    private static List<JsonNode> records(String kind) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            if (node.get("record").asText().equals(kind)) {
                records.add(node);
            }
        }
        return records;
    }

    /**
     * The N_PLUS_ONE records of {@code kind}: the loop is what the test executed on purpose, while a
     * slow first connection to H2 on a busy machine may add a finding of its own.
     */
    private static List<JsonNode> nPlusOne(String kind) throws IOException {
        return records(kind).stream()
                .filter(record -> record.get("type").asText().equals("N_PLUS_ONE"))
                .collect(Collectors.toList());
    }

    private static JsonNode summaryOf(String fingerprint) throws IOException {
        return records("statistics").stream()
                .filter(r -> r.get("period").asText().equals("summary") && r.get("fingerprint").asText().equals(fingerprint))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no summary record for " + fingerprint + " in\n" + String.join("\n", lines)));
    }

    /** The rows of the table printed under the line starting with {@code heading}, split into cells. */
    static List<String[]> table(String out, String heading) {
        List<String> all = out.lines().collect(Collectors.toList());
        int at = 0;
        while (at < all.size() && !all.get(at).startsWith(heading)) {
            at++;
        }
        assertThat(at).as("heading '%s' in%n%s", heading, out).isLessThan(all.size());
        List<String[]> rows = new ArrayList<>();
        for (int i = at + 2; i < all.size() && !all.get(i).isEmpty(); i++) { // + 2: skip the column headers
            if (!isNote(all.get(i))) {
                rows.add(all.get(i).trim().split(" {2,}"));
            }
        }
        return rows;
    }

    /** The indented lines printed under the first row that contains {@code rowText}. */
    private static List<String> notesUnder(String out, String rowText) {
        List<String> all = out.lines().collect(Collectors.toList());
        List<String> notes = new ArrayList<>();
        int row = 0;
        while (row < all.size() && !all.get(row).contains(rowText)) {
            row++;
        }
        for (int i = row + 1; i < all.size() && isNote(all.get(i)); i++) {
            notes.add(all.get(i).trim());
        }
        return notes;
    }

    /** A line under a finding's row; a statements row also starts with spaces, its count being right-aligned. */
    private static boolean isNote(String line) {
        return line.matches(" {4}(driven by|suggestion|rewrite|failed): .*");
    }

    private static String[] rowFor(List<String[]> rows, String fingerprint) {
        return rows.stream()
                .filter(row -> Arrays.asList(row).contains(fingerprint))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + fingerprint + " among "
                        + rows.stream().map(Arrays::toString).collect(Collectors.joining("\n"))));
    }

    private static String callSiteSuffix(JsonNode trigger) {
        return trigger.get("callSite").isNull() ? "" : " at " + trigger.get("callSite").asText();
    }

    private static String millis(double millis) {
        return String.format(Locale.ROOT, "%.3f", millis);
    }

    private static Histogram histogram(int executions, long micros) {
        Histogram histogram = new Histogram(2);
        histogram.recordValueWithCount(micros, executions);
        return histogram;
    }

    /** A statistics line as proxy-core writes it, for the customer lookup. */
    private static String statistics(String period, long count, double totalMillis, Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        String base64 = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
        double p50 = histogram.getValueAtPercentile(50) / 1000.0;
        double p99 = histogram.getValueAtPercentile(99) / 1000.0;
        return String.format(Locale.ROOT, "{\"schema\":1,\"record\":\"statistics\",\"period\":\"%s\","
                        + "\"timestamp\":\"2026-11-21T14:31:28.257Z\",\"start\":\"2026-11-21T14:30:28.257Z\","
                        + "\"end\":\"2026-11-21T14:31:28.257Z\",\"fingerprint\":\"57c4690b370f5a73\","
                        + "\"statementType\":\"SELECT\",\"sql\":\"%s\",\"count\":%d,\"errors\":1,\"rows\":%d,"
                        + "\"batchedStatements\":0,\"totalMillis\":%.3f,\"p50Millis\":%.3f,\"p95Millis\":%.3f,"
                        + "\"p99Millis\":%.3f,\"maxMillis\":%.3f,\"histogram\":\"%s\"}",
                period, CUSTOMER_SQL, count, count, totalMillis, p50, p99, p99, histogram.getMaxValue() / 1000.0, base64);
    }
}
