package io.queryhound.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.Scope;
import io.queryhound.junit.QueryAssertions;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryLog;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.H2;
import io.queryhound.testing.Interposer;
import io.queryhound.testing.RecordingEngine;
import io.queryhound.testing.SqlFunctions;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static io.queryhound.junit.QueryExpectation.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code SLOW_CONNECTION} end to end in library mode: a real HikariCP pool over H2, wrapped, with a
 * DataSource in between whose {@code getConnection} takes a set amount of virtual time (the
 * per-thread clock of {@link SqlFunctions}, which is the engine's ticker), so "slow" is exact and no
 * test sleeps or depends on a real pool running dry.
 */
class SlowConnectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private JdbcDataSource h2;
    private HikariDataSource pool;
    private RecordingEngine r;
    /** Virtual time the next {@code getConnection} of {@link #delayed} takes, in microseconds. */
    private int delayMicros;
    /** Thrown by the next {@code getConnection} of {@link #delayed} after its delay, when set. */
    private Throwable failure;
    /** The pool behind a DataSource that takes {@link #delayMicros} to hand out a connection. */
    private DataSource delayed;
    /** Set by a test that provokes an internal error on purpose. */
    private boolean internalErrorExpected;

    @BeforeEach
    void setUp() throws SQLException {
        h2 = H2.newDataSource();
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table orders (id int primary key, total int)");
            s.execute("insert into orders values (1, 10)");
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(h2);
        config.setMaximumPoolSize(2);
        config.setPoolName("slow-connection-test");
        pool = new HikariDataSource(config);
        delayed = delaying(pool);
        r = new RecordingEngine(QueryHound.builder().ticker(SqlFunctions::virtualNanos));
    }

    @AfterEach
    void tearDown() throws Exception {
        r.close();
        pool.close();
        if (!internalErrorExpected) {
            assertThat(diagnostics.text()).as("QueryHound's own diagnostics").doesNotContain("internal error");
        }
    }

    /** {@code target} with {@code getConnection} taking {@link #delayMicros} and then throwing {@link #failure}, if set. */
    private DataSource delaying(DataSource target) {
        return Interposer.proxy(DataSource.class, target, (real, proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
                SqlFunctions.advanceMicros(delayMicros);
                if (failure != null) {
                    throw failure;
                }
            }
            return Interposer.invoke(real, method, args);
        });
    }

    /** A delegating DataSource that does not pass isWrapperFor through, so wrapping over it wraps again. */
    private static DataSource opaque(DataSource inner) {
        return Interposer.proxy(DataSource.class, inner, (target, proxy, method, args) ->
                method.getName().equals("isWrapperFor") ? false : Interposer.invoke(target, method, args));
    }

    /** Gets a connection taking {@code micros}, runs one query on it and gives it back. */
    private static void query(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select total from orders where id = 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    private void acquire(DataSource ds, int micros) throws SQLException {
        delayMicros = micros;
        query(ds);
    }

    private List<Finding> exported() {
        r.engine.reportFindings();
        return r.exporter.findings();
    }

    /** The SLOW_CONNECTION findings among {@code findings} (a test that queries twice also has a repeated query). */
    private static List<Finding> slow(List<Finding> findings) {
        return findings.stream().filter(f -> f.type() == FindingType.SLOW_CONNECTION).toList();
    }

    private static Finding only(List<Finding> findings) {
        assertThat(findings).as("findings").hasSize(1);
        return findings.get(0);
    }

    // ------------------------------------------------------------------------------------ the rule

    @Test
    void anAcquisitionOfEightyMillisecondsIsAFindingOfItsScope() throws SQLException {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        Scope scope;
        try (Scope s = r.engine.scope("checkout")) {
            scope = s;
            acquire(ds, 80_000);
        }

        Finding f = only(scope.findings());
        assertThat(f.type()).isEqualTo(FindingType.SLOW_CONNECTION);
        assertThat(f.severity()).isEqualTo(FindingType.Severity.WARNING);
        assertThat(f.scope()).isEqualTo("checkout");
        assertThat(f.scopeKind()).isEqualTo(Scope.Kind.EXPLICIT);
        assertThat(f.scopeId()).isEqualTo(scope.id());
        assertThat(f.dataSource()).isEqualTo("ordersPool");
        assertThat(f.thread()).isEqualTo(Thread.currentThread().getName());
        assertThat(f.count()).isEqualTo(1);
        assertThat(f.failed()).isZero();
        assertThat(f.maxMillis()).isEqualTo(80.0);
        assertThat(f.totalMillis()).isEqualTo(80.0);
        assertThat(f.threshold()).isEqualTo(50);
        assertThat(f.fingerprint()).isNull();
        assertThat(f.sql()).isNull();
        assertThat(f.callSite()).isNull();
        assertThat(f.stack()).isEmpty();
        assertThat(f.suggestion()).contains("maximumPoolSize").contains("DNS");
        assertThat(f.toText()).isEqualTo("SLOW_CONNECTION 1 connection acquisition from ordersPool, max 80.000 ms"
                + " >= 50 ms, 80.000 ms total [scope checkout] \u2014 " + f.suggestion());
        assertThat(exported()).containsExactly(f);
    }

    @Test
    void aTenMillisecondAcquisitionIsNothing() throws SQLException {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        Scope scope;
        try (Scope s = r.engine.scope("checkout")) {
            scope = s;
            acquire(ds, 10_000);
        }

        assertThat(scope.findings()).isEmpty();
        assertThat(exported()).isEmpty();
    }

    @Test
    void exactlyTheThresholdIsSlowAndJustBelowIsNot() throws SQLException {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        Scope below;
        try (Scope s = r.engine.scope("below")) {
            below = s;
            acquire(ds, 49_999);
        }
        Scope at;
        try (Scope s = r.engine.scope("at")) {
            at = s;
            acquire(ds, 50_000);
        }

        assertThat(below.findings()).isEmpty();
        assertThat(only(at.findings()).maxMillis()).isEqualTo(50.0);
    }

    @Test
    void theThresholdIsTheSlowConnectionMillisSetting() throws SQLException {
        r.close();
        r = new RecordingEngine(QueryHound.builder().ticker(SqlFunctions::virtualNanos)
                .set("slowConnectionMillis", "200"));
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        Scope scope;
        try (Scope s = r.engine.scope("checkout")) {
            scope = s;
            acquire(ds, 150_000);
            acquire(ds, 250_000);
        }

        Finding f = only(slow(scope.findings()));
        assertThat(f.count()).isEqualTo(1);
        assertThat(f.maxMillis()).isEqualTo(250.0);
        assertThat(f.threshold()).isEqualTo(200);
    }

    @Test
    void slowAcquisitionsOfOneScopeAreOneFindingPerDataSource() throws SQLException {
        DataSource orders = r.engine.wrap(delayed, "ordersPool");
        DataSource audit = r.engine.wrap(delaying(h2), "auditDb");
        Scope scope;
        try (Scope s = r.engine.scope("nightly-import")) {
            scope = s;
            acquire(orders, 80_000);
            acquire(orders, 5_000);    // fast: not counted
            acquire(audit, 60_000);
            acquire(orders, 120_000);
            acquire(orders, 60_000);
        }

        List<Finding> found = slow(scope.findings());
        assertThat(found).extracting(Finding::dataSource).containsExactly("ordersPool", "auditDb");
        Finding orderPool = found.get(0);
        assertThat(orderPool.count()).isEqualTo(3);
        assertThat(orderPool.totalMillis()).isEqualTo(260.0);
        assertThat(orderPool.maxMillis()).isEqualTo(120.0);
        assertThat(orderPool.suggestion()).startsWith("3 connection acquisitions took at least 50 ms (slowest 120.000 ms)");
        assertThat(found.get(1).count()).isEqualTo(1);
        assertThat(found.get(1).maxMillis()).isEqualTo(60.0);
    }

    @Test
    void aSlowAcquisitionComesWithTheOtherFindingsOfItsScope() throws SQLException {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        Scope scope;
        try (Scope s = r.engine.scope("report")) {
            scope = s;
            delayMicros = 70_000;
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                SqlFunctions.register(st);
                try (ResultSet rs = st.executeQuery("select advance_micros(150000)")) {
                    assertThat(rs.next()).isTrue();
                }
            }
        }

        assertThat(scope.findings()).extracting(Finding::type)
                .containsExactly(FindingType.SLOW_QUERY, FindingType.SLOW_CONNECTION);
        assertThat(scope.findings()).extracting(Finding::scopeId).containsOnly(scope.id());
    }

    // ------------------------------------------------------------------------------- capture

    @Test
    void twoWrappedLayersReportOnceWithTheTimeTheApplicationWaited() throws SQLException {
        DataSource inner = r.engine.wrap(delayed, "inner");
        DataSource outer = r.engine.wrap(opaque(delaying(inner)), "outer");
        assertThat(outer).isNotSameAs(inner); // really two QueryHound layers
        Scope scope;
        try (Scope s = r.engine.scope("layers")) {
            scope = s;
            acquire(outer, 40_000); // 40 ms in each layer's delaying DataSource: 80 ms in all
        }

        Finding f = only(scope.findings());
        assertThat(f.dataSource()).isEqualTo("outer");
        assertThat(f.count()).isEqualTo(1);
        assertThat(f.maxMillis()).isEqualTo(80.0);
    }

    @Test
    void theDataSourcesExceptionReachesTheApplicationUnchangedAndASlowFailureIsCounted() throws SQLException {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "slow-connection-test - Connection is not available, request timed out after 30000ms.");
        Scope scope;
        try (Scope s = r.engine.scope("checkout")) {
            scope = s;
            delayMicros = 30_000_000;
            failure = timeout;
            assertThat(catchThrowable(ds::getConnection)).isSameAs(timeout);
            failure = null;
            acquire(ds, 90_000);
        }

        Finding f = only(scope.findings());
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.failed()).isEqualTo(1);
        assertThat(f.maxMillis()).isEqualTo(30_000.0);
        assertThat(f.totalMillis()).isEqualTo(30_090.0);
        assertThat(f.suggestion()).startsWith("2 connection acquisitions took at least 50 ms (slowest 30000.000 ms),"
                + " 1 of them failed: a slow failure is typically a pool timeout");
        assertThat(f.toText()).contains("2 connection acquisitions from ordersPool (1 failed), max 30000.000 ms");
    }

    @Test
    void runtimeExceptionsAndErrorsOfTheDataSourceReachTheApplicationUnchanged() {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        IllegalStateException closedPool = new IllegalStateException("pool is closed");
        failure = closedPool;
        assertThat(catchThrowable(ds::getConnection)).isSameAs(closedPool);
        assertThat(catchThrowable(() -> ds.getConnection("sa", ""))).isSameAs(closedPool);
        AssertionError error = new AssertionError("an Error of the DataSource");
        failure = error;
        assertThat(catchThrowable(ds::getConnection)).isSameAs(error);
    }

    @Test
    void aFastFailureIsNoFinding() {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        SQLException refused = new SQLException("Connection refused", "08001");
        Scope scope;
        try (Scope s = r.engine.scope("checkout")) {
            scope = s;
            delayMicros = 2_000;
            failure = refused;
            assertThat(catchThrowable(ds::getConnection)).isSameAs(refused);
        }

        assertThat(scope.findings()).isEmpty();
    }

    @Test
    void getConnectionWithUserAndPasswordIsTimedToo() throws SQLException {
        DataSource ds = r.engine.wrap(delaying(h2), "h2");
        Scope scope;
        try (Scope s = r.engine.scope("login")) {
            scope = s;
            delayMicros = 75_000;
            try (Connection c = ds.getConnection("sa", "")) {
                assertThat(c.isValid(1)).isTrue();
            }
        }

        assertThat(only(scope.findings()).maxMillis()).isEqualTo(75.0);
    }

    @Test
    void aTickerThatFailsNeverReachesTheApplication() throws SQLException {
        r.close();
        r = new RecordingEngine(QueryHound.builder().ticker(() -> {
            throw new IllegalStateException("broken ticker");
        }));
        internalErrorExpected = true;
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        delayMicros = 80_000;
        for (int i = 0; i < 2; i++) {
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
        }

        assertThat(diagnostics.text()).contains("internal error").contains("connection capture");
    }

    // --------------------------------------------------------------------------------- scopes

    @Test
    void outsideEveryScopeItIsAFindingOfTheThreadsImplicitScope() throws SQLException {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        acquire(ds, 80_000);

        Finding f = only(exported());
        assertThat(f.type()).isEqualTo(FindingType.SLOW_CONNECTION);
        assertThat(f.scopeKind()).isEqualTo(Scope.Kind.IMPLICIT);
        assertThat(f.scope()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void anAcquisitionWithoutAnyQueryIsStillReportedFromTheImplicitScope() throws SQLException {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        delayMicros = 80_000;
        ds.getConnection().close();

        assertThat(only(exported()).dataSource()).isEqualTo("ordersPool");
    }

    @Test
    void aNestedScopeReportsItsOwnAndTheOuterScopeListsButDoesNotRepeatIt() throws SQLException {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        Scope outer;
        Scope inner;
        try (Scope o = r.engine.scope("batch")) {
            outer = o;
            try (Scope i = r.engine.scope("item-1")) {
                inner = i;
                acquire(ds, 80_000);
            }
            acquire(ds, 90_000);
        }

        Finding nested = only(inner.findings());
        assertThat(nested.scope()).isEqualTo("item-1");
        List<Finding> listed = slow(outer.findings());
        assertThat(listed).extracting(Finding::scope).containsExactly("item-1", "batch");
        Finding own = listed.get(1);
        assertThat(own.count()).as("the outer scope's own acquisition only").isEqualTo(1);
        assertThat(own.maxMillis()).isEqualTo(90.0);
    }

    @Test
    void theSameSlowConnectionInManyScopesIsWrittenOnceThenSummarised() throws Exception {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        DataSource other = r.engine.wrap(delaying(h2), "reportingDb");
        for (int request = 0; request < 3; request++) {
            try (Scope s = r.engine.scope("GET /orders")) {
                acquire(ds, 60_000 + 10_000 * request);
                if (request == 2) {
                    failure = new SQLTransientConnectionException("timeout");
                    catchThrowable(ds::getConnection);
                    failure = null;
                }
            }
        }
        try (Scope s = r.engine.scope("GET /report")) {
            acquire(other, 55_000);
        }

        List<Finding> written = exported();
        assertThat(written).extracting(Finding::dataSource).containsExactly("ordersPool", "reportingDb");
        List<FindingSummary> summaries = r.exporter.findingSummaries();
        assertThat(summaries).hasSize(1);
        FindingSummary summary = summaries.get(0);
        assertThat(summary.type()).isEqualTo(FindingType.SLOW_CONNECTION);
        assertThat(summary.dataSource()).isEqualTo("ordersPool");
        assertThat(summary.occurrences()).isEqualTo(2);
        assertThat(summary.totalOccurrences()).isEqualTo(3);
        assertThat(summary.count()).isEqualTo(3);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.maxMillis()).isEqualTo(80.0);
        assertThat(summary.lastScope()).isEqualTo("GET /orders");

        JsonNode json = JSON.readTree(summary.toJson());
        assertThat(json.path("record").asText()).isEqualTo("findingSummary");
        assertThat(json.path("dataSource").asText()).isEqualTo("ordersPool");
        assertThat(json.path("failed").asLong()).isEqualTo(1);
        assertThat(json.get("sql").isNull()).isTrue();
        assertThat(json.path("message").asText()).contains("3 slow acquisitions, 1 failed")
                .contains("connections from ordersPool");
    }

    @Test
    void theAgentsEntryPointFeedsTheSameRule() {
        Scope scope;
        try (Scope s = r.engine.scope("GET /agent")) {
            scope = s;
            r.engine.recorder().connectionAcquired("jdbc:h2:mem:agent", 49_999_999L, false);
            r.engine.recorder().connectionAcquired("jdbc:h2:mem:agent", 50_000_000L, true);
            r.engine.recorder().connectionAcquired(null, 70_000_000L, false);
        }

        List<Finding> found = scope.findings();
        assertThat(found).extracting(Finding::dataSource).containsExactly("jdbc:h2:mem:agent", null);
        assertThat(found.get(0).failed()).isEqualTo(1);
        assertThat(found.get(1).toText()).contains("from (unnamed DataSource)");
    }

    @Test
    void afterCloseNothingIsRecordedAndNothingThrows() throws SQLException {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        r.close();
        acquire(ds, 80_000);

        assertThat(r.exporter.findings()).isEmpty();
    }

    // ----------------------------------------------------------------------------------- JSON

    @Test
    void theJsonLineHasTheDocumentedFields() throws Exception {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        try (Scope s = r.engine.scope("GET /orders/{id}")) {
            acquire(ds, 80_000);
            failure = new SQLTransientConnectionException("timeout");
            delayMicros = 30_000_000;
            catchThrowable(ds::getConnection);
            failure = null;
        }

        Finding f = only(exported());
        JsonNode json = JSON.readTree(f.toJson());
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertThat(names).containsExactly("schema", "record", "timestamp", "type", "severity", "scope", "scopeKind",
                "scopeId", "thread", "dataSource", "fingerprint", "statementType", "sql", "count", "failed",
                "totalMillis", "maxMillis", "threshold", "callSite", "stack", "suggestion", "message");
        assertThat(json.path("type").asText()).isEqualTo("SLOW_CONNECTION");
        assertThat(json.path("severity").asText()).isEqualTo("warning");
        assertThat(json.path("scope").asText()).isEqualTo("GET /orders/{id}");
        assertThat(json.path("scopeKind").asText()).isEqualTo("explicit");
        assertThat(json.path("dataSource").asText()).isEqualTo("ordersPool");
        assertThat(json.get("fingerprint").isNull()).isTrue();
        assertThat(json.get("statementType").isNull()).isTrue();
        assertThat(json.get("sql").isNull()).isTrue();
        assertThat(json.get("callSite").isNull()).isTrue();
        assertThat(json.path("count").asLong()).isEqualTo(2);
        assertThat(json.path("failed").asLong()).isEqualTo(1);
        assertThat(json.path("totalMillis").asDouble()).isEqualTo(30_080.0);
        assertThat(json.path("maxMillis").asDouble()).isEqualTo(30_000.0);
        assertThat(json.path("threshold").asLong()).isEqualTo(50);
        assertThat(json.path("suggestion").asText()).contains("maximumPoolSize");
        assertThat(json.path("message").asText()).isEqualTo(f.toText());
    }

    // ------------------------------------------------------------------------ test recordings

    @Test
    void aRecordedBlockListsTheSlowConnectionAndItsReportRendersIt() throws Exception {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        delayMicros = 80_000;
        QueryLog log = QueryHound.record(() -> query(ds));

        assertThat(log.count()).isEqualTo(1);
        Finding f = only(log.findings(FindingType.SLOW_CONNECTION));
        assertThat(f.scopeKind()).isEqualTo(Scope.Kind.TEST);
        assertThat(f.dataSource()).isEqualTo("ordersPool");
        assertThat(f.maxMillis()).isEqualTo(80.0);
        QueryAssertions.assertThat(log).hasFinding(FindingType.SLOW_CONNECTION);
        assertThat(log.describe()).contains("  SLOW CONNECTION: 1 acquisition from ordersPool, slowest 80.0 ms\n"
                + "     fix: 1 connection acquisition took at least 50 ms");
        assertThat(log.toString()).contains("select total from orders where id = ?");
    }

    @Test
    void aBlockThatOnlyAcquiresAConnectionStillShowsIt() throws Exception {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        delayMicros = 80_000;
        QueryLog log = QueryHound.record(() -> ds.getConnection().close());

        assertThat(log.count()).isZero();
        assertThat(log.describe()).startsWith("No statement was recorded.\n  SLOW CONNECTION: 1 acquisition from"
                + " ordersPool, slowest 80.0 ms\n");
    }

    @Test
    void aFailedExpectationsMessageShowsTheSlowConnection() {
        DataSource ds = r.engine.wrap(delayed, "ordersPool");
        delayMicros = 80_000;
        Throwable thrown = catchThrowable(() -> QueryHound.expect(select(0)).during(() -> query(ds)));

        assertThat(thrown).isInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage()).contains("SLOW CONNECTION: 1 acquisition from ordersPool, slowest 80.0 ms");
    }
}
