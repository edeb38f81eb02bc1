package io.queryhound.internal.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.ScopeStatistics;
import io.queryhound.StatementStatistics.Period;
import io.queryhound.internal.export.InMemoryExporter;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-scope-name statistics end to end: scopes opened on an engine over a real H2 database, with
 * time that moves only when the test moves it (the engine's ticker reads {@link #now}; the H2 alias
 * {@code ADVANCE(nanos)} moves it from inside an execution, so a statement's time is exact).
 */
public class ScopeStatisticsTest {

    private static final long MS = 1_000_000L;
    private static long now;

    /** Called by H2 through the ADVANCE alias, on the executing thread. */
    public static long advance(long nanos) {
        now += nanos;
        return nanos;
    }

    private final InMemoryExporter exporter = new InMemoryExporter();
    private QueryHoundEngine engine;
    private DataSource dataSource;

    @BeforeEach
    void start() throws SQLException {
        now = 0;
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:scopestats-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ALIAS ADVANCE FOR \"" + ScopeStatisticsTest.class.getName() + ".advance\"");
        }
        engine = QueryHound.builder().exporter(exporter).ticker(() -> now).statsIntervalSeconds(3600)
                .shutdownHook(false).build();
        dataSource = engine.wrap(h2);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    /** Runs {@code statements} statements, the first of which takes {@code sqlMillis}. */
    private void query(int statements, long sqlMillis) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT ADVANCE(?)")) {
            for (int i = 0; i < statements; i++) {
                statement.setLong(1, i == 0 ? sqlMillis * MS : 0);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                }
            }
        }
    }

    private void request(String name, int statements, long sqlMillis, long durationMillis) throws SQLException {
        try (Scope ignored = engine.scope(name, Scope.Kind.HTTP)) {
            long opened = now;
            query(statements, sqlMillis);
            now = opened + durationMillis * MS;
        }
    }

    private Map<String, ScopeStatistics> interval() {
        exporter.clear();
        engine.reportStatistics();
        return byName(exporter.scopeStatistics());
    }

    private static Map<String, ScopeStatistics> byName(List<ScopeStatistics> records) {
        return records.stream().collect(Collectors.toMap(ScopeStatistics::scope, Function.identity()));
    }

    @Test
    void countsStatementsAndDurationPerScopeName() throws SQLException {
        request("GET /orders", 2, 1, 10);
        request("GET /orders", 5, 1, 20);
        request("GET /orders", 5, 2, 30);
        request("GET /customers", 1, 0, 4);

        Map<String, ScopeStatistics> records = interval();

        assertThat(records).containsOnlyKeys("GET /orders", "GET /customers");
        ScopeStatistics orders = records.get("GET /orders");
        assertThat(orders.period()).isEqualTo(Period.INTERVAL);
        assertThat(orders.scopeKind()).isEqualTo(Scope.Kind.HTTP);
        assertThat(orders.count()).isEqualTo(3);
        assertThat(orders.statements()).isEqualTo(12);
        assertThat(orders.p50Statements()).isEqualTo(5);
        assertThat(orders.maxStatements()).isEqualTo(5);
        assertThat(orders.sqlMillis()).isEqualTo(4.0);
        assertThat(orders.totalMillis()).isEqualTo(60.0);
        assertThat(orders.p50Millis()).isEqualTo(20.0, org.assertj.core.data.Offset.offset(0.2));
        assertThat(orders.maxMillis()).isEqualTo(30.0, org.assertj.core.data.Offset.offset(0.3));
        assertThat(records.get("GET /customers").statements()).isEqualTo(1);
        assertThat(records.get("GET /customers").count()).isEqualTo(1);
    }

    @Test
    void intervalsHoldOnlyTheirOwnScopesAndTheSummaryHoldsAll() throws SQLException {
        request("GET /orders", 3, 0, 5);
        assertThat(interval().get("GET /orders").count()).isEqualTo(1);
        assertThat(interval()).as("no scope closed in this interval").isEmpty();

        request("GET /orders", 7, 0, 5);
        assertThat(interval().get("GET /orders").statements()).isEqualTo(7);

        exporter.clear();
        engine.close();
        ScopeStatistics summary = byName(exporter.scopeStatistics()).get("GET /orders");
        assertThat(summary.period()).isEqualTo(Period.SUMMARY);
        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.statements()).isEqualTo(10);
        assertThat(summary.maxStatements()).isEqualTo(7);
    }

    @Test
    void implicitScopesAreNotUnitsOfWorkButNestedScopesAreCountedUnderBothNames() throws SQLException {
        query(4, 0); // outside every scope: the thread's implicit scope
        try (Scope job = engine.scope("nightly job")) {
            query(2, 0);
            try (Scope step = engine.scope("step: invoices")) {
                query(3, 0);
            }
        }

        Map<String, ScopeStatistics> records = interval();

        assertThat(records).containsOnlyKeys("nightly job", "step: invoices");
        assertThat(records.get("step: invoices").statements()).isEqualTo(3);
        assertThat(records.get("nightly job").statements()).as("its own and its nested scope's").isEqualTo(5);
        assertThat(records.get("nightly job").scopeKind()).isEqualTo(Scope.Kind.EXPLICIT);
    }

    @Test
    void namesBeyondTheBoundAreCountedUnderOneOverflowName() {
        int names = ScopeStatisticsTable.MAX_SCOPE_NAMES + 50;
        for (int i = 0; i < names; i++) {
            try (Scope ignored = engine.scope("GET /orders/" + i, Scope.Kind.HTTP)) {
                now += MS;
            }
        }

        Map<String, ScopeStatistics> records = interval();

        assertThat(records).hasSize(ScopeStatisticsTable.MAX_SCOPE_NAMES + 1);
        assertThat(records.get(ScopeStatisticsTable.OVERFLOW_NAME).count()).isEqualTo(50);
        assertThat(records.values().stream().mapToLong(ScopeStatistics::count).sum()).isEqualTo(names);
    }

    @Test
    void overflowScopesClosedFromManyThreadsAreAllCountedInOneRecord() throws Exception {
        ScopeStatisticsTable table = new ScopeStatisticsTable();
        for (int i = 0; i < ScopeStatisticsTable.MAX_SCOPE_NAMES; i++) {
            table.record("GET /orders/" + i, Scope.Kind.HTTP, 1, 0, MS);
        }
        int threads = 16;
        int scopesPerThread = 5_000;
        List<Thread> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int statements = t % 3 + 1;
            Thread worker = new Thread(() -> {
                for (int i = 0; i < scopesPerThread; i++) {
                    table.record("GET /invoices/" + i, Scope.Kind.HTTP, statements, 0, MS);
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long statementSum = 0;
        for (int t = 0; t < threads; t++) {
            statementSum += (long) (t % 3 + 1) * scopesPerThread;
        }

        List<ScopeStatistics> first = table.takeInterval(java.time.Instant.EPOCH, java.time.Instant.EPOCH);
        List<ScopeStatistics> overflowed = first.stream()
                .filter(r -> r.scope().equals(ScopeStatisticsTable.OVERFLOW_NAME)).toList();

        assertThat(first).hasSize(ScopeStatisticsTable.MAX_SCOPE_NAMES + 1);
        assertThat(overflowed).hasSize(1);
        assertThat(overflowed.get(0).count()).isEqualTo((long) threads * scopesPerThread);
        assertThat(overflowed.get(0).statements()).isEqualTo(statementSum);
        assertThat(overflowed.get(0).maxStatements()).isEqualTo(3);
        assertThat(table.takeInterval(java.time.Instant.EPOCH, java.time.Instant.EPOCH)).isEmpty();
        ScopeStatistics summary = table.summary(java.time.Instant.EPOCH, java.time.Instant.EPOCH).stream()
                .filter(r -> r.scope().equals(ScopeStatisticsTable.OVERFLOW_NAME)).findFirst().orElseThrow();
        assertThat(summary.count()).isEqualTo((long) threads * scopesPerThread);
    }

    @Test
    void writesOneJsonObjectPerRecordWithTheDocumentedFields() throws Exception {
        request("GET /orders", 2, 1, 10);
        ScopeStatistics record = interval().get("GET /orders");

        JsonNode json = new ObjectMapper().readTree(record.toJson());

        assertThat(json.get("record").asText()).isEqualTo("scopeStatistics");
        assertThat(json.get("schema").asInt()).isEqualTo(1);
        assertThat(json.get("period").asText()).isEqualTo("interval");
        assertThat(json.get("scope").asText()).isEqualTo("GET /orders");
        assertThat(json.get("scopeKind").asText()).isEqualTo("http");
        assertThat(json.get("count").asLong()).isEqualTo(1);
        assertThat(json.get("statements").asLong()).isEqualTo(2);
        assertThat(json.get("sqlMillis").asDouble()).isEqualTo(1.0);
        assertThat(json.get("totalMillis").asDouble()).isEqualTo(10.0);
        List<String> fields = iterable(json.fieldNames());
        assertThat(fields).containsExactly("schema", "record", "period", "timestamp", "start", "end", "scope",
                "scopeKind", "count", "statements", "p50Statements", "p95Statements", "maxStatements", "sqlMillis",
                "totalMillis", "p50Millis", "p95Millis", "p99Millis", "maxMillis");
        assertThat(record.toText()).contains("GET /orders").contains("x1");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
