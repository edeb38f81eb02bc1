package io.queryhound.internal.export;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.FindingType;
import io.queryhound.Scope;
import io.queryhound.SqlFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON and text forms of findings and finding summaries, field by field as docs/findings.md
 * documents them. Every JSON line is encoded to UTF-8 strictly and parsed back with Jackson.
 */
class FindingJsonTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static final CallSite LOOP = new CallSite("com.acme.OrderService", "recentOrders", "OrderService.java", 42);
    static final CallSite CALLER = new CallSite("com.acme.OrderController", "show", "OrderController.java", 17);
    static final CallSite ENTRY = new CallSite("com.acme.Main", "lambda$main$0", null, -1);
    static final CallSite DRIVER = new CallSite("com.acme.CustomerService", "all", "CustomerService.java", 9);
    static final SqlFingerprint ORDERS = SqlFingerprint.of("select * from orders where customer_id = 42");
    static final SqlFingerprint CUSTOMERS = SqlFingerprint.of("select * from customers where region = 'EU'");
    static final SqlFingerprint INSERT = SqlFingerprint.of("insert into audit(id, what) values (1, 'x')");
    static final Instant END = Instant.parse("2026-11-21T10:15:30.123456Z");

    // ---------------------------------------------------------------- samples, shared with ExportersTest

    /** An N+1 loop with every optional field present. */
    static Finding nPlusOne() {
        return new Finding(FindingType.N_PLUS_ONE, END, "nightly-import", Scope.Kind.EXPLICIT, "s-17", "worker-3",
                "ordersDb", ORDERS, ORDERS.template(), 25, 24, 12.3454, 1.5, -1, 3, LOOP, List.of(CALLER, ENTRY),
                new Finding.Trigger(CUSTOMERS, CUSTOMERS.template(), 25, DRIVER),
                "Load the orders of all customers at once.", "select * from orders where customer_id in (?)",
                List.of(), List.of(List.of("1"), List.of("2"), List.of("****")));
    }

    /** A finding of {@code type} with only what that type always has. */
    static Finding minimal(FindingType type) {
        return switch (type) {
            case N_PLUS_ONE -> nPlusOne();
            case REPEATED_QUERY -> new Finding(type, END, "GET /orders", Scope.Kind.HTTP, "s-2", "http-nio-1", null,
                    ORDERS, ORDERS.template(), 4, 1, 2.0, 0.75, -1, 2, LOOP, List.of(CALLER), null,
                    "Keep the first result instead of querying again.", null, null, null);
            case BATCHABLE_DML -> new Finding(type, END, "import", Scope.Kind.METHOD, "s-3", "main", "auditDb",
                    INSERT, INSERT.template(), 50, 50, 30.0, 1.25, -1, 3, LOOP, List.of(), null,
                    "Use addBatch/executeBatch.", null, null, null);
            case SLOW_QUERY -> new Finding(type, END, "report", Scope.Kind.TEST, "s-4", "main", null,
                    CUSTOMERS, CUSTOMERS.template(), 2, -1, 400.5, 250.125, -1, 100, DRIVER, List.of(), null,
                    "Check the plan with EXPLAIN.", null, null, null);
            case QUERY_BUDGET -> new Finding(type, END, "GET /dashboard", Scope.Kind.HTTP, "s-5", "http-nio-2", null,
                    null, null, 140, -1, 80.0, 3.0, -1, 100, null, List.of(), null,
                    "Fewer, larger queries.", null,
                    List.of(new Finding.StatementCount(ORDERS, ORDERS.template(), 100, LOOP),
                            new Finding.StatementCount(CUSTOMERS, CUSTOMERS.template(), 40, null)), null);
            case LARGE_RESULT -> new Finding(type, END, "export", Scope.Kind.IMPLICIT, "s-6", "main", null,
                    CUSTOMERS, CUSTOMERS.template(), 1, -1, 12.0, 12.0, 5000, 1000, DRIVER, List.of(), null,
                    "Page the result or select fewer rows.", null, null, null);
            case SLOW_CONNECTION -> new Finding(type, END, "GET /orders", Scope.Kind.HTTP, "s-8", "http-nio-3",
                    "ordersPool", null, null, 3, -1, 2400.5, 1000.25, -1, 50, null, List.of(), null,
                    "Raise maximumPoolSize.", null, null, null, 2);
        };
    }

    static FindingSummary summary() {
        return new FindingSummary(FindingType.N_PLUS_ONE, ORDERS, ORDERS.template(), LOOP,
                Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:01:00.5Z"), 9999, 10000, 249975,
                812.3, 4.25, Instant.parse("2026-11-21T10:00:00Z"), "job-7");
    }

    // ---------------------------------------------------------------- finding JSON

    @Test
    void findingJsonHasEveryFieldInDocumentedOrder() throws IOException {
        Finding finding = nPlusOne();

        JsonNode node = parse(FindingJson.toJson(finding));

        assertThat(names(node)).containsExactly("schema", "record", "timestamp", "type", "severity", "scope",
                "scopeKind", "scopeId", "thread", "dataSource", "fingerprint", "statementType", "sql", "count",
                "distinctParams", "totalMillis", "maxMillis", "threshold", "callSite", "stack", "trigger",
                "suggestion", "rewrite", "parameters", "message");
        assertThat(node.get("schema").intValue()).isEqualTo(Finding.SCHEMA).isEqualTo(1);
        assertThat(node.get("record").textValue()).isEqualTo("finding");
        assertThat(node.get("timestamp").textValue()).isEqualTo("2026-11-21T10:15:30.123Z");
        assertThat(node.get("type").textValue()).isEqualTo("N_PLUS_ONE");
        assertThat(node.get("severity").textValue()).isEqualTo("warning");
        assertThat(node.get("scope").textValue()).isEqualTo("nightly-import");
        assertThat(node.get("scopeKind").textValue()).isEqualTo("explicit");
        assertThat(node.get("scopeId").textValue()).isEqualTo("s-17");
        assertThat(node.get("thread").textValue()).isEqualTo("worker-3");
        assertThat(node.get("dataSource").textValue()).isEqualTo("ordersDb");
        assertThat(node.get("fingerprint").textValue()).isEqualTo(ORDERS.id()).matches("[0-9a-f]{16}");
        assertThat(node.get("statementType").textValue()).isEqualTo("SELECT");
        assertThat(node.get("sql").textValue()).isEqualTo("select * from orders where customer_id = ?");
        assertThat(node.get("count").longValue()).isEqualTo(25);
        assertThat(node.get("distinctParams").longValue()).isEqualTo(24);
        assertThat(node.get("totalMillis").doubleValue()).isEqualTo(12.345);
        assertThat(node.get("maxMillis").doubleValue()).isEqualTo(1.5);
        assertThat(node.get("threshold").longValue()).isEqualTo(3);
        assertThat(node.get("callSite").textValue()).isEqualTo("com.acme.OrderService.recentOrders(OrderService.java:42)");
        assertThat(texts(node.get("stack"))).containsExactly(
                "com.acme.OrderController.show(OrderController.java:17)", "com.acme.Main.lambda$main$0(Unknown Source)");
        JsonNode trigger = node.get("trigger");
        assertThat(names(trigger)).containsExactly("fingerprint", "sql", "rows", "callSite");
        assertThat(trigger.get("fingerprint").textValue()).isEqualTo(CUSTOMERS.id());
        assertThat(trigger.get("sql").textValue()).isEqualTo("select * from customers where region = ?");
        assertThat(trigger.get("rows").longValue()).isEqualTo(25);
        assertThat(trigger.get("callSite").textValue()).isEqualTo("com.acme.CustomerService.all(CustomerService.java:9)");
        assertThat(node.get("suggestion").textValue()).isEqualTo("Load the orders of all customers at once.");
        assertThat(node.get("rewrite").textValue()).isEqualTo("select * from orders where customer_id in (?)");
        assertThat(node.get("parameters").size()).isEqualTo(3);
        assertThat(texts(node.get("parameters").get(0))).containsExactly("1");
        assertThat(texts(node.get("parameters").get(2))).containsExactly("****");
        assertThat(node.get("message").textValue()).isEqualTo(FindingJson.toText(finding));
        assertThat(finding.toJson()).isEqualTo(FindingJson.toJson(finding));
    }

    @Test
    void millisecondFieldsHaveExactlyThreeDecimals() {
        String line = FindingJson.toJson(nPlusOne());

        assertThat(line).contains("\"totalMillis\":12.345,\"maxMillis\":1.500,");
    }

    @Test
    void optionalFieldsAreOmittedWhenAbsent() throws IOException {
        JsonNode node = parse(FindingJson.toJson(minimal(FindingType.BATCHABLE_DML)));

        assertThat(names(node)).doesNotContain("rows", "trigger", "rewrite", "statements", "parameters")
                .contains("distinctParams", "stack", "callSite", "suggestion", "message");
        assertThat(node.get("stack").isArray()).isTrue();
        assertThat(node.get("stack").size()).isZero();
        assertThat(node.get("statementType").textValue()).isEqualTo("INSERT");
        assertThat(node.get("scopeKind").textValue()).isEqualTo("method");
        assertThat(node.get("severity").textValue()).isEqualTo("info");

        JsonNode slow = parse(FindingJson.toJson(minimal(FindingType.SLOW_QUERY)));
        assertThat(names(slow)).doesNotContain("distinctParams", "rows");
        assertThat(slow.get("dataSource").isNull()).as("unknown data source is written as null").isTrue();
    }

    @Test
    void budgetFindingHasNullStatementFieldsAndListsTheTopStatements() throws IOException {
        JsonNode node = parse(FindingJson.toJson(minimal(FindingType.QUERY_BUDGET)));

        assertThat(node.has("fingerprint")).isTrue();
        assertThat(node.get("fingerprint").isNull()).isTrue();
        assertThat(node.get("statementType").isNull()).isTrue();
        assertThat(node.get("sql").isNull()).isTrue();
        assertThat(node.get("callSite").isNull()).isTrue();
        assertThat(node.get("count").longValue()).isEqualTo(140);
        assertThat(node.get("threshold").longValue()).isEqualTo(100);
        assertThat(names(node)).doesNotContain("distinctParams", "rows", "trigger", "rewrite", "parameters");
        JsonNode statements = node.get("statements");
        assertThat(statements.size()).isEqualTo(2);
        assertThat(names(statements.get(0))).containsExactly("fingerprint", "sql", "count", "callSite");
        assertThat(statements.get(0).get("fingerprint").textValue()).isEqualTo(ORDERS.id());
        assertThat(statements.get(0).get("sql").textValue()).isEqualTo(ORDERS.template());
        assertThat(statements.get(0).get("count").longValue()).isEqualTo(100);
        assertThat(statements.get(0).get("callSite").textValue()).isEqualTo(LOOP.toString());
        assertThat(statements.get(1).get("count").longValue()).isEqualTo(40);
        assertThat(statements.get(1).get("callSite").isNull()).isTrue();
    }

    @Test
    void largeResultHasItsRows() throws IOException {
        JsonNode node = parse(FindingJson.toJson(minimal(FindingType.LARGE_RESULT)));

        assertThat(node.get("rows").longValue()).isEqualTo(5000);
        assertThat(node.get("threshold").longValue()).isEqualTo(1000);
        assertThat(node.get("scopeKind").textValue()).isEqualTo("implicit");
    }

    @Test
    void triggerWithUnknownCallSiteHasNullCallSite() throws IOException {
        Finding base = nPlusOne();
        Finding finding = new Finding(base.type(), base.timestamp(), base.scope(), base.scopeKind(), base.scopeId(),
                base.thread(), base.dataSource(), base.fingerprint(), base.sql(), base.count(), base.distinctParams(),
                base.totalMillis(), base.maxMillis(), base.rows(), base.threshold(), null, null,
                new Finding.Trigger(CUSTOMERS, CUSTOMERS.template(), 0, null), base.suggestion(), base.rewrite(),
                null, List.of(List.of("a", "b"), java.util.Arrays.asList("c", null)));

        JsonNode node = parse(FindingJson.toJson(finding));

        assertThat(node.get("callSite").isNull()).isTrue();
        assertThat(node.get("trigger").get("callSite").isNull()).isTrue();
        assertThat(node.get("trigger").get("rows").longValue()).isZero();
        assertThat(texts(node.get("parameters").get(0))).containsExactly("a", "b");
        assertThat(node.get("parameters").get(1).get(1).isNull()).as("a SQL NULL sample").isTrue();
    }

    @Test
    void sqlWithQuotesNewlinesAndLoneSurrogatesStillParses() throws IOException {
        String sql = "select \"Größe\", 'it''s' from t\r\nwhere a = ? \\ and b = \ud800 and c = \udc00 and d = \ud83d\ude00\n";
        String scope = "import \"daily\"\nrun";
        Finding finding = new Finding(FindingType.REPEATED_QUERY, END, scope, Scope.Kind.EXPLICIT, "s-9", "t\u2028",
                null, ORDERS, sql, 2, 1, 1.0, 0.5, -1, 2, LOOP, List.of(), null, "say \"no\"\n", "x\ty", null,
                List.of(List.of("line\nbreak", "\ud800")));

        String line = FindingJson.toJson(finding);
        JsonNode node = parse(line);

        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        String expected = sql.replace("\ud800 ", "\ufffd ").replace("\udc00", "\ufffd");
        assertThat(node.get("sql").textValue()).isEqualTo(expected);
        assertThat(node.get("scope").textValue()).isEqualTo(scope);
        assertThat(node.get("thread").textValue()).isEqualTo("t\u2028");
        assertThat(node.get("suggestion").textValue()).isEqualTo("say \"no\"\n");
        assertThat(node.get("rewrite").textValue()).isEqualTo("x\ty");
        assertThat(texts(node.get("parameters").get(0))).containsExactly("line\nbreak", "\ufffd");
        String message = node.get("message").textValue();
        assertThat(message).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u2028")
                .contains("from t where a = ?")
                .contains("import \"daily\" run");
    }

    @Test
    void arrayHelpersNestAndEscape() throws IOException {
        String strings = JsonLine.stringArray(java.util.Arrays.asList("a\"b", null, "\n", "\udc00"));
        String nested = JsonLine.array(
                List.of(strings, JsonLine.stringArray(List.of()), new JsonLine().field("k", 1).build()));

        assertThat(strings).isEqualTo("[\"a\\\"b\",null,\"\\n\",\"\ufffd\"]");
        assertThat(JsonLine.array(List.of())).isEqualTo("[]");
        JsonNode node = parse(new JsonLine().raw("v", nested).build()).get("v");
        assertThat(node.size()).isEqualTo(3);
        assertThat(node.get(0).get(0).textValue()).isEqualTo("a\"b");
        assertThat(node.get(0).get(1).isNull()).isTrue();
        assertThat(node.get(1).size()).isZero();
        assertThat(node.get(2).get("k").intValue()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- summary JSON

    @Test
    void summaryJsonHasEveryFieldInDocumentedOrder() throws IOException {
        FindingSummary summary = summary();

        JsonNode node = parse(FindingJson.toJson(summary));

        assertThat(names(node)).containsExactly("schema", "record", "timestamp", "type", "severity", "fingerprint",
                "statementType", "sql", "callSite", "start", "end", "occurrences", "totalOccurrences", "count",
                "totalMillis", "maxMillis", "firstSeen", "lastScope", "message");
        assertThat(node.get("schema").intValue()).isEqualTo(Finding.SCHEMA);
        assertThat(node.get("record").textValue()).isEqualTo("findingSummary");
        assertThat(node.get("timestamp").textValue()).isEqualTo("2026-11-21T10:01:00.500Z");
        assertThat(node.get("type").textValue()).isEqualTo("N_PLUS_ONE");
        assertThat(node.get("severity").textValue()).isEqualTo("warning");
        assertThat(node.get("fingerprint").textValue()).isEqualTo(ORDERS.id());
        assertThat(node.get("statementType").textValue()).isEqualTo("SELECT");
        assertThat(node.get("sql").textValue()).isEqualTo(ORDERS.template());
        assertThat(node.get("callSite").textValue()).isEqualTo(LOOP.toString());
        assertThat(node.get("start").textValue()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(node.get("end").textValue()).isEqualTo("2026-11-21T10:01:00.500Z");
        assertThat(node.get("occurrences").longValue()).isEqualTo(9999);
        assertThat(node.get("totalOccurrences").longValue()).isEqualTo(10000);
        assertThat(node.get("count").longValue()).isEqualTo(249975);
        assertThat(node.get("totalMillis").doubleValue()).isEqualTo(812.3);
        assertThat(node.get("maxMillis").doubleValue()).isEqualTo(4.25);
        assertThat(node.get("firstSeen").textValue()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(node.get("lastScope").textValue()).isEqualTo("job-7");
        assertThat(node.get("message").textValue()).isEqualTo(FindingJson.toText(summary));
        assertThat(summary.toJson()).isEqualTo(FindingJson.toJson(summary));
    }

    @Test
    void budgetSummaryWritesNullForItsMissingStatement() throws IOException {
        FindingSummary summary = new FindingSummary(FindingType.QUERY_BUDGET, null, null, null,
                Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:01:00Z"), 3, 4, 600, 90.0, 2.0,
                null, null);

        JsonNode node = parse(FindingJson.toJson(summary));

        for (String name : List.of("fingerprint", "statementType", "sql", "callSite", "firstSeen", "lastScope")) {
            assertThat(node.has(name)).as(name).isTrue();
            assertThat(node.get(name).isNull()).as(name).isTrue();
        }
        assertThat(node.get("severity").textValue()).isEqualTo("warning");
        assertThat(node.get("message").textValue()).startsWith("QUERY_BUDGET seen in 3 more scopes (4 since start)")
                .contains("600 statements");
    }

    @Test
    void slowConnectionHasItsDataSourceAndFailuresAndNoStatement() throws IOException {
        JsonNode node = parse(FindingJson.toJson(minimal(FindingType.SLOW_CONNECTION)));

        assertThat(names(node)).containsExactly("schema", "record", "timestamp", "type", "severity", "scope",
                "scopeKind", "scopeId", "thread", "dataSource", "fingerprint", "statementType", "sql", "count",
                "failed", "totalMillis", "maxMillis", "threshold", "callSite", "stack", "suggestion", "message");
        assertThat(node.get("severity").textValue()).isEqualTo("warning");
        assertThat(node.get("dataSource").textValue()).isEqualTo("ordersPool");
        for (String name : List.of("fingerprint", "statementType", "sql", "callSite")) {
            assertThat(node.get(name).isNull()).as(name).isTrue();
        }
        assertThat(node.get("count").longValue()).isEqualTo(3);
        assertThat(node.get("failed").longValue()).isEqualTo(2);
        assertThat(node.get("totalMillis").doubleValue()).isEqualTo(2400.5);
        assertThat(node.get("maxMillis").doubleValue()).isEqualTo(1000.25);
        assertThat(node.get("threshold").longValue()).isEqualTo(50);
        assertThat(node.get("stack").size()).isZero();
        assertThat(names(parse(FindingJson.toJson(minimal(FindingType.SLOW_QUERY))))).doesNotContain("failed");
    }

    @Test
    void slowConnectionSummaryNamesItsDataSourceAndFailures() throws IOException {
        FindingSummary summary = new FindingSummary(FindingType.SLOW_CONNECTION, null, null, null,
                Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:01:00Z"), 4, 5, 9, 900.0, 250.0,
                Instant.parse("2026-11-21T09:59:00Z"), "GET /orders", "ordersPool", 3);

        JsonNode node = parse(FindingJson.toJson(summary));

        assertThat(names(node)).containsExactly("schema", "record", "timestamp", "type", "severity", "fingerprint",
                "statementType", "sql", "callSite", "dataSource", "start", "end", "occurrences", "totalOccurrences",
                "count", "failed", "totalMillis", "maxMillis", "firstSeen", "lastScope", "message");
        assertThat(node.get("dataSource").textValue()).isEqualTo("ordersPool");
        assertThat(node.get("failed").longValue()).isEqualTo(3);
        assertThat(node.get("message").textValue()).isEqualTo("SLOW_CONNECTION seen in 4 more scopes (5 since "
                + "2026-11-21T09:59:00.000Z), 9 slow acquisitions, 3 failed, 900.000 ms: connections from ordersPool "
                + "[last scope GET /orders]");
        assertThat(names(parse(FindingJson.toJson(summary())))).doesNotContain("dataSource", "failed");
    }

    // ---------------------------------------------------------------- text

    @Test
    void slowConnectionTextNamesTheDataSourceAndTheFailures() {
        assertThat(FindingJson.toText(minimal(FindingType.SLOW_CONNECTION))).isEqualTo(
                "SLOW_CONNECTION 3 connection acquisitions from ordersPool (2 failed), max 1000.250 ms >= 50 ms, "
                        + "2400.500 ms total [scope GET /orders] \u2014 Raise maximumPoolSize.");
    }

    @Test
    void nPlusOneTextNamesTheLoopItsDriverAndTheRewrite() {
        String text = FindingJson.toText(nPlusOne());

        assertThat(text).startsWith("N_PLUS_ONE 25x select * from orders where customer_id = ? at "
                        + "com.acme.OrderService.recentOrders(OrderService.java:42), 24 distinct parameter sets, "
                        + "12.345 ms total; driven by select * from customers where region = ? (25 rows) at "
                        + "com.acme.CustomerService.all(CustomerService.java:9); "
                        + "rewrite: select * from orders where customer_id in (?) [scope nightly-import]")
                .endsWith(" \u2014 Load the orders of all customers at once.");
        assertThat(nPlusOne().toText()).isEqualTo(text);
        assertThat(nPlusOne()).hasToString(text);
    }

    @Test
    void repeatedQueryText() {
        assertThat(FindingJson.toText(minimal(FindingType.REPEATED_QUERY))).isEqualTo(
                "REPEATED_QUERY 4x select * from orders where customer_id = ? at "
                        + "com.acme.OrderService.recentOrders(OrderService.java:42), 1 distinct parameter set, "
                        + "2.000 ms total [scope GET /orders] \u2014 Keep the first result instead of querying again.");
    }

    @Test
    void batchableDmlText() {
        assertThat(FindingJson.toText(minimal(FindingType.BATCHABLE_DML))).isEqualTo(
                "BATCHABLE_DML 50x " + INSERT.template() + " at "
                        + "com.acme.OrderService.recentOrders(OrderService.java:42), 50 distinct parameter sets, "
                        + "30.000 ms total [scope import] \u2014 Use addBatch/executeBatch.");
    }

    @Test
    void slowQueryTextGivesTheMaximumAndTheThreshold() {
        assertThat(FindingJson.toText(minimal(FindingType.SLOW_QUERY))).isEqualTo(
                "SLOW_QUERY 2x select * from customers where region = ? at "
                        + "com.acme.CustomerService.all(CustomerService.java:9), max 250.125 ms >= 100 ms, "
                        + "400.500 ms total [scope report] \u2014 Check the plan with EXPLAIN.");
    }

    @Test
    void queryBudgetTextListsTheTopStatements() {
        assertThat(FindingJson.toText(minimal(FindingType.QUERY_BUDGET))).isEqualTo(
                "QUERY_BUDGET 140 statements > 100 in scope GET /dashboard; top: "
                        + "100x select * from orders where customer_id = ? at "
                        + "com.acme.OrderService.recentOrders(OrderService.java:42), "
                        + "40x select * from customers where region = ? \u2014 Fewer, larger queries.");
    }

    @Test
    void largeResultTextGivesTheRows() {
        assertThat(FindingJson.toText(minimal(FindingType.LARGE_RESULT))).isEqualTo(
                "LARGE_RESULT 5000 rows >= 1000 read from select * from customers where region = ? at "
                        + "com.acme.CustomerService.all(CustomerService.java:9), 1 large result, max 12.000 ms "
                        + "[scope export] "
                        + "\u2014 Page the result or select fewer rows.");
    }

    @Test
    void largeResultWithoutTimingLeavesTheTimeOut() {
        Finding finding = new Finding(FindingType.LARGE_RESULT, END, "export", Scope.Kind.EXPLICIT, "s-7", "main", null,
                CUSTOMERS, CUSTOMERS.template(), 2, -1, 0, 0, 1200, 1000, null, List.of(), null, null, null, null,
                null);

        assertThat(FindingJson.toText(finding)).isEqualTo(
                "LARGE_RESULT 1200 rows >= 1000 read from select * from customers where region = ?, 2 large results "
                        + "[scope export]");
    }

    @ParameterizedTest
    @EnumSource(FindingType.class)
    void everyTypeHasOneLineOfTextWithItsTypeCountAndSql(FindingType type) {
        Finding finding = minimal(type);
        String text = FindingJson.toText(finding);

        assertThat(text).startsWith(type.name() + " ").doesNotContain("\n").doesNotContain("\r")
                .contains(finding.scope())
                .contains(finding.suggestion());
        if (finding.sql() != null) {
            assertThat(text).contains(finding.sql());
        }
        if (finding.callSite() != null) {
            assertThat(text).contains(finding.callSite().toString());
        }
        assertThat(text).contains(Long.toString(type == FindingType.LARGE_RESULT ? finding.rows() : finding.count()));
    }

    @Test
    void everyTypeIsCoveredBySamples() {
        Set<FindingType> covered = EnumSet.noneOf(FindingType.class);
        for (FindingType type : FindingType.values()) {
            covered.add(minimal(type).type());
        }
        assertThat(covered).containsExactlyInAnyOrder(FindingType.values());
    }

    @Test
    void textWithoutCallSiteOrSuggestionLeavesThemOut() {
        Finding finding = new Finding(FindingType.REPEATED_QUERY, END, "s", Scope.Kind.EXPLICIT, "s-1", "main", null,
                ORDERS, null, 2, -1, 1.0, 0.5, -1, 2, null, List.of(), null, null, null, null, null);

        assertThat(FindingJson.toText(finding)).isEqualTo(
                "REPEATED_QUERY 2x select * from orders where customer_id = ?, 1.000 ms total [scope s]");
    }

    @Test
    void everyKindOfLineBreakBecomesOneSpace() {
        assertThat(FindingJson.oneLine("a\r\nb\nc\rd\u2028e\u2029f\u0085g\u000bh\fi")).isEqualTo("a b c d e f g h i");
        assertThat(FindingJson.oneLine("a\n\nb")).isEqualTo("a  b");
        assertThat(FindingJson.oneLine("\r\n")).isEqualTo(" ");
        assertThat(FindingJson.oneLine("plain")).isEqualTo("plain");
    }

    @Test
    void summaryText() {
        assertThat(FindingJson.toText(summary())).isEqualTo(
                "N_PLUS_ONE seen in 9999 more scopes (10000 since 2026-11-21T10:00:00.000Z), 249975 executions, "
                        + "812.300 ms: select * from orders where customer_id = ? at "
                        + "com.acme.OrderService.recentOrders(OrderService.java:42) [last scope job-7]");
        assertThat(summary().toText()).isEqualTo(FindingJson.toText(summary()));
    }

    @Test
    void summaryOfOneMoreScopeIsSingular() {
        FindingSummary one = new FindingSummary(FindingType.SLOW_QUERY, CUSTOMERS, "select\nx", null, END, END, 1, 2,
                1, 150.0, 150.0, END, "a\nb");

        assertThat(FindingJson.toText(one)).isEqualTo(
                "SLOW_QUERY seen in 1 more scope (2 since 2026-11-21T10:15:30.123Z), 1 execution, 150.000 ms: "
                        + "select x [last scope a b]");
    }

    // ---------------------------------------------------------------- helpers

    /** Parses from strictly encoded UTF-8 bytes, as a reader of the output file would. */
    static JsonNode parse(String line) throws IOException {
        byte[] utf8;
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(line));
            utf8 = new byte[encoded.remaining()];
            encoded.get(utf8);
        } catch (CharacterCodingException e) {
            throw new AssertionError("not encodable as UTF-8 (lone surrogate?): " + line, e);
        }
        try (JsonParser parser = JSON.getFactory().createParser(utf8)) {
            JsonNode node = JSON.readTree(parser);
            assertThat(node).as("parsed %s", line).isNotNull();
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(parser.nextToken()).as("trailing content after %s", line).isNull();
            return node;
        }
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.textValue()));
        return texts;
    }
}
