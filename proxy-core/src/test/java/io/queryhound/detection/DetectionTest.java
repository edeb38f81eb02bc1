package io.queryhound.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.CallSite;
import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.Scope;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.H2;
import io.queryhound.testing.Interposer;
import io.queryhound.testing.RecordingEngine;
import io.queryhound.testing.SqlFunctions;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detection rules end to end: real H2 behind a wrapped DataSource, scopes opened by the test,
 * findings read from the scope and from the exporter. Deliberately outside
 * {@code io.queryhound.internal}: this class has to be the application whose lines are blamed.
 *
 * <p>Every engine runs on the virtual per-thread clock of {@link SqlFunctions}: queries take no time
 * unless they call {@code advance_micros}, so no test sees a slow query or an idle gap by accident.
 */
class DetectionTest {

    static final String CUSTOMERS = "select id, name from customers";
    static final String ORDERS = "select * from orders o where o.customer_id = ?";
    static final String ORDERS_IN = "select * from orders o where o.customer_id in (?)";
    static final String ADDRESSES = "select * from addresses a where a.customer_id = ?";
    static final String CUSTOMER_BY_ID = "select name from customers where id = ?";
    static final String CUSTOMER_BY_NAME = "select id from customers where name = ?";
    static final String TYPES = "select * from types";
    static final String INSERT_PET = "insert into pets (id, name) values (?, ?)";
    static final String RENAME_CUSTOMER = "update customers set name = ? where id = ?";
    static final String ITEMS = "select * from items";

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    JdbcDataSource h2;
    RecordingEngine r;
    DataSource ds;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Set by the loop helpers to the line of their execute call. */
    int lookupLine;
    int secondLookupLine;
    int drivingLine;

    @BeforeEach
    void database() throws SQLException {
        h2 = H2.newDataSource();
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table customers (id int primary key, name varchar(100))");
            s.execute("create table orders (id int primary key, customer_id int, total int)");
            s.execute("create table addresses (id int primary key, customer_id int, city varchar(100))");
            s.execute("create table pets (id int primary key, name varchar(100))");
            s.execute("create table types (id int primary key, name varchar(100))");
            s.execute("create table users (id int primary key, password varchar(100))");
            s.execute("create table items (id int primary key, label varchar(100))");
            for (int i = 1; i <= 5; i++) {
                s.execute("insert into customers values (" + i + ", 'customer-" + i + "')");
                s.execute("insert into orders values (" + (2 * i) + ", " + i + ", 10)");
                s.execute("insert into orders values (" + (2 * i + 1) + ", " + i + ", 20)");
                s.execute("insert into addresses values (" + i + ", " + i + ", 'city-" + i + "')");
                s.execute("insert into users values (" + i + ", 'initial-" + i + "')");
            }
            for (int i = 1; i <= 12; i++) {
                s.execute("insert into pets values (" + i + ", 'pet-" + i + "')");
            }
            for (int i = 1; i <= 3; i++) {
                s.execute("insert into types values (" + i + ", 'type-" + i + "')");
            }
            for (int i = 1; i <= 60; i++) {
                s.execute("insert into items values (" + i + ", 'item-" + i + "')");
            }
            SqlFunctions.register(s);
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (r != null) {
            r.close();
        }
        assertThat(diagnostics.text()).as("QueryHound's own diagnostics").doesNotContain("internal error");
    }

    // ------------------------------------------------------------------------------------ set-up helpers

    /** A recording engine on the virtual clock with {@code settings} (key, value, key, value...), over the test database. */
    RecordingEngine engine(String... settings) {
        QueryHound.Builder builder = QueryHound.builder().ticker(SqlFunctions::virtualNanos);
        for (int i = 0; i < settings.length; i += 2) {
            builder.set(settings[i], settings[i + 1]);
        }
        r = new RecordingEngine(builder);
        ds = r.wrap(h2);
        return r;
    }

    /** The test database through a HikariCP pool, wrapped. */
    DataSource hikari() {
        HikariConfig config = new HikariConfig();
        config.setDataSource(h2);
        config.setMaximumPoolSize(2);
        config.setPoolName("detection-test");
        HikariDataSource pool = new HikariDataSource(config);
        toClose.add(pool);
        return r.wrap(pool);
    }

    /** The test database with every {@code getConnection} taking {@code micros} of virtual time. */
    DataSource slowToConnect(int micros) {
        return Interposer.proxy(DataSource.class, h2, (target, proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
                SqlFunctions.advanceMicros(micros);
            }
            return Interposer.invoke(target, method, args);
        });
    }

    /** The line of the caller: put it on the same line as the JDBC call it locates. */
    static int here() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber();
    }

    /** The line of drain's rs.next(), recorded by that line itself. */
    static volatile int drainNextLine;

    static int drain(ResultSet rs) throws SQLException {
        int rows = 0;
        while ((drainNextLine = here()) > 0 && rs.next()) {
            rs.getObject(1);
            rows++;
        }
        return rows;
    }

    /** Findings of the exporter after writing every queued finding and ending implicit windows; JSON checked. */
    List<Finding> exported() {
        r.engine.reportFindings();
        return checked(r.exporter.findings());
    }

    /** The findings of a closed scope; JSON checked. */
    static List<Finding> findingsOf(Scope scope) {
        assertThat(scope.isClosed()).isTrue();
        return checked(scope.findings());
    }

    static List<Finding> ofType(Collection<Finding> findings, FindingType type) {
        return findings.stream().filter(f -> f.type() == type).collect(Collectors.toList());
    }

    static List<FindingType> types(Collection<Finding> findings) {
        return findings.stream().map(Finding::type).collect(Collectors.toList());
    }

    static Finding only(Collection<Finding> findings, FindingType type) {
        List<Finding> matching = ofType(findings, type);
        assertThat(matching).as("%s findings among %s", type, findings).hasSize(1);
        return matching.get(0);
    }

    /** Every finding's JSON form parses and says what the record says. */
    static List<Finding> checked(List<Finding> findings) {
        for (Finding f : findings) {
            JsonNode json;
            try {
                json = JSON.readTree(f.toJson());
            } catch (Exception e) {
                throw new AssertionError("toJson() does not parse: " + f.toJson(), e);
            }
            assertThat(json.isObject()).isTrue();
            assertThat(json.path("record").asText()).isEqualTo("finding");
            assertThat(json.path("schema").asInt()).isEqualTo(Finding.SCHEMA);
            assertThat(json.path("type").asText()).as(f.toJson()).isEqualTo(f.type().name());
            assertThat(json.path("severity").asText())
                    .isEqualTo(f.type().severity().name().toLowerCase(java.util.Locale.ROOT));
            assertThat(json.path("scope").asText()).isEqualTo(f.scope());
            assertThat(json.path("scopeKind").asText())
                    .isEqualTo(f.scopeKind().name().toLowerCase(java.util.Locale.ROOT));
            assertThat(json.path("count").asLong()).isEqualTo(f.count());
            assertThat(json.path("threshold").asLong()).isEqualTo(f.threshold());
            if (f.callSite() == null) {
                assertThat(json.get("callSite").isNull()).isTrue();
            } else {
                assertThat(json.path("callSite").asText()).isEqualTo(f.callSite().toString());
            }
            assertThat(json.path("message").asText()).isNotEmpty();
        }
        return findings;
    }

    static void assertCallSite(CallSite site, Class<?> type, String method, int line) {
        assertThat(line).as("expected line").isPositive();
        assertThat(site).as("call site").isEqualTo(new CallSite(type.getName(), method, "DetectionTest.java", line));
    }

    // ------------------------------------------------------------------------ application-like code

    /** The driving query, read fully into a list. */
    List<Integer> customerIds(Connection c) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            drivingLine = here(); try (ResultSet rs = s.executeQuery(CUSTOMERS)) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
        }
        return ids;
    }

    /** One orders lookup per id, one statement at a time, from one line. */
    void ordersPerCustomer(Connection c, List<Integer> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ORDERS)) {
            for (int id : ids) {
                ps.setInt(1, id);
                lookupLine = here(); try (ResultSet rs = ps.executeQuery()) { drain(rs); }
            }
        }
    }

    /** {@link #ordersPerCustomer} on a connection of its own. */
    void ordersPerCustomer(DataSource dataSource, List<Integer> ids) {
        try (Connection c = dataSource.getConnection()) {
            ordersPerCustomer(c, ids);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One orders lookup. */
    void lookupOrders(PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        lookupLine = here(); try (ResultSet rs = ps.executeQuery()) { drain(rs); }
    }

    /** The same N+1, written as a row mapper: the loop runs while the driving result is still open. */
    void ordersWhileReadingCustomers(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); PreparedStatement ps = c.prepareStatement(ORDERS)) {
            drivingLine = here(); try (ResultSet customers = s.executeQuery(CUSTOMERS)) {
                while (customers.next()) {
                    ps.setInt(1, customers.getInt("id"));
                    lookupLine = here(); try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                }
            }
        }
    }

    /** Two different lookups per row. */
    void ordersAndAddressesPerCustomer(Connection c, List<Integer> ids) throws SQLException {
        try (PreparedStatement orders = c.prepareStatement(ORDERS);
             PreparedStatement addresses = c.prepareStatement(ADDRESSES)) {
            for (int id : ids) {
                orders.setInt(1, id);
                lookupLine = here(); try (ResultSet rs = orders.executeQuery()) { drain(rs); }
                addresses.setInt(1, id);
                secondLookupLine = here(); try (ResultSet rs = addresses.executeQuery()) { drain(rs); }
            }
        }
    }

    /** Runs {@code sql} (a SELECT) {@code times} times from one line through a plain Statement. */
    void selectTimes(Connection c, String sql, int times) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < times; i++) {
                lookupLine = here(); try (ResultSet rs = s.executeQuery(sql)) { drain(rs); }
            }
        }
    }

    void assertOrdersLoop(Finding f, String scope, String loopMethod) {
        assertThat(f.type()).isEqualTo(FindingType.N_PLUS_ONE);
        assertThat(f.scope()).isEqualTo(scope);
        assertThat(f.scopeKind()).isEqualTo(Scope.Kind.EXPLICIT);
        assertThat(f.count()).isEqualTo(5);
        assertThat(f.distinctParams()).isEqualTo(5);
        assertThat(f.threshold()).isEqualTo(3);
        assertThat(f.fingerprint().template()).isEqualTo(ORDERS);
        assertThat(f.sql()).isEqualTo(ORDERS);
        assertCallSite(f.callSite(), DetectionTest.class, loopMethod, lookupLine);
        assertThat(f.trigger()).as("trigger").isNotNull();
        assertThat(f.trigger().fingerprint().template()).isEqualTo(CUSTOMERS);
        assertThat(f.trigger().sql()).isEqualTo(CUSTOMERS);
        assertThat(f.trigger().rows()).isEqualTo(5);
        assertThat(f.suggestion()).isNotBlank();
        assertThat(f.rewrite()).as("rewrite of %s", ORDERS).isEqualTo(ORDERS_IN);
    }

    // ==================================================================================== N_PLUS_ONE

    @Nested
    class NPlusOne {

        @Test
        void aLookupPerRowOfAResultReadIntoAListFirst() throws SQLException {
            engine("nPlusOneThreshold", "3");
            Scope scope;
            try (Scope s = r.engine.scope("orders-page"); Connection c = ds.getConnection()) {
                scope = s;
                ordersPerCustomer(c, customerIds(c));
                assertThat(s.findings()).as("empty while open").isEmpty();
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.N_PLUS_ONE);
            Finding f = found.get(0);
            assertOrdersLoop(f, "orders-page", "ordersPerCustomer");
            assertCallSite(f.trigger().callSite(), DetectionTest.class, "customerIds", drivingLine);
            assertThat(f.thread()).isEqualTo(Thread.currentThread().getName());
            assertThat(f.stack()).as("callers of the call site").isNotEmpty();
            assertThat(f.stack().get(0).methodName()).isEqualTo("aLookupPerRowOfAResultReadIntoAListFirst");

            List<Finding> written = exported();
            assertThat(types(written)).containsExactly(FindingType.N_PLUS_ONE);
            assertThat(written.get(0)).isEqualTo(f);
        }

        @Test
        void aLookupPerRowWhileTheDrivingResultIsStillOpen() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("row-mapper"); Connection c = ds.getConnection()) {
                scope = s;
                ordersWhileReadingCustomers(c);
            }
            Finding f = only(findingsOf(scope), FindingType.N_PLUS_ONE);
            assertOrdersLoop(f, "row-mapper", "ordersWhileReadingCustomers");
            assertCallSite(f.trigger().callSite(), DetectionTest.class, "ordersWhileReadingCustomers", drivingLine);
            assertThat(types(findingsOf(scope))).containsExactly(FindingType.N_PLUS_ONE);
        }

        @Test
        void throughHikariCp() throws SQLException {
            engine();
            DataSource pooled = hikari();
            Scope scope;
            try (Scope s = r.engine.scope("pooled"); Connection c = pooled.getConnection()) {
                scope = s;
                ordersPerCustomer(c, customerIds(c));
            }
            assertThat(types(findingsOf(scope))).containsExactly(FindingType.N_PLUS_ONE);
            assertOrdersLoop(findingsOf(scope).get(0), "pooled", "ordersPerCustomer");
        }

        @Test
        void rowMapperThroughHikariCp() throws SQLException {
            engine();
            DataSource pooled = hikari();
            Scope scope;
            try (Scope s = r.engine.scope("pooled-row-mapper"); Connection c = pooled.getConnection()) {
                scope = s;
                ordersWhileReadingCustomers(c);
            }
            assertThat(types(findingsOf(scope))).containsExactly(FindingType.N_PLUS_ONE);
            assertOrdersLoop(findingsOf(scope).get(0), "pooled-row-mapper", "ordersWhileReadingCustomers");
        }

        @Test
        void anInterleavedLoopIsTwoFindingsWithTheSameTrigger() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("interleaved"); Connection c = ds.getConnection()) {
                scope = s;
                ordersAndAddressesPerCustomer(c, customerIds(c));
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.N_PLUS_ONE, FindingType.N_PLUS_ONE);
            Finding orders = found.stream().filter(f -> f.sql().equals(ORDERS)).findFirst().orElseThrow();
            Finding addresses = found.stream().filter(f -> f.sql().equals(ADDRESSES)).findFirst().orElseThrow();
            for (Finding f : found) {
                assertThat(f.count()).isEqualTo(5);
                assertThat(f.distinctParams()).isEqualTo(5);
                assertThat(f.trigger()).isNotNull();
                assertThat(f.trigger().fingerprint().template()).as("trigger of %s", f.sql()).isEqualTo(CUSTOMERS);
                assertThat(f.trigger().rows()).isEqualTo(5);
            }
            assertThat(orders.trigger()).isEqualTo(addresses.trigger());
            assertCallSite(orders.callSite(), DetectionTest.class, "ordersAndAddressesPerCustomer", lookupLine);
            assertCallSite(addresses.callSite(), DetectionTest.class, "ordersAndAddressesPerCustomer",
                    secondLookupLine);
            assertThat(addresses.rewrite()).isEqualTo("select * from addresses a where a.customer_id in (?)");
        }

        @Test
        void aLoopOfTwoIsNotALoop() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("two"); Connection c = ds.getConnection()) {
                scope = s;
                ordersPerCustomer(c, customerIds(c).subList(0, 2));
                assertThat(s.queryCount()).isEqualTo(3);
            }
            assertThat(findingsOf(scope)).isEmpty();
            assertThat(exported()).isEmpty();
        }

        @Test
        void theThresholdIsASetting() throws SQLException {
            engine("nPlusOneThreshold", "6");
            Scope scope;
            try (Scope s = r.engine.scope("five-of-six"); Connection c = ds.getConnection()) {
                scope = s;
                ordersPerCustomer(c, customerIds(c));
            }
            assertThat(findingsOf(scope)).isEmpty();
        }

        @Test
        void theSameStatementFromThreeLinesOnceEachIsNotALoop() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("three-lines"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(ORDERS)) {
                scope = s;
                customerIds(c);
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                ps.setInt(1, 3);
                try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                assertThat(s.queryCount()).isEqualTo(4);
            }
            assertThat(findingsOf(scope)).isEmpty();
        }

        @Test
        void oneHibernateStylePaddedInListBatchFetchIsNotALoop() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("batch-fetch"); Connection c = ds.getConnection()) {
                scope = s;
                List<Integer> ids = customerIds(c);
                try (PreparedStatement ps = c.prepareStatement(paddedInList(16))) {
                    bindPadded(ps, ids, 16);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(drain(rs)).isEqualTo(10);
                    }
                }
            }
            assertThat(findingsOf(scope)).isEmpty();
        }

        @Test
        void paddedInListBatchFetchesFromALoopAreNotALoop() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("batch-fetches"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(paddedInList(16))) {
                scope = s;
                customerIds(c);
                for (int batch = 0; batch < 4; batch++) {
                    bindPadded(ps, List.of(batch + 1, batch + 2), 16);
                    try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                }
            }
            assertThat(ofType(findingsOf(scope), FindingType.N_PLUS_ONE)).isEmpty();
        }

        private String paddedInList(int placeholders) {
            return "select * from orders where customer_id in ("
                    + String.join(", ", java.util.Collections.nCopies(placeholders, "?")) + ")";
        }

        private void bindPadded(PreparedStatement ps, List<Integer> ids, int placeholders) throws SQLException {
            for (int i = 1; i <= placeholders; i++) {
                if (i <= ids.size()) {
                    ps.setInt(i, ids.get(i - 1));
                } else {
                    ps.setNull(i, Types.INTEGER);
                }
            }
        }

        @Test
        void theSameSelectSentThroughExecuteBatchIsNotALoop() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("select-batch"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(ORDERS)) {
                scope = s;
                List<Integer> ids = customerIds(c);
                for (int id : ids) { // one batch per customer: still never one statement at a time
                    ps.setInt(1, id);
                    ps.addBatch();
                    try {
                        ps.executeBatch();
                    } catch (BatchUpdateException refused) {
                        // a driver may refuse a SELECT in a batch; what matters is how it was sent
                    }
                }
                assertThat(s.queryCount()).isEqualTo(6);
            }
            assertThat(ofType(findingsOf(scope), FindingType.N_PLUS_ONE)).isEmpty();
        }

        @Test
        void identicalParametersAreARepeatedQueryNotALoop() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("same-key"); Connection c = ds.getConnection()) {
                scope = s;
                customerIds(c);
                ordersPerCustomer(c, List.of(3, 3, 3, 3, 3));
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.REPEATED_QUERY);
            Finding f = found.get(0);
            assertThat(f.sql()).isEqualTo(ORDERS);
            assertThat(f.count()).isEqualTo(5);
            assertThat(f.distinctParams()).isEqualTo(1);
            assertThat(f.threshold()).isEqualTo(2);
            assertCallSite(f.callSite(), DetectionTest.class, "ordersPerCustomer", lookupLine);
            assertThat(types(exported())).containsExactly(FindingType.REPEATED_QUERY);
        }

        @Test
        void aLoopWithSomeRepeatedKeysIsOnlyReportedAsALoop() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("some-repeats"); Connection c = ds.getConnection()) {
                scope = s;
                customerIds(c);
                ordersPerCustomer(c, List.of(1, 2, 1, 2, 3));
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.N_PLUS_ONE);
            assertThat(found.get(0).count()).isEqualTo(5);
            assertThat(found.get(0).distinctParams()).isEqualTo(3);
        }

        @Test
        void literalDeletesThroughAPlainStatementAreOneBatchableWrite() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("literal-deletes"); Connection c = ds.getConnection();
                 Statement st = c.createStatement()) {
                scope = s;
                for (int id = 7; id <= 9; id++) {
                    lookupLine = here(); st.executeUpdate("delete from pets where id=" + id);
                }
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.BATCHABLE_DML);
            Finding f = found.get(0);
            assertThat(f.count()).isEqualTo(3);
            assertThat(f.sql()).isEqualTo("delete from pets where id = ?");
            assertCallSite(f.callSite(), NPlusOne.class, "literalDeletesThroughAPlainStatementAreOneBatchableWrite",
                    lookupLine);
            assertThat(f.rewrite()).isEqualTo("delete from pets where id in (?)");
        }

        @Test
        void literalSelectsThroughAPlainStatementAreALoop() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("literal-selects"); Connection c = ds.getConnection();
                 Statement st = c.createStatement()) {
                scope = s;
                for (int id = 7; id <= 9; id++) {
                    lookupLine = here(); try (ResultSet rs = st.executeQuery("select * from pets where id=" + id)) { drain(rs); }
                }
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.N_PLUS_ONE);
            Finding f = found.get(0);
            assertThat(f.count()).isEqualTo(3);
            assertThat(f.distinctParams()).isEqualTo(3);
            assertThat(f.sql()).isEqualTo("select * from pets where id = ?");
            assertCallSite(f.callSite(), NPlusOne.class, "literalSelectsThroughAPlainStatementAreALoop", lookupLine);
            assertThat(f.rewrite()).isEqualTo("select * from pets where id in (?)");
        }
    }

    // ================================================================================ REPEATED_QUERY

    @Nested
    class RepeatedQuery {

        @Test
        void aStatementWithoutParametersRunTwice() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("types-twice"); Connection c = ds.getConnection()) {
                scope = s;
                selectTimes(c, TYPES, 2);
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.REPEATED_QUERY);
            Finding f = found.get(0);
            assertThat(f.scope()).isEqualTo("types-twice");
            assertThat(f.sql()).isEqualTo(TYPES);
            assertThat(f.count()).isEqualTo(2);
            assertThat(f.distinctParams()).isEqualTo(1);
            assertThat(f.threshold()).isEqualTo(2);
            assertThat(f.trigger()).isNull();
            assertThat(f.suggestion()).isNotBlank();
            assertCallSite(f.callSite(), DetectionTest.class, "selectTimes", lookupLine);
        }

        @Test
        void aPreparedStatementWithoutParametersRunTwice() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("types-prepared"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(TYPES)) {
                scope = s;
                for (int i = 0; i < 2; i++) {
                    lookupLine = here(); try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                }
            }
            Finding f = only(findingsOf(scope), FindingType.REPEATED_QUERY);
            assertThat(f.count()).isEqualTo(2);
            assertThat(f.distinctParams()).isEqualTo(1);
            assertCallSite(f.callSite(), RepeatedQuery.class, "aPreparedStatementWithoutParametersRunTwice",
                    lookupLine);
            assertThat(findingsOf(scope)).hasSize(1);
        }

        @Test
        void aParameterisedSelectWithTheSameValueTwice() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("same-value"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(CUSTOMER_BY_ID)) {
                scope = s;
                for (int i = 0; i < 2; i++) {
                    ps.setInt(1, 4);
                    lookupLine = here(); try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                }
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.REPEATED_QUERY);
            Finding f = found.get(0);
            assertThat(f.sql()).isEqualTo(CUSTOMER_BY_ID);
            assertThat(f.count()).isEqualTo(2);
            assertThat(f.distinctParams()).isEqualTo(1);
            assertCallSite(f.callSite(), RepeatedQuery.class, "aParameterisedSelectWithTheSameValueTwice", lookupLine);
            assertThat(types(exported())).containsExactly(FindingType.REPEATED_QUERY);
        }

        @Test
        void twoDifferentValuesOnceEachAreNotRepeated() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("two-values"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(CUSTOMER_BY_ID)) {
                scope = s;
                for (int id = 1; id <= 2; id++) {
                    ps.setInt(1, id);
                    try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                }
                assertThat(s.queryCount()).isEqualTo(2);
            }
            assertThat(findingsOf(scope)).isEmpty();
        }

        @Test
        void onceInEachOfTwoScopesIsNotRepeated() throws SQLException {
            engine();
            List<Scope> scopes = new ArrayList<>();
            for (String name : List.of("first", "second")) {
                try (Scope s = r.engine.scope(name); Connection c = ds.getConnection()) {
                    scopes.add(s);
                    selectTimes(c, TYPES, 1);
                }
            }
            for (Scope s : scopes) {
                assertThat(s.queryCount()).isEqualTo(1);
                assertThat(findingsOf(s)).isEmpty();
            }
            assertThat(exported()).isEmpty();
        }
    }

    // ================================================================================= BATCHABLE_DML

    @Nested
    class BatchableDml {

        void insertPets(Connection c, int first, int count) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(INSERT_PET)) {
                for (int id = first; id < first + count; id++) {
                    ps.setInt(1, id);
                    ps.setString(2, "new-" + id);
                    lookupLine = here(); ps.executeUpdate();
                }
            }
        }

        @Test
        void fiveSingleInsertsFromOneLine() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("import"); Connection c = ds.getConnection()) {
                scope = s;
                insertPets(c, 100, 5);
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.BATCHABLE_DML);
            Finding f = found.get(0);
            assertThat(f.scope()).isEqualTo("import");
            assertThat(f.sql()).isEqualTo(INSERT_PET);
            assertThat(f.fingerprint().template()).isEqualTo(INSERT_PET);
            assertThat(f.count()).isEqualTo(5);
            assertThat(f.threshold()).isEqualTo(3);
            assertThat(f.suggestion()).contains("executeBatch");
            assertThat(f.rewrite()).isNull();
            assertThat(f.trigger()).isNull();
            assertCallSite(f.callSite(), BatchableDml.class, "insertPets", lookupLine);
            assertThat(types(exported())).containsExactly(FindingType.BATCHABLE_DML);
        }

        @Test
        void anUpdateLoop() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("renames"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(RENAME_CUSTOMER)) {
                scope = s;
                for (int id = 1; id <= 5; id++) {
                    ps.setString(1, "renamed-" + id);
                    ps.setInt(2, id);
                    lookupLine = here(); assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.BATCHABLE_DML);
            Finding f = found.get(0);
            assertThat(f.sql()).isEqualTo(RENAME_CUSTOMER);
            assertThat(f.count()).isEqualTo(5);
            assertThat(f.suggestion()).contains("executeBatch");
            assertCallSite(f.callSite(), BatchableDml.class, "anUpdateLoop", lookupLine);
        }

        @Test
        void insertsSentWithExecuteBatchAreAlreadyBatched() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("batched"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(INSERT_PET)) {
                scope = s;
                for (int chunk = 0; chunk < 4; chunk++) { // four batches of two rows, from one line
                    for (int id = 100 + 2 * chunk; id < 102 + 2 * chunk; id++) {
                        ps.setInt(1, id);
                        ps.setString(2, "new-" + id);
                        ps.addBatch();
                    }
                    assertThat(ps.executeBatch()).hasSize(2);
                }
                assertThat(s.queryCount()).isEqualTo(4);
            }
            assertThat(findingsOf(scope)).isEmpty();
        }

        @Test
        void insertsSentAsOneBatchPerRowAreStillOneAtATime() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("batches-of-one"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(INSERT_PET)) {
                scope = s;
                for (int id = 200; id < 205; id++) {
                    ps.setInt(1, id);
                    ps.setString(2, "one-" + id);
                    ps.addBatch();
                    assertThat(ps.executeBatch()).hasSize(1);
                }
            }
            Finding f = only(findingsOf(scope), FindingType.BATCHABLE_DML);
            assertThat(f.count()).isEqualTo(5);
        }

        @Test
        void twoInsertsAreBelowTheThreshold() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("two-inserts"); Connection c = ds.getConnection()) {
                scope = s;
                insertPets(c, 100, 2);
            }
            assertThat(findingsOf(scope)).isEmpty();
        }

        @Test
        void threeInsertsFromThreeLinesAreNotALoop() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("three-inserts"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(INSERT_PET)) {
                scope = s;
                ps.setInt(1, 100);
                ps.setString(2, "a");
                ps.executeUpdate();
                ps.setInt(1, 101);
                ps.setString(2, "b");
                ps.executeUpdate();
                ps.setInt(1, 102);
                ps.setString(2, "c");
                ps.executeUpdate();
                assertThat(s.queryCount()).isEqualTo(3);
            }
            assertThat(findingsOf(scope)).isEmpty();
        }
    }

    // ==================================================================================== SLOW_QUERY

    @Nested
    class SlowQuery {

        @Test
        void aQueryOf150VirtualMillis() throws SQLException {
            engine();
            Scope scope;
            int line;
            try (Scope s = r.engine.scope("slow"); Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                scope = s;
                line = here(); try (ResultSet rs = st.executeQuery("select advance_micros(150000)")) { drain(rs); }
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.SLOW_QUERY);
            Finding f = found.get(0);
            assertThat(f.scope()).isEqualTo("slow");
            assertThat(f.count()).isEqualTo(1);
            assertThat(f.maxMillis()).isGreaterThanOrEqualTo(150.0).isLessThan(151.0);
            assertThat(f.totalMillis()).isEqualTo(f.maxMillis());
            assertThat(f.threshold()).isEqualTo(100);
            assertThat(f.sql()).isEqualTo("select advance_micros(?)");
            assertThat(f.suggestion()).isNotBlank();
            assertCallSite(f.callSite(), SlowQuery.class, "aQueryOf150VirtualMillis", line);
            assertThat(types(exported())).containsExactly(FindingType.SLOW_QUERY);
        }

        @Test
        void onlyTheSlowExecutionsOfAStatementAreCounted() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("mixed"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select advance_micros(?)")) {
                scope = s;
                for (int micros : new int[]{10_000, 120_000, 20_000, 200_000}) {
                    ps.setInt(1, micros);
                    lookupLine = here(); try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                }
            }
            Finding f = only(findingsOf(scope), FindingType.SLOW_QUERY);
            assertThat(f.count()).isEqualTo(2);
            assertThat(f.maxMillis()).isEqualTo(200.0);
            assertThat(f.totalMillis()).isEqualTo(320.0);
            assertCallSite(f.callSite(), SlowQuery.class, "onlyTheSlowExecutionsOfAStatementAreCounted", lookupLine);
        }

        @Test
        void aQueryOf50VirtualMillisIsNotSlow() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("fast"); Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                scope = s;
                try (ResultSet rs = st.executeQuery("select advance_micros(50000)")) { drain(rs); }
            }
            assertThat(findingsOf(scope)).isEmpty();
        }

        @Test
        void theThresholdIsASetting() throws SQLException {
            engine("slowQueryMillis", "200");
            Scope scope;
            try (Scope s = r.engine.scope("under-200"); Connection c = ds.getConnection();
                 Statement st = c.createStatement()) {
                scope = s;
                try (ResultSet rs = st.executeQuery("select advance_micros(150000)")) { drain(rs); }
            }
            assertThat(findingsOf(scope)).isEmpty();
        }
    }

    // ================================================================================== QUERY_BUDGET

    @Nested
    class QueryBudget {

        /** Runs {@code total} statements: the customers query, orders lookups, and types queries. */
        int runStatements(Connection c, int total) throws SQLException {
            int line = -1;
            int ran = 0;
            try (Statement st = c.createStatement(); PreparedStatement orders = c.prepareStatement(ORDERS)) {
                try (ResultSet rs = st.executeQuery(CUSTOMERS)) { drain(rs); }
                ran++;
                for (int i = 0; i < 6 && ran < total; i++, ran++) {
                    orders.setInt(1, 1 + i % 5);
                    try (ResultSet rs = orders.executeQuery()) { drain(rs); }
                }
                for (int i = 0; i < 2 && ran < total; i++, ran++) {
                    try (ResultSet rs = st.executeQuery(TYPES)) { drain(rs); }
                }
                if (ran < total) {
                    try (ResultSet rs = st.executeQuery(CUSTOMERS)) { drain(rs); }
                    ran++;
                }
                while (ran < total) {
                    line = here(); try (ResultSet rs = st.executeQuery(TYPES)) { drain(rs); }
                    ran++;
                }
            }
            return line;
        }

        @Test
        void elevenStatementsOverABudgetOfTen() throws SQLException {
            engine("maxQueriesPerScope", "10");
            Scope scope;
            int line;
            try (Scope s = r.engine.scope("budget"); Connection c = ds.getConnection()) {
                scope = s;
                line = runStatements(c, 11);
                assertThat(s.queryCount()).isEqualTo(11);
            }
            Finding f = only(findingsOf(scope), FindingType.QUERY_BUDGET);
            assertThat(f.scope()).isEqualTo("budget");
            assertThat(f.count()).isEqualTo(11);
            assertThat(f.threshold()).isEqualTo(10);
            assertThat(f.fingerprint()).isNull();
            assertThat(f.sql()).isNull();
            assertCallSite(f.callSite(), QueryBudget.class, "runStatements", line);
            List<Finding.StatementCount> statements = f.statements();
            assertThat(statements).hasSize(3);
            assertThat(statements.get(0).sql()).isEqualTo(ORDERS);
            assertThat(statements.get(0).count()).isEqualTo(6);
            assertThat(statements.get(1).sql()).isEqualTo(TYPES);
            assertThat(statements.get(1).count()).isEqualTo(3);
            assertThat(statements.get(2).sql()).isEqualTo(CUSTOMERS);
            assertThat(statements.get(2).count()).isEqualTo(2);
            assertThat(statements.get(0).callSite()).isNotNull();
            assertThat(statements.get(0).callSite().methodName()).isEqualTo("runStatements");
            assertThat(f.suggestion()).isNotBlank();
            assertThat(ofType(exported(), FindingType.QUERY_BUDGET)).hasSize(1);
        }

        @Test
        void exactlyTenStatementsAreWithinTheBudget() throws SQLException {
            engine("maxQueriesPerScope", "10");
            Scope scope;
            try (Scope s = r.engine.scope("ten"); Connection c = ds.getConnection()) {
                scope = s;
                runStatements(c, 10);
                assertThat(s.queryCount()).isEqualTo(10);
            }
            assertThat(ofType(findingsOf(scope), FindingType.QUERY_BUDGET)).isEmpty();
            assertThat(findingsOf(scope)).isNotEmpty(); // the loop and the repeats are still found
        }

        @Test
        void implicitScopesHaveNoBudget() throws SQLException {
            engine("maxQueriesPerScope", "10");
            try (Connection c = ds.getConnection()) {
                runStatements(c, 20);
            }
            List<Finding> found = exported();
            assertThat(ofType(found, FindingType.QUERY_BUDGET)).isEmpty();
            assertThat(found).as("the implicit window was judged").isNotEmpty()
                    .allSatisfy(f -> assertThat(f.scopeKind()).isEqualTo(Scope.Kind.IMPLICIT));
        }
    }

    // ================================================================================== LARGE_RESULT

    @Nested
    class LargeResult {

        @Test
        void sixtyRowsReadToTheEnd() throws SQLException {
            engine("largeResultRows", "50");
            Scope scope;
            int line;
            try (Scope s = r.engine.scope("large"); Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                scope = s;
                line = here(); try (ResultSet rs = st.executeQuery(ITEMS)) { assertThat(drain(rs)).isEqualTo(60); }
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactly(FindingType.LARGE_RESULT);
            Finding f = found.get(0);
            assertThat(f.scope()).isEqualTo("large");
            assertThat(f.rows()).isEqualTo(60);
            assertThat(f.count()).isEqualTo(1);
            assertThat(f.threshold()).isEqualTo(50);
            assertThat(f.sql()).isEqualTo(ITEMS);
            assertThat(f.suggestion()).isNotBlank();
            assertCallSite(f.callSite(), LargeResult.class, "sixtyRowsReadToTheEnd", line);
            assertThat(types(exported())).containsExactly(FindingType.LARGE_RESULT);
        }

        @Test
        void sixtyRowsReadWithoutReachingTheEndThenClosed() throws SQLException {
            engine("largeResultRows", "50");
            Scope scope;
            try (Scope s = r.engine.scope("closed-after-60"); Connection c = ds.getConnection();
                 Statement st = c.createStatement()) {
                scope = s;
                try (ResultSet rs = st.executeQuery(ITEMS)) {
                    for (int i = 0; i < 60; i++) {
                        assertThat(rs.next()).isTrue();
                    }
                }
            }
            Finding f = only(findingsOf(scope), FindingType.LARGE_RESULT);
            assertThat(f.rows()).isEqualTo(60);
        }

        @Test
        void fortyNineRowsAreNotLarge() throws SQLException {
            engine("largeResultRows", "50");
            Scope scope;
            try (Scope s = r.engine.scope("49"); Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                scope = s;
                try (ResultSet rs = st.executeQuery("select * from items where id <= 49")) {
                    assertThat(drain(rs)).isEqualTo(49);
                }
            }
            assertThat(findingsOf(scope)).isEmpty();
        }

        @Test
        void onlyTheRowsReadCount() throws SQLException {
            engine("largeResultRows", "50");
            Scope scope;
            try (Scope s = r.engine.scope("10-of-60"); Connection c = ds.getConnection();
                 Statement st = c.createStatement()) {
                scope = s;
                try (ResultSet rs = st.executeQuery(ITEMS)) {
                    for (int i = 0; i < 10; i++) {
                        assertThat(rs.next()).isTrue();
                    }
                }
            }
            assertThat(findingsOf(scope)).isEmpty();
        }
    }

    // ======================================================================================== scopes

    @Nested
    class Scopes {

        @Test
        void aNestedScopesLoopIsInBothScopesFindingsAndWrittenOnce() throws SQLException {
            engine();
            Scope outerRef;
            Scope innerRef;
            try (Scope outer = r.engine.scope("outer"); Connection c = ds.getConnection()) {
                outerRef = outer;
                try (Scope inner = r.engine.scope("inner")) {
                    innerRef = inner;
                    assertThat(r.engine.currentScope()).isSameAs(inner);
                    ordersPerCustomer(c, customerIds(c));
                }
                assertThat(r.engine.currentScope()).isSameAs(outer);
                assertThat(outer.queryCount()).isEqualTo(6);
            }
            List<Finding> inner = findingsOf(innerRef);
            assertThat(types(inner)).containsExactly(FindingType.N_PLUS_ONE);
            assertOrdersLoop(inner.get(0), "inner", "ordersPerCustomer");

            List<Finding> outer = findingsOf(outerRef);
            assertThat(types(outer)).as("outer findings").containsExactly(FindingType.N_PLUS_ONE);
            assertThat(outer.get(0)).isSameAs(inner.get(0));

            assertThat(types(exported())).containsExactly(FindingType.N_PLUS_ONE);
            assertThat(r.exporter.findingSummaries()).as("the outer scope did not report the loop again").isEmpty();
        }

        @Test
        void anOpenScopeListsTheFindingsOfItsClosedNestedScopesOnly() throws SQLException {
            // Scope.findings(): the nested scopes' findings so far, and its own once it is closed.
            engine();
            Scope outerRef;
            try (Scope outer = r.engine.scope("outer"); Connection c = ds.getConnection()) {
                outerRef = outer;
                try (Scope inner = r.engine.scope("inner")) {
                    ordersPerCustomer(c, customerIds(c));
                    assertThat(inner.findings()).as("inner, still open").isEmpty();
                    assertThat(outer.findings()).as("outer, while the inner scope is open").isEmpty();
                }
                selectTimes(c, TYPES, 2); // the outer scope's own repeated query
                assertThat(outer.isClosed()).isFalse();
                assertThat(types(outer.findings())).as("outer, still open, after a nested scope closed")
                        .containsExactly(FindingType.N_PLUS_ONE);
                assertThat(outer.findings().get(0).scope()).isEqualTo("inner");
            }
            assertThat(types(findingsOf(outerRef)))
                    .containsExactlyInAnyOrder(FindingType.N_PLUS_ONE, FindingType.REPEATED_QUERY);
            assertThat(only(findingsOf(outerRef), FindingType.REPEATED_QUERY).scope()).isEqualTo("outer");
        }

        @Test
        void aLoopOfInnerScopesIsALoopOfTheOuterScope() throws SQLException {
            engine();
            Scope job;
            List<Scope> items = new ArrayList<>();
            try (Scope outer = r.engine.scope("job"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(ORDERS)) {
                job = outer;
                for (int id : customerIds(c)) {
                    try (Scope item = r.engine.scope("item-" + id)) {
                        items.add(item);
                        lookupOrders(ps, id);
                    }
                }
            }
            for (Scope item : items) {
                assertThat(item.queryCount()).isEqualTo(1);
                assertThat(findingsOf(item)).isEmpty();
            }
            List<Finding> found = findingsOf(job);
            assertThat(types(found)).containsExactly(FindingType.N_PLUS_ONE);
            Finding f = found.get(0);
            assertThat(f.scope()).isEqualTo("job");
            assertThat(f.count()).isEqualTo(5);
            assertThat(f.distinctParams()).isEqualTo(5);
            assertCallSite(f.callSite(), DetectionTest.class, "lookupOrders", lookupLine);
            assertThat(f.trigger()).isNotNull();
            assertThat(f.trigger().sql()).isEqualTo(CUSTOMERS);
            assertThat(f.trigger().rows()).isEqualTo(5);
            assertThat(types(exported())).containsExactly(FindingType.N_PLUS_ONE);
        }

        @Test
        void scopeWrapCarriesTheScopeToAnotherThread() throws Exception {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("wrapped")) {
                scope = s;
                List<Integer> ids;
                try (Connection c = ds.getConnection()) {
                    ids = customerIds(c);
                }
                Thread worker = new Thread(s.wrap(() -> ordersPerCustomer(ds, ids)), "qh-wrapped-worker");
                worker.start();
                worker.join(10_000);
                assertThat(worker.isAlive()).isFalse();
                assertThat(s.queryCount()).isEqualTo(6);
            }
            Finding f = only(findingsOf(scope), FindingType.N_PLUS_ONE);
            assertOrdersLoop(f, "wrapped", "ordersPerCustomer");
            assertThat(f.thread()).isEqualTo("qh-wrapped-worker");
            assertThat(f.scopeId()).isEqualTo(scope.id());
            assertThat(exported()).extracting(Finding::scope).containsExactly("wrapped");
        }

        @Test
        void scopeExecutorCarriesTheScopeToPooledThreads() throws Exception {
            engine();
            ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "qh-pool-worker"));
            toClose.add(pool::shutdownNow);
            Scope scope;
            try (Scope s = r.engine.scope("async")) {
                scope = s;
                List<Integer> ids;
                try (Connection c = ds.getConnection()) {
                    ids = customerIds(c);
                }
                CompletableFuture.runAsync(() -> ordersPerCustomer(ds, ids), s.executor(pool)).get(10, TimeUnit.SECONDS);
                assertThat(s.queryCount()).isEqualTo(6);
            }
            Finding f = only(findingsOf(scope), FindingType.N_PLUS_ONE);
            assertOrdersLoop(f, "async", "ordersPerCustomer");
            assertThat(f.thread()).isEqualTo("qh-pool-worker");

            // After the task, the pooled thread is back outside the scope: its queries are its own.
            pool.submit(() -> ordersPerCustomer(ds, List.of(1, 2, 3))).get(10, TimeUnit.SECONDS);
            assertThat(scope.queryCount()).isEqualTo(6);
        }

        @Test
        void aLoopOutsideAnyScopeIsReportedForTheThreadsImplicitScope() throws SQLException {
            engine();
            try (Connection c = ds.getConnection()) {
                assertThat(r.engine.currentScope()).isNull();
                ordersPerCustomer(c, customerIds(c));
            }
            assertThat(r.exporter.findings()).as("before the window ends").isEmpty();
            List<Finding> found = exported();
            assertThat(types(found)).containsExactly(FindingType.N_PLUS_ONE);
            Finding f = found.get(0);
            assertThat(f.scopeKind()).isEqualTo(Scope.Kind.IMPLICIT);
            assertThat(f.scope()).isEqualTo(Thread.currentThread().getName());
            assertThat(f.count()).isEqualTo(5);
            assertThat(f.trigger().sql()).isEqualTo(CUSTOMERS);
            assertCallSite(f.callSite(), DetectionTest.class, "ordersPerCustomer", lookupLine);
            assertThat(exported()).as("the window was reported once").hasSize(1);
        }

        @Test
        void lookupsSeparatedByAnIdleGapAreTwoWindows() throws SQLException {
            engine("implicitScopeIdleMillis", "1000");
            try (Connection c = ds.getConnection(); Connection unwrapped = H2.sameDatabase(h2).getConnection();
                 Statement raw = unwrapped.createStatement()) {
                ordersPerCustomer(c, customerIds(c).subList(0, 2));
                // The thread is idle for two virtual seconds: no query through QueryHound runs meanwhile.
                try (ResultSet rs = raw.executeQuery("select advance_micros(2000000)")) { drain(rs); }
                ordersPerCustomer(c, List.of(3, 4));
            }
            assertThat(ofType(exported(), FindingType.N_PLUS_ONE)).isEmpty();
        }

        @Test
        void lookupsWithoutAnIdleGapAreOneWindow() throws SQLException {
            engine("implicitScopeIdleMillis", "1000");
            try (Connection c = ds.getConnection(); Connection unwrapped = H2.sameDatabase(h2).getConnection();
                 Statement raw = unwrapped.createStatement()) {
                ordersPerCustomer(c, customerIds(c).subList(0, 2));
                try (ResultSet rs = raw.executeQuery("select advance_micros(900000)")) { drain(rs); }
                ordersPerCustomer(c, List.of(3, 4));
            }
            Finding f = only(exported(), FindingType.N_PLUS_ONE);
            assertThat(f.count()).isEqualTo(4);
            assertThat(f.scopeKind()).isEqualTo(Scope.Kind.IMPLICIT);
        }

        @Test
        void aSlowQueryIsNotIdleness() throws SQLException {
            // The gap is measured from the end of one query to the start of the next: a query that
            // itself runs for two seconds leaves no gap.
            engine("implicitScopeIdleMillis", "1000");
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                ordersPerCustomer(c, customerIds(c).subList(0, 2));
                try (ResultSet rs = st.executeQuery("select advance_micros(2000000)")) { drain(rs); }
                ordersPerCustomer(c, List.of(3, 4));
            }
            List<Finding> found = exported();
            assertThat(only(found, FindingType.N_PLUS_ONE).count()).isEqualTo(4);
            assertThat(only(found, FindingType.SLOW_QUERY).count()).isEqualTo(1);
        }
    }

    // ================================================================================ logParameters

    @Nested
    class Parameters {

        void customersByName(Connection c) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(CUSTOMER_BY_NAME)) {
                for (int i = 1; i <= 5; i++) {
                    ps.setString(1, "customer-" + i);
                    lookupLine = here(); try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                }
            }
        }

        void changePasswords(Connection c) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("update users set password = ? where id = ?")) {
                for (int id = 1; id <= 5; id++) {
                    ps.setString(1, "s3cret-" + id);
                    ps.setInt(2, id);
                    lookupLine = here(); ps.executeUpdate();
                }
            }
        }

        @Test
        void offByDefault() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("no-values"); Connection c = ds.getConnection()) {
                scope = s;
                customersByName(c);
                changePasswords(c);
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactlyInAnyOrder(FindingType.N_PLUS_ONE, FindingType.BATCHABLE_DML);
            for (Finding f : found) {
                assertThat(f.parameters()).isEmpty();
                assertThat(f.toJson()).doesNotContain("customer-").doesNotContain("s3cret")
                        .doesNotContain("\"parameters\"");
                assertThat(f.toText()).doesNotContain("customer-").doesNotContain("s3cret");
            }
        }

        @Test
        void atMostThreeSamplesWhenEnabled() throws Exception {
            engine("logParameters", "true");
            Scope scope;
            try (Scope s = r.engine.scope("values"); Connection c = ds.getConnection()) {
                scope = s;
                customersByName(c);
            }
            Finding f = only(findingsOf(scope), FindingType.N_PLUS_ONE);
            assertThat(f.parameters()).containsExactly(List.of("customer-1"), List.of("customer-2"),
                    List.of("customer-3"));
            JsonNode parameters = JSON.readTree(f.toJson()).path("parameters");
            assertThat(parameters.isArray()).isTrue();
            assertThat(parameters).hasSize(3);
            assertThat(parameters.get(0).get(0).asText()).isEqualTo("customer-1");
        }

        @Test
        void passwordsAreMaskedAndIdsKept() throws Exception {
            engine("logParameters", "true");
            Scope scope;
            try (Scope s = r.engine.scope("passwords"); Connection c = ds.getConnection()) {
                scope = s;
                changePasswords(c);
            }
            Finding f = only(findingsOf(scope), FindingType.BATCHABLE_DML);
            assertThat(f.count()).isEqualTo(5);
            assertThat(f.parameters()).containsExactly(List.of("****", "1"), List.of("****", "2"),
                    List.of("****", "3"));
            assertThat(f.toJson()).doesNotContain("s3cret");
        }

        @Test
        void literalsOfAPlainStatementAreTakenFromTheSql() throws SQLException {
            engine("logParameters", "true");
            Scope scope;
            try (Scope s = r.engine.scope("literals"); Connection c = ds.getConnection();
                 Statement st = c.createStatement()) {
                scope = s;
                for (int id = 7; id <= 10; id++) {
                    st.executeUpdate("delete from pets where id=" + id);
                }
            }
            Finding f = only(findingsOf(scope), FindingType.BATCHABLE_DML);
            assertThat(f.count()).isEqualTo(4);
            assertThat(f.parameters()).containsExactly(List.of("7"), List.of("8"), List.of("9"));
        }
    }

    // ============================================================================ edges and sampling

    @Nested
    class Edges {

        @Test
        void exactlyAtTheThresholdsIsAFinding() throws SQLException {
            engine("largeResultRows", "50");
            Scope scope;
            try (Scope s = r.engine.scope("thresholds"); Connection c = ds.getConnection();
                 Statement st = c.createStatement()) {
                scope = s;
                ordersPerCustomer(c, customerIds(c).subList(0, 3));
                try (ResultSet rs = st.executeQuery("select advance_micros(100000)")) { drain(rs); }
                try (ResultSet rs = st.executeQuery("select * from items where id <= 50")) { drain(rs); }
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactlyInAnyOrder(FindingType.N_PLUS_ONE, FindingType.SLOW_QUERY,
                    FindingType.LARGE_RESULT);
            assertThat(only(found, FindingType.N_PLUS_ONE).count()).isEqualTo(3);
            assertThat(only(found, FindingType.SLOW_QUERY).maxMillis()).isEqualTo(100.0);
            assertThat(only(found, FindingType.LARGE_RESULT).rows()).isEqualTo(50);
        }

        @Test
        void aLongLoopIsCountedExactlyDespiteSampling() throws SQLException {
            engine();
            Scope scope;
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ids.add(i);
            }
            try (Scope s = r.engine.scope("long-loop"); Connection c = ds.getConnection()) {
                scope = s;
                customerIds(c);
                ordersPerCustomer(c, ids);
            }
            Finding f = only(findingsOf(scope), FindingType.N_PLUS_ONE);
            assertThat(f.count()).isEqualTo(100);
            assertThat(f.distinctParams()).isEqualTo(100);
            assertCallSite(f.callSite(), DetectionTest.class, "ordersPerCustomer", lookupLine);
        }

        @Test
        void aLoopAfterASingleExecutionElsewhereIsBlamedOnTheLoopLine() throws SQLException {
            engine();
            Scope scope;
            int single;
            try (Scope s = r.engine.scope("single-then-loop"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(ORDERS)) {
                scope = s;
                ps.setInt(1, 99);
                single = here(); try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                ordersPerCustomer(c, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
            }
            Finding f = only(findingsOf(scope), FindingType.N_PLUS_ONE);
            assertThat(lookupLine).isNotEqualTo(single);
            assertCallSite(f.callSite(), DetectionTest.class, "ordersPerCustomer", lookupLine);
            assertThat(f.count()).isEqualTo(10);
            assertThat(f.distinctParams()).isEqualTo(10);
        }

        @Test
        void aSlowExecutionIsBlamedOnItsOwnLine() throws SQLException {
            engine();
            Scope scope;
            int slowLine;
            try (Scope s = r.engine.scope("slow-second"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select advance_micros(?)")) {
                scope = s;
                ps.setInt(1, 1000);
                try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                ps.setInt(1, 300_000);
                slowLine = here(); try (ResultSet rs = ps.executeQuery()) { drain(rs); }
            }
            Finding f = only(findingsOf(scope), FindingType.SLOW_QUERY);
            assertThat(f.count()).isEqualTo(1);
            assertThat(f.maxMillis()).isEqualTo(300.0);
            assertCallSite(f.callSite(), Edges.class, "aSlowExecutionIsBlamedOnItsOwnLine", slowLine);
        }

        /** Executes, and hands the open result to the caller, as a DAO does. */
        ResultSet openItems(PreparedStatement ps, int upTo) throws SQLException {
            ps.setInt(1, upTo);
            lookupLine = here(); return ps.executeQuery();
        }

        @Test
        void aLargeResultOfAnUnsampledExecutionNamesTheLineThatReadIt() throws SQLException {
            // Only sampled executions know the line that ran them (a stack walk per execution is too
            // dear); for the others the stack is walked when the result finishes, which names the
            // code that read it (docs/findings.md, LARGE_RESULT).
            engine("largeResultRows", "50");
            Scope scope;
            try (Scope s = r.engine.scope("large-later"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select * from items where id <= ?")) {
                scope = s;
                ps.setInt(1, 5);
                try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                try (ResultSet rs = openItems(ps, 60)) {
                    assertThat(drain(rs)).isEqualTo(60);
                }
            }
            Finding f = only(findingsOf(scope), FindingType.LARGE_RESULT);
            assertThat(f.rows()).isEqualTo(60);
            assertCallSite(f.callSite(), DetectionTest.class, "drain", drainNextLine);
        }

        @Test
        void rowsOfAResultClosedWithItsStatementAreCounted() throws SQLException {
            engine("largeResultRows", "50");
            Scope scope;
            try (Scope s = r.engine.scope("statement-closed"); Connection c = ds.getConnection()) {
                scope = s;
                try (Statement st = c.createStatement()) {
                    ResultSet rs = st.executeQuery(ITEMS);
                    for (int i = 0; i < 60; i++) {
                        assertThat(rs.next()).isTrue();
                    }
                }
            }
            assertThat(only(findingsOf(scope), FindingType.LARGE_RESULT).rows()).isEqualTo(60);
        }

        @Test
        void rowsOfAResultClosedWithItsConnectionAreCounted() throws SQLException {
            engine("largeResultRows", "50");
            Scope scope;
            try (Scope s = r.engine.scope("connection-closed")) {
                scope = s;
                try (Connection c = ds.getConnection()) {
                    ResultSet rs = c.createStatement().executeQuery(ITEMS);
                    for (int i = 0; i < 60; i++) {
                        assertThat(rs.next()).isTrue();
                    }
                }
            }
            assertThat(only(findingsOf(scope), FindingType.LARGE_RESULT).rows()).isEqualTo(60);
        }

        @Test
        void rowsOfAResultFetchedWithGetResultSetAreCounted() throws SQLException {
            engine("largeResultRows", "50");
            Scope scope;
            try (Scope s = r.engine.scope("get-result-set"); Connection c = ds.getConnection();
                 Statement st = c.createStatement()) {
                scope = s;
                assertThat(st.execute(ITEMS)).isTrue();
                try (ResultSet rs = st.getResultSet()) {
                    assertThat(drain(rs)).isEqualTo(60);
                }
            }
            assertThat(only(findingsOf(scope), FindingType.LARGE_RESULT).rows()).isEqualTo(60);
        }

        @Test
        void theSameFindingInALaterScopeIsSummarisedNotWrittenAgain() throws SQLException {
            engine();
            for (String name : List.of("request-1", "request-2", "request-3")) {
                try (Scope s = r.engine.scope(name); Connection c = ds.getConnection()) {
                    ordersPerCustomer(c, customerIds(c));
                    assertThat(s).isNotNull();
                }
            }
            List<Finding> written = exported();
            assertThat(types(written)).containsExactly(FindingType.N_PLUS_ONE);
            assertThat(written.get(0).scope()).isEqualTo("request-1");
            assertThat(r.exporter.findingSummaries()).hasSize(1);
            io.queryhound.FindingSummary summary = r.exporter.findingSummaries().get(0);
            assertThat(summary.type()).isEqualTo(FindingType.N_PLUS_ONE);
            assertThat(summary.occurrences()).isEqualTo(2);
            assertThat(summary.totalOccurrences()).isEqualTo(3);
            assertThat(summary.count()).isEqualTo(10);
            assertThat(summary.lastScope()).isEqualTo("request-3");
            assertThat(summary.callSite()).isEqualTo(written.get(0).callSite());
        }

        @Test
        void aJdbcHelperInSkipPackagesIsNotTheCallSite() throws SQLException {
            engine("skipPackages", JdbcHelper.class.getName());
            Scope scope;
            try (Scope s = r.engine.scope("helper"); Connection c = ds.getConnection()) {
                scope = s;
                customerIds(c);
                for (int id = 1; id <= 4; id++) {
                    lookupLine = here(); JdbcHelper.query(c, ORDERS, id);
                }
            }
            Finding f = only(findingsOf(scope), FindingType.N_PLUS_ONE);
            assertCallSite(f.callSite(), Edges.class, "aJdbcHelperInSkipPackagesIsNotTheCallSite", lookupLine);
        }

        @Test
        void withoutSkipPackagesTheHelperIsTheCallSite() throws SQLException {
            engine();
            Scope scope;
            try (Scope s = r.engine.scope("helper"); Connection c = ds.getConnection()) {
                scope = s;
                customerIds(c);
                for (int id = 1; id <= 4; id++) {
                    JdbcHelper.query(c, ORDERS, id);
                }
            }
            Finding f = only(findingsOf(scope), FindingType.N_PLUS_ONE);
            assertThat(f.callSite().className()).isEqualTo(JdbcHelper.class.getName());
            assertThat(f.callSite().methodName()).isEqualTo("query");
        }

        @Test
        void callSiteFramesLimitsTheStack() throws SQLException {
            engine("callSiteFrames", "0");
            Scope scope;
            try (Scope s = r.engine.scope("no-stack"); Connection c = ds.getConnection()) {
                scope = s;
                ordersPerCustomer(c, customerIds(c));
            }
            Finding f = only(findingsOf(scope), FindingType.N_PLUS_ONE);
            assertCallSite(f.callSite(), DetectionTest.class, "ordersPerCustomer", lookupLine);
            assertThat(f.stack()).isEmpty();
        }

        @Test
        void aLoopOnAnotherThreadOutsideAnyScopeIsThatThreadsImplicitScope() throws Exception {
            engine();
            List<Integer> ids;
            try (Connection c = H2.sameDatabase(h2).getConnection()) {
                ids = customerIds(c); // unwrapped: not recorded
            }
            Thread worker = new Thread(() -> ordersPerCustomer(ds, ids), "qh-unscoped-worker");
            worker.start();
            worker.join(10_000);
            Finding f = only(exported(), FindingType.N_PLUS_ONE);
            assertThat(f.scopeKind()).isEqualTo(Scope.Kind.IMPLICIT);
            assertThat(f.scope()).isEqualTo("qh-unscoped-worker");
            assertThat(f.thread()).isEqualTo("qh-unscoped-worker");
            assertThat(f.trigger()).isNull();
        }

        @Test
        void sqlNullParametersAreJsonNull() throws Exception {
            engine("logParameters", "true");
            Scope scope;
            try (Scope s = r.engine.scope("nulls"); Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select * from orders where customer_id = ? or total = ?")) {
                scope = s;
                for (int id = 1; id <= 3; id++) {
                    ps.setInt(1, id);
                    ps.setNull(2, Types.INTEGER);
                    try (ResultSet rs = ps.executeQuery()) { drain(rs); }
                }
            }
            Finding f = only(findingsOf(scope), FindingType.N_PLUS_ONE);
            JsonNode first = JSON.readTree(f.toJson()).path("parameters").path(0);
            assertThat(first.path(0).asText()).isEqualTo("1");
            assertThat(first.get(1).isNull()).as("an SQL NULL in %s", first).isTrue();
        }

        @Test
        void aBudgetAlreadyReportedByANestedScopeIsNotReportedAgainByTheOuterOne() throws SQLException {
            engine("maxQueriesPerScope", "10");
            Scope outerRef;
            Scope innerRef;
            int crossing = -1;
            try (Scope outer = r.engine.scope("outer-only-nested"); Connection c = ds.getConnection();
                 Statement st = c.createStatement()) {
                outerRef = outer;
                try (Scope inner = r.engine.scope("inner-over-budget")) {
                    innerRef = inner;
                    for (int i = 0; i < 11; i++) {
                        crossing = here(); try (ResultSet rs = st.executeQuery("select * from types where id = " + i)) { drain(rs); }
                    }
                }
            }
            Finding innerBudget = only(findingsOf(innerRef), FindingType.QUERY_BUDGET);
            assertThat(innerBudget.count()).isEqualTo(11);
            assertCallSite(innerBudget.callSite(), Edges.class,
                    "aBudgetAlreadyReportedByANestedScopeIsNotReportedAgainByTheOuterOne", crossing);
            assertThat(ofType(findingsOf(outerRef), FindingType.QUERY_BUDGET))
                    .as("the outer scope ran nothing but the nested scope's 11 statements").containsExactly(innerBudget);
            assertThat(ofType(exported(), FindingType.QUERY_BUDGET)).hasSize(1);
        }

        @Test
        void aBudgetCrossedInsideANestedScopeNamesTheLineThatCrossedIt() throws SQLException {
            engine("maxQueriesPerScope", "10");
            Scope scope;
            int crossing = -1;
            try (Scope outer = r.engine.scope("outer-budget"); Connection c = ds.getConnection();
                 Statement st = c.createStatement()) {
                scope = outer;
                for (int i = 0; i < 5; i++) {
                    try (ResultSet rs = st.executeQuery("select * from pets where id = " + i)) { drain(rs); }
                }
                try (Scope inner = r.engine.scope("inner-budget")) {
                    for (int i = 0; i < 8; i++) {
                        if (i == 5) {
                            crossing = here(); try (ResultSet rs = st.executeQuery(TYPES)) { drain(rs); }
                        } else {
                            try (ResultSet rs = st.executeQuery("select * from types where id = " + i)) { drain(rs); }
                        }
                    }
                    assertThat(inner.queryCount()).isEqualTo(8);
                }
                assertThat(outer.queryCount()).isEqualTo(13);
            }
            List<Finding> budget = ofType(findingsOf(scope), FindingType.QUERY_BUDGET);
            assertThat(budget).hasSize(1);
            assertThat(budget.get(0).scope()).isEqualTo("outer-budget");
            assertThat(budget.get(0).count()).isEqualTo(13);
            assertCallSite(budget.get(0).callSite(), Edges.class,
                    "aBudgetCrossedInsideANestedScopeNamesTheLineThatCrossedIt", crossing);
        }
    }

    /** A project's own JDBC helper: the line to blame is its caller's. */
    static final class JdbcHelper {
        static void query(Connection c, String sql, int key) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, key);
                try (ResultSet rs = ps.executeQuery()) { drain(rs); }
            }
        }
    }

    // ========================================================================================= JSON

    @Nested
    class Json {

        @Test
        void everyFindingTypeRendersAsParsableJson() throws Exception {
            engine("maxQueriesPerScope", "12", "largeResultRows", "50");
            Scope scope;
            try (Scope s = r.engine.scope("everything"); Connection c = ds.getConnection();
                 Statement st = c.createStatement()) {
                scope = s;
                ordersPerCustomer(c, customerIds(c));                         // N_PLUS_ONE (6 statements)
                selectTimes(c, TYPES, 2);                                     // REPEATED_QUERY (8)
                for (int id = 7; id <= 9; id++) {                             // BATCHABLE_DML (11)
                    st.executeUpdate("delete from pets where id=" + id);
                }
                try (ResultSet rs = st.executeQuery("select advance_micros(150000)")) { drain(rs); } // SLOW (12)
                try (ResultSet rs = st.executeQuery(ITEMS)) { drain(rs); }   // LARGE_RESULT, QUERY_BUDGET (13)
                DataSource slowPool = r.engine.wrap(slowToConnect(80_000), "slowPool");
                try (Connection slow = slowPool.getConnection()) {            // SLOW_CONNECTION
                    assertThat(slow.isValid(1)).isTrue();
                }
            }
            List<Finding> found = findingsOf(scope);
            assertThat(types(found)).containsExactlyInAnyOrder(FindingType.values());
            for (Finding f : found) {
                JsonNode json = JSON.readTree(f.toJson());
                assertThat(json.path("type").asText()).isEqualTo(f.type().name());
                assertThat(json.path("scope").asText()).isEqualTo("everything");
                assertThat(json.path("scopeKind").asText()).isEqualTo("explicit");
                assertThat(json.path("scopeId").asText()).isEqualTo(scope.id());
                switch (f.type()) {
                    case N_PLUS_ONE -> {
                        assertThat(json.path("trigger").path("sql").asText()).isEqualTo(CUSTOMERS);
                        assertThat(json.path("trigger").path("rows").asLong()).isEqualTo(5);
                        assertThat(json.path("distinctParams").asLong()).isEqualTo(5);
                        assertThat(json.path("fingerprint").asText()).hasSize(16);
                    }
                    case QUERY_BUDGET -> {
                        assertThat(json.get("fingerprint").isNull()).isTrue();
                        assertThat(json.get("sql").isNull()).isTrue();
                        assertThat(json.path("statements").isArray()).isTrue();
                        assertThat(json.path("statements")).hasSize(5);
                        assertThat(json.path("statements").get(0).path("sql").asText()).isEqualTo(ORDERS);
                        assertThat(json.path("statements").get(0).path("count").asLong()).isEqualTo(5);
                        assertThat(json.path("count").asLong()).isEqualTo(13);
                    }
                    case LARGE_RESULT -> assertThat(json.path("rows").asLong()).isEqualTo(60);
                    case SLOW_QUERY -> assertThat(json.path("maxMillis").asDouble()).isEqualTo(150.0);
                    case SLOW_CONNECTION -> {
                        assertThat(json.path("dataSource").asText()).isEqualTo("slowPool");
                        assertThat(json.path("maxMillis").asDouble()).isEqualTo(80.0);
                        assertThat(json.path("failed").asLong()).isZero();
                        assertThat(json.get("sql").isNull()).isTrue();
                    }
                    default -> assertThat(json.has("rows")).isFalse();
                }
            }
            assertThat(exported()).hasSize(7);
        }
    }
}
