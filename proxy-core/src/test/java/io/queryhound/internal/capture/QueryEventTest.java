package io.queryhound.internal.capture;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;
import io.queryhound.internal.event.QueryEvent;
import io.queryhound.internal.event.QueryEventListener;
import io.queryhound.testing.H2;
import io.queryhound.testing.Interposer;
import io.queryhound.testing.RecordingEngine;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fields of the events library mode produces, observed through a listener on the recorder. */
class QueryEventTest {

    private JdbcDataSource h2;
    private final List<QueryEvent> events = new ArrayList<>();
    private final List<Long> finishedRows = new ArrayList<>();

    @BeforeEach
    void schema() throws SQLException {
        h2 = H2.newDataSource();
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table item (id int primary key, name varchar(100), data blob)");
            s.execute("insert into item select x, 'item ' || x, null from system_range(1, 30)");
        }
    }

    private RecordingEngine engine() {
        RecordingEngine hound = new RecordingEngine();
        hound.engine.recorder().addListener(new QueryEventListener() {
            @Override
            public void onQuery(QueryEvent event) {
                events.add(event);
            }

            @Override
            public void onResultFinished(QueryEvent event, long rows) {
                finishedRows.add(rows);
            }
        });
        return hound;
    }

    @Test
    void anEventCarriesWhatTheApplicationSaw() throws SQLException {
        try (RecordingEngine hound = engine()) {
            DataSource ds = hound.engine.wrap(h2, "inventory");
            String sql = "select id, name from item where id <= ?";
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, 12);
                try (ResultSet rs = ps.executeQuery()) {
                    for (int i = 0; i < 5; i++) {
                        rs.next();
                    }
                    assertThat(events).hasSize(1);
                    assertThat(events.get(0).rowsRead()).as("rows so far, while the result is open").isEqualTo(5);
                }
            }
            QueryEvent event = events.get(0);
            assertThat(event.sql()).isEqualTo(sql);
            assertThat(event.fingerprint()).isEqualTo(SqlFingerprint.of(sql, SqlDialect.H2));
            assertThat(event.kind()).isEqualTo(StatementKind.SELECT);
            assertThat(event.elapsedNanos()).isPositive();
            assertThat(event.rowsRead()).isEqualTo(5);
            assertThat(finishedRows).containsExactly(5L);
            assertThat(event.updateCount()).isEqualTo(QueryEvent.NO_UPDATE_COUNT);
            assertThat(event.batchSize()).isZero();
            assertThat(event.failed()).isFalse();
            assertThat(event.sqlState()).isNull();
            assertThat(event.threadName()).isEqualTo(Thread.currentThread().getName());
            assertThat(event.dataSource()).isEqualTo("inventory");
            assertThat(event.parameterHash()).isNotZero();
        }
    }

    @Test
    void updateCountsBatchSizesAndFailures() throws SQLException {
        try (RecordingEngine hound = engine()) {
            DataSource ds = hound.wrap(h2);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("update item set name = 'x' where id <= 4")).isEqualTo(4);
                try (PreparedStatement ps = c.prepareStatement("delete from item where id = ?")) {
                    for (int id = 20; id < 23; id++) {
                        ps.setInt(1, id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                assertThatThrownBy(() -> s.executeQuery("select * from missing_table")).isInstanceOf(SQLException.class);
            }
            assertThat(events).hasSize(3);
            assertThat(events.get(0).updateCount()).isEqualTo(4);
            assertThat(events.get(0).kind()).isEqualTo(StatementKind.UPDATE);
            assertThat(events.get(1).batchSize()).isEqualTo(3);
            assertThat(events.get(1).isBatch()).isTrue();
            assertThat(events.get(1).updateCount()).isEqualTo(3);
            assertThat(events.get(2).failed()).isTrue();
            assertThat(events.get(2).sqlState()).isEqualTo("42S02"); // H2: table not found
            assertThat(events.get(2).dataSource()).isEqualTo("jdbcDataSource");
        }
    }

    @Test
    void theParameterHashTellsRepeatedFromDistinctValuesWithoutKeepingThem() throws SQLException {
        try (RecordingEngine hound = engine()) {
            DataSource ds = hound.wrap(h2);
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select * from item where id = ? or name = ?")) {
                execute(ps, 1, "a");
                execute(ps, 1, "a");
                execute(ps, 2, "a");
                execute(ps, 1, "b");
                ps.setInt(1, 1);
                ps.setNull(2, Types.VARCHAR);
                ps.executeQuery().close();
                ps.setInt(1, 1);
                ps.setString(2, null);
                ps.executeQuery().close();
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.executeQuery("select * from item where id = 7").close();
                s.executeQuery("select * from item where id = 7").close();
                s.executeQuery("select * from item where id = 8").close();
            }
            long[] h = events.stream().mapToLong(QueryEvent::parameterHash).toArray();
            assertThat(h[0]).as("same values").isEqualTo(h[1]);
            assertThat(h[2]).as("first value differs").isNotEqualTo(h[0]);
            assertThat(h[3]).as("second value differs").isNotEqualTo(h[0]).isNotEqualTo(h[2]);
            assertThat(h[4]).as("a null is a value of its own").isNotEqualTo(h[0]).isEqualTo(h[5]);
            assertThat(h[6]).as("same literals").isEqualTo(h[7]);
            assertThat(h[8]).as("different literals").isNotEqualTo(h[6]);
            assertThat(events.get(6).fingerprint()).isEqualTo(events.get(8).fingerprint());
        }
    }

    private static void execute(PreparedStatement ps, int id, String name) throws SQLException {
        ps.setInt(1, id);
        ps.setString(2, name);
        ps.executeQuery().close();
    }

    @Test
    void streamsAreNeverReadForHashing() throws SQLException {
        try (RecordingEngine hound = engine()) {
            DataSource ds = hound.wrap(h2);
            byte[] content = {1, 2, 3, 4, 5};
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("update item set data = ? where id = ?")) {
                ByteArrayInputStream stream = new ByteArrayInputStream(content);
                ps.setBinaryStream(1, stream);
                ps.setInt(2, 1);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (Connection c = h2.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select data from item where id = 1")) {
                rs.next();
                assertThat(rs.getBytes(1)).as("the driver, not QueryHound, consumed the stream").containsExactly(content);
            }
            assertThat(events).hasSize(1);
        }
    }

    @Test
    void theDialectIsReadOnceFromTheDatabaseProductName() throws SQLException {
        AtomicInteger metadataCalls = new AtomicInteger();
        DataSource counting = countingMetadataCalls(h2, metadataCalls);
        try (RecordingEngine hound = engine()) {
            DataSource ds = hound.wrap(counting);
            // H2 understands // comments; the GENERIC rules do not, so the template shows which rules were used.
            String sql = "select id from item where id = 3 // the third";
            for (int i = 0; i < 20; i++) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                }
            }
            assertThat(metadataCalls.get()).isEqualTo(1);
            assertThat(events).hasSize(20);
            assertThat(events.get(0).fingerprint()).isEqualTo(SqlFingerprint.of(sql, SqlDialect.H2));
            assertThat(SqlFingerprint.of(sql, SqlDialect.H2).template()).isNotEqualTo(SqlFingerprint.of(sql).template());
        }
    }

    @Test
    void aConfiguredDialectIsUsedWithoutReadingMetadata() throws SQLException {
        AtomicInteger metadataCalls = new AtomicInteger();
        DataSource counting = countingMetadataCalls(h2, metadataCalls);
        try (RecordingEngine hound = new RecordingEngine(io.queryhound.QueryHound.builder().dialect(SqlDialect.GENERIC))) {
            hound.engine.recorder().addListener(events::add);
            DataSource ds = hound.wrap(counting);
            String sql = "select id from item where id = 3 // the third";
            try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
            }
            assertThat(metadataCalls.get()).isZero();
            assertThat(events.get(0).fingerprint()).isEqualTo(SqlFingerprint.of(sql, SqlDialect.GENERIC));
        }
    }

    /** The real H2 DataSource, counting calls of {@code Connection.getMetaData()} on its connections. */
    private static DataSource countingMetadataCalls(JdbcDataSource real, AtomicInteger calls) {
        return Interposer.connections(real, (connection, proxy, method, args) -> {
            if (method.getName().equals("getMetaData")) {
                calls.incrementAndGet();
            }
            Object value = Interposer.invoke(connection, method, args);
            if (method.getName().equals("createStatement") && value instanceof Statement statement) {
                // getConnection() must lead back to the counting connection, as a real pool's statements do.
                return Interposer.proxy(Statement.class, statement, (target, sp, sm, sargs) ->
                        sm.getName().equals("getConnection") ? proxy : Interposer.invoke(target, sm, sargs));
            }
            return value;
        });
    }
}
