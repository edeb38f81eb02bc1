package io.queryhound.reliability;

import org.junit.jupiter.api.Tag;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.StatementStatistics;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.export.InMemoryExporter;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.Interposer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver fails, at each point where a driver can: the application must see exactly what it sees
 * without QueryHound (the same exception, message, SQL state, vendor code and suppressed exceptions,
 * the same rows read before it), QueryHound must count no error of its own, and the queries after
 * the fault must still be counted. The faults are injected into a real H2 driver's objects, once.
 */
@Tag("reliability")
class DriverFaultsTest {

    private static final String LOOKUP = "select id from item where id <= ? order by id";

    /** Where the driver fails. */
    enum Fault {
        PREPARE, EXECUTE, NEXT, RESULT_CLOSE, STATEMENT_CLOSE, CONNECTION_CLOSE
    }

    /** What the application saw. */
    record Outcome(List<Integer> rows, String exception, String message, String sqlState, int errorCode,
                   List<String> suppressed) {
    }

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private final InMemoryExporter exporter = new InMemoryExporter();
    private JdbcDataSource h2;
    private QueryHoundEngine engine;

    @BeforeEach
    void database() throws SQLException {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:faults-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = h2.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("create table item (id int primary key)");
            ddl.execute("insert into item select x from system_range(1, 20)");
        }
        engine = QueryHound.builder().exporter(exporter).statsIntervalSeconds(3600).shutdownHook(false).build();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void theApplicationSeesWhatItWouldWithoutQueryHound(Fault fault) throws SQLException {
        Outcome without = scenario(faulty(fault));
        long errorsBefore = Diagnostics.internalErrorCount();
        DataSource wrapped = engine.wrap(faulty(fault), "faulty");
        Outcome with = scenario(wrapped);

        assertThat(without.exception()).as("the fault happened").isNotNull();
        assertThat(with).isEqualTo(without);

        for (int i = 0; i < 5; i++) {
            assertThat(scenario(wrapped).exception()).as("the fault is injected once").isNull();
        }
        exporter.clear();
        engine.reportStatistics();
        StatementStatistics lookups = exporter.statistics().stream()
                .filter(s -> s.fingerprint().template().equals(LOOKUP)).findFirst().orElseThrow();
        long faulted = fault == Fault.PREPARE ? 0 : 1; // a statement that could not be prepared never ran
        assertThat(lookups.count()).as("later executions are counted").isEqualTo(5 + faulted);
        assertThat(lookups.errors()).isEqualTo(fault == Fault.EXECUTE ? 1 : 0);
        assertThat(Diagnostics.internalErrorCount()).as("QueryHound itself failed nowhere").isEqualTo(errorsBefore);
        assertThat(diagnostics.text()).isEmpty();
        System.out.printf(Locale.ROOT, "[reliability] driver fault at %s: application saw %s '%s' (%d rows read first),"
                + " the same with QueryHound; %d later executions counted, 0 internal errors%n", fault,
                with.exception(), with.message(), with.rows().size(), lookups.count() - faulted);
    }

    /** Prepare, bind, execute, read every row, close: what an application does, its outcome recorded. */
    private static Outcome scenario(DataSource dataSource) {
        List<Integer> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lookup = connection.prepareStatement(LOOKUP)) {
            lookup.setInt(1, 5);
            try (ResultSet result = lookup.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getInt(1));
                }
            }
            return new Outcome(rows, null, null, null, 0, List.of());
        } catch (SQLException e) {
            return new Outcome(rows, e.getClass().getName(), e.getMessage(), e.getSQLState(), e.getErrorCode(),
                    Arrays.stream(e.getSuppressed()).map(Throwable::toString).toList());
        }
    }

    /** The real H2 DataSource, whose objects throw once at {@code fault}. */
    private DataSource faulty(Fault fault) {
        AtomicBoolean armed = new AtomicBoolean(true);
        return Interposer.connections(h2, (connection, proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("prepareStatement")) {
                fail(fault == Fault.PREPARE, armed, "prepare");
                PreparedStatement statement = (PreparedStatement) Interposer.invoke(connection, method, args);
                return Interposer.proxy(PreparedStatement.class, statement, (target, p, m, a) -> {
                    if (m.getName().equals("executeQuery")) {
                        fail(fault == Fault.EXECUTE, armed, "execute");
                        ResultSet result = (ResultSet) Interposer.invoke(target, m, a);
                        return Interposer.proxy(ResultSet.class, result, (rs, rp, rm, ra) -> {
                            if (rm.getName().equals("next") && ((ResultSet) rs).getRow() == 3) {
                                fail(fault == Fault.NEXT, armed, "next");
                            } else if (rm.getName().equals("close")) {
                                Object closed = Interposer.invoke(rs, rm, ra);
                                fail(fault == Fault.RESULT_CLOSE, armed, "result close");
                                return closed;
                            }
                            return Interposer.invoke(rs, rm, ra);
                        });
                    }
                    if (m.getName().equals("close")) {
                        Object closed = Interposer.invoke(target, m, a);
                        fail(fault == Fault.STATEMENT_CLOSE, armed, "statement close");
                        return closed;
                    }
                    return Interposer.invoke(target, m, a);
                });
            }
            if (name.equals("close")) {
                Object closed = Interposer.invoke(connection, method, args);
                fail(fault == Fault.CONNECTION_CLOSE, armed, "connection close");
                return closed;
            }
            return Interposer.invoke(connection, method, args);
        });
    }

    private static void fail(boolean here, AtomicBoolean armed, String where) throws SQLException {
        if (here && armed.compareAndSet(true, false)) {
            throw new SQLException("injected fault: " + where, "08S01", 4242);
        }
    }
}
