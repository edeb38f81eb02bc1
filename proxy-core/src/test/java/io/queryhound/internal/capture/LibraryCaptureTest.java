package io.queryhound.internal.capture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.QueryHound;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;
import io.queryhound.StatementStatistics;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.testing.H2;
import io.queryhound.testing.Interposer;
import io.queryhound.testing.RecordingEngine;
import io.queryhound.testing.SqlFunctions;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Library-mode capture through a wrapped real H2 DataSource. */
class LibraryCaptureTest {

    private JdbcDataSource h2;

    @BeforeEach
    void schema() throws SQLException {
        h2 = H2.newDataSource();
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table customer (id int primary key, name varchar(100))");
            for (int i = 1; i <= 25; i++) {
                s.execute("insert into customer values (" + i + ", 'customer " + i + "')");
            }
            SqlFunctions.register(s);
        }
    }

    private static StatementStatistics stats(Map<String, StatementStatistics> records, String sql) {
        String template = SqlFingerprint.of(sql, SqlDialect.H2).template();
        assertThat(records).as("statistics for %s", template).containsKey(template);
        return records.get(template);
    }

    @Test
    void preparedStatementsAreCountedPerFingerprintWithRowsRead() throws SQLException {
        try (RecordingEngine hound = new RecordingEngine()) {
            DataSource ds = hound.wrap(h2);
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select name from customer where id = ?")) {
                for (int id = 1; id <= 5; id++) {
                    ps.setInt(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("customer " + id);
                    }
                }
            }
            StatementStatistics select = stats(hound.interval(), "select name from customer where id = ?");
            assertThat(select.count()).isEqualTo(5);
            assertThat(select.rows()).isEqualTo(5);
            assertThat(select.errors()).isZero();
            assertThat(select.statementType()).isEqualTo(StatementKind.SELECT);
        }
    }

    @Test
    void plainStatementsWithInlinedLiteralsShareOneFingerprint() throws SQLException {
        try (RecordingEngine hound = new RecordingEngine()) {
            DataSource ds = hound.wrap(h2);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (int id = 1; id <= 4; id++) {
                    try (ResultSet rs = s.executeQuery("select name from customer where id = " + id)) {
                        assertThat(rs.next()).isTrue();
                    }
                }
                assertThat(s.executeUpdate("update customer set name = 'x' where id = 25")).isEqualTo(1);
            }
            Map<String, StatementStatistics> records = hound.interval();
            assertThat(stats(records, "select name from customer where id = 1").count()).isEqualTo(4);
            StatementStatistics update = stats(records, "update customer set name = 'y' where id = 7");
            assertThat(update.count()).isEqualTo(1);
            assertThat(update.statementType()).isEqualTo(StatementKind.UPDATE);
        }
    }

    @Test
    void callableStatementsAreCaptured() throws SQLException {
        try (RecordingEngine hound = new RecordingEngine()) {
            DataSource ds = hound.wrap(h2);
            try (Connection c = ds.getConnection(); CallableStatement call = c.prepareCall("{call twice(?)}")) {
                call.setInt(1, 21);
                try (ResultSet rs = call.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(42);
                }
            }
            StatementStatistics call = stats(hound.interval(), "{call twice(?)}");
            assertThat(call.count()).isEqualTo(1);
            assertThat(call.statementType()).isEqualTo(StatementKind.CALL);
        }
    }

    @Test
    void executeBatchIsOneExecutionCarryingItsBatchSize() throws SQLException {
        try (RecordingEngine hound = new RecordingEngine()) {
            DataSource ds = hound.wrap(h2);
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("insert into customer values (?, ?)")) {
                for (int id = 100; id < 110; id++) {
                    ps.setInt(1, id);
                    ps.setString(2, "batch " + id);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(10);
                try (Statement s = c.createStatement()) {
                    s.addBatch("update customer set name = 'a' where id = 100");
                    s.addBatch("update customer set name = 'b' where id = 101");
                    s.addBatch("update customer set name = 'c' where id = 102");
                    s.executeBatch();
                }
            }
            Map<String, StatementStatistics> records = hound.interval();
            StatementStatistics insert = stats(records, "insert into customer values (?, ?)");
            assertThat(insert.count()).isEqualTo(1);
            assertThat(insert.batchedStatements()).isEqualTo(10);
            StatementStatistics update = stats(records, "update customer set name = 'a' where id = 100");
            assertThat(update.count()).isEqualTo(1);
            assertThat(update.batchedStatements()).isEqualTo(3);
        }
    }

    @Test
    void rowsAreCountedAsTheApplicationReadsThem() throws SQLException {
        try (RecordingEngine hound = new RecordingEngine()) {
            DataSource ds = hound.wrap(h2);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet all = s.executeQuery("select * from customer")) {
                    int n = 0;
                    while (all.next()) {
                        n++;
                    }
                    assertThat(n).isEqualTo(25);
                }
                try (ResultSet some = s.executeQuery("select * from customer order by id")) {
                    for (int i = 0; i < 3; i++) {
                        assertThat(some.next()).isTrue();
                    }
                }
                assertThat(s.execute("select id from customer where id <= 7")).isTrue();
                try (ResultSet later = s.getResultSet()) {
                    while (later.next()) {
                        assertThat(later.getInt(1)).isPositive();
                    }
                }
            }
            Map<String, StatementStatistics> records = hound.interval();
            assertThat(stats(records, "select * from customer").rows()).isEqualTo(25);
            assertThat(stats(records, "select * from customer order by id").rows()).isEqualTo(3);
            assertThat(stats(records, "select id from customer where id <= 7").rows()).isEqualTo(7);
        }
    }

    @Test
    void rowsOfResultsClosedImplicitlyAreStillReported() throws SQLException {
        try (RecordingEngine hound = new RecordingEngine()) {
            DataSource ds = hound.wrap(h2);
            try (Connection c = ds.getConnection()) {
                Statement closedWithStatement = c.createStatement();
                ResultSet two = closedWithStatement.executeQuery("select id from customer where id <= 10");
                assertThat(two.next() && two.next()).isTrue();
                closedWithStatement.close(); // closes the result; its close() is never called

                PreparedStatement reExecuted = c.prepareStatement("select id from customer where id > ?");
                reExecuted.setInt(1, 20);
                ResultSet first = reExecuted.executeQuery();
                assertThat(first.next()).isTrue(); // 1 row read, then the statement runs again
                reExecuted.setInt(1, 23);
                ResultSet second = reExecuted.executeQuery();
                while (second.next()) {
                    assertThat(second.getInt(1)).isGreaterThan(23);
                }

                Statement leftOpen = c.createStatement();
                ResultSet three = leftOpen.executeQuery("select name from customer order by name");
                assertThat(three.next() && three.next() && three.next()).isTrue();
            } // closing the connection closes the last statement and its result
            Map<String, StatementStatistics> records = hound.interval();
            assertThat(stats(records, "select id from customer where id <= 10").rows()).isEqualTo(2);
            assertThat(stats(records, "select id from customer where id > ?").rows()).isEqualTo(1 + 2);
            assertThat(stats(records, "select name from customer order by name").rows()).isEqualTo(3);
        }
    }

    @Test
    void aStatementBatchOfDifferentStatementsKeepsEachStatementsOwnCounts() throws SQLException {
        try (RecordingEngine hound = new RecordingEngine()) {
            DataSource ds = hound.wrap(h2);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.addBatch("insert into customer values (200, 'a')");
                s.addBatch("insert into customer values (201, 'b')");
                s.addBatch("update customer set name = 'c' where id = 200");
                s.addBatch("delete from customer where id = 201");
                assertThat(s.executeBatch()).containsExactly(1, 1, 1, 1);
            }
            Map<String, StatementStatistics> records = hound.interval();
            StatementStatistics insert = stats(records, "insert into customer values (1, 'x')");
            assertThat(insert.count()).isEqualTo(1);
            assertThat(insert.batchedStatements()).isEqualTo(2);
            assertThat(stats(records, "update customer set name = 'x' where id = 1").batchedStatements()).isEqualTo(1);
            assertThat(stats(records, "delete from customer where id = 1").batchedStatements()).isEqualTo(1);
            assertThat(records).hasSize(3);
        }
    }

    @Test
    void driverExceptionsReachTheCallerAsWithoutQueryHound() throws SQLException {
        String[] bad = {
                "select * from no_such_table",
                "selec * from customer",
                "select * from customer where name = 'unterminated",
                "select * from customer where id = /* unterminated comment",
        };
        try (RecordingEngine hound = new RecordingEngine()) {
            DataSource ds = hound.wrap(h2);
            for (String sql : bad) {
                SQLException raw = executeExpectingFailure(h2, sql);
                SQLException wrapped = executeExpectingFailure(ds, sql);
                // H2's messages quote the SQL it received: equal messages prove the SQL reached it unchanged.
                assertThat((Throwable) wrapped).hasSameClassAs(raw).hasMessage(raw.getMessage());
                assertThat(wrapped.getSQLState()).isEqualTo(raw.getSQLState());
                assertThat(wrapped.getErrorCode()).isEqualTo(raw.getErrorCode());
            }
            Map<String, StatementStatistics> records = hound.interval();
            for (String sql : bad) {
                StatementStatistics failed = stats(records, sql);
                assertThat(failed.count()).isEqualTo(1);
                assertThat(failed.errors()).isEqualTo(1);
            }
        }
    }

    private static SQLException executeExpectingFailure(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            return catchThrowableOfType(SQLException.class, () -> s.executeQuery(sql));
        }
    }

    @Test
    void theDriversExceptionInstanceIsRethrownUnchanged() throws SQLException {
        SQLException driverFailure = new SQLException("deadlock detected", "40P01", 1205);
        DataSource failing = failingOnExecute(h2, driverFailure);
        try (RecordingEngine hound = new RecordingEngine()) {
            DataSource ds = hound.wrap(failing);
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select * from customer where id = ?")) {
                ps.setInt(1, 1);
                assertThatThrownBy(ps::executeQuery).isSameAs(driverFailure);
            }
            assertThat(stats(hound.interval(), "select * from customer where id = ?").errors()).isEqualTo(1);
        }
    }

    /** The real H2 DataSource, except that every PreparedStatement execution throws {@code failure}. */
    private static DataSource failingOnExecute(JdbcDataSource real, SQLException failure) {
        return Interposer.connections(real, (connection, proxy, method, args) -> {
            Object value = Interposer.invoke(connection, method, args);
            if (!(value instanceof PreparedStatement statement)) {
                return value;
            }
            return Interposer.proxy(PreparedStatement.class, statement, (target, sp, sm, sargs) -> {
                if (sm.getName().startsWith("execute")) {
                    throw failure;
                }
                return Interposer.invoke(target, sm, sargs);
            });
        });
    }

    @Test
    void unwrapAndIsWrapperForReachTheRealObjects() throws SQLException {
        try (RecordingEngine hound = new RecordingEngine()) {
            DataSource ds = hound.wrap(h2);
            assertThat(ds.isWrapperFor(JdbcDataSource.class)).isTrue();
            assertThat(ds.unwrap(JdbcDataSource.class)).isSameAs(h2);
            try (Connection c = ds.getConnection()) {
                assertThat(c.isWrapperFor(JdbcConnection.class)).isTrue();
                JdbcConnection real = c.unwrap(JdbcConnection.class);
                assertThat(real).isInstanceOf(JdbcConnection.class);
                assertThat(c.createStatement().getConnection()).isSameAs(c);
            }
        }
    }

    @Test
    void wrappingAWrappedDataSourceReturnsItUnchanged() {
        try (RecordingEngine hound = new RecordingEngine()) {
            DataSource once = hound.wrap(h2);
            assertThat(hound.wrap(once)).isSameAs(once);
            assertThat(QueryHoundDataSource.isCaptured(once)).isTrue();
            assertThat(QueryHoundDataSource.isCaptured(h2)).isFalse();
        }
    }

    @Test
    void stackedCaptureThroughAPoolCountsEveryQueryOnce() throws SQLException {
        try (RecordingEngine inner = new RecordingEngine(); RecordingEngine outer = new RecordingEngine()) {
            HikariConfig config = new HikariConfig();
            config.setDataSource(inner.wrap(h2));
            config.setMaximumPoolSize(2);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                DataSource ds = outer.wrap(pool); // the pool wraps a captured DataSource: counted by one layer only
                for (int i = 1; i <= 7; i++) {
                    try (Connection c = ds.getConnection();
                         PreparedStatement ps = c.prepareStatement("select name from customer where id = ?")) {
                        ps.setInt(1, i);
                        try (ResultSet rs = ps.executeQuery()) {
                            assertThat(rs.next()).isTrue();
                        }
                    }
                }
            }
            String sql = "select name from customer where id = ?";
            String template = SqlFingerprint.of(sql, SqlDialect.H2).template();
            long innerCount = inner.interval().entrySet().stream().filter(e -> e.getKey().equals(template))
                    .mapToLong(e -> e.getValue().count()).sum();
            long outerCount = outer.interval().entrySet().stream().filter(e -> e.getKey().equals(template))
                    .mapToLong(e -> e.getValue().count()).sum();
            assertThat(innerCount + outerCount).isEqualTo(7);
        }
    }

    @Test
    void twoWrappedLayersOfTheSameDataSourceCountOnce() throws SQLException {
        try (RecordingEngine first = new RecordingEngine(); RecordingEngine second = new RecordingEngine()) {
            DataSource inner = first.wrap(h2);
            // A second engine wrapping the first engine's DataSource is given it back unchanged ...
            assertThat(second.wrap(inner)).isSameAs(inner);
            // ... and a layer QueryHound cannot see through still does not double count: only the outermost records.
            DataSource opaque = opaque(inner);
            DataSource outer = second.wrap(opaque);
            assertThat(outer).isNotSameAs(opaque);
            try (Connection c = outer.getConnection(); Statement s = c.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    try (ResultSet rs = s.executeQuery("select count(*) from customer")) {
                        assertThat(rs.next()).isTrue();
                    }
                }
            }
            assertThat(first.interval()).isEmpty();
            StatementStatistics counted = stats(second.interval(), "select count(*) from customer");
            assertThat(counted.count()).isEqualTo(3);
            assertThat(counted.rows()).isEqualTo(3);
        }
    }

    /** A delegating DataSource that does not pass isWrapperFor through, as some third-party wrappers do. */
    private static DataSource opaque(DataSource inner) {
        return Interposer.proxy(DataSource.class, inner, (target, proxy, method, args) ->
                method.getName().equals("isWrapperFor") ? false : Interposer.invoke(target, method, args));
    }

    @Test
    void wrapOfNullFailsWithAClearMessage() {
        try (RecordingEngine hound = new RecordingEngine()) {
            assertThatThrownBy(() -> hound.wrap(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("dataSource is null");
            assertThatThrownBy(() -> QueryHound.wrap(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("QueryHound.wrap(dataSource): dataSource is null");
        }
    }

    @Test
    void disabledReturnsTheDataSourceUnchanged() {
        try (RecordingEngine hound = new RecordingEngine(QueryHound.builder().enabled(false))) {
            assertThat(hound.wrap(h2)).isSameAs(h2);
        }
    }

    @Test
    void aFailureWhileRecordingOneQueryDoesNotStopTheThreadRecordingLaterOnes() throws SQLException {
        AtomicInteger calls = new AtomicInteger();
        LongSupplier failsOnce = () -> {
            if (calls.incrementAndGet() == 4) { // the first query's end time (1 and 2 time getConnection)
                throw new IllegalStateException("one bad reading");
            }
            return System.nanoTime();
        };
        try (RecordingEngine hound = new RecordingEngine(failsOnce)) {
            DataSource ds = hound.wrap(h2);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (int i = 0; i < 5; i++) {
                    try (ResultSet rs = s.executeQuery("select count(*) from customer")) {
                        assertThat(rs.next()).isTrue();
                    }
                }
            }
            assertThat(stats(hound.interval(), "select count(*) from customer").count()).isEqualTo(4);
        }
    }

    @Test
    void anErrorOfQueryHoundsOwnNeverReachesTheApplication() throws SQLException {
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        Diagnostics.redirectForTests(new PrintStream(diagnostics, true, StandardCharsets.UTF_8));
        long before = Diagnostics.internalErrorCount();
        try (RecordingEngine hound = new RecordingEngine(() -> {
            throw new IllegalStateException("broken ticker");
        })) {
            DataSource ds = hound.wrap(h2);
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select name from customer where id = ?")) {
                for (int id = 1; id <= 3; id++) {
                    ps.setInt(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("customer " + id);
                    }
                }
                SQLException raw = executeExpectingFailure(h2, "select * from nowhere");
                SQLException wrapped = executeExpectingFailure(ds, "select * from nowhere");
                assertThat((Throwable) wrapped).hasSameClassAs(raw).hasMessage(raw.getMessage());
            }
            assertThat(Diagnostics.internalErrorCount()).isGreaterThan(before);
        } finally {
            Diagnostics.redirectForTests(null);
        }
    }
}
