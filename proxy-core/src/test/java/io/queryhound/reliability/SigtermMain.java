package io.queryhound.reliability;

import io.queryhound.QueryHound;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application {@link SigtermShutdownTest} stops with SIGTERM: four threads run lookups through
 * the process-wide {@link QueryHound#wrap} without end, so queries are in flight when the signal
 * comes. It says on stderr when it is busy; only QueryHound writes to stdout.
 */
public final class SigtermMain {

    static final String LOOKUP = "SELECT V FROM T WHERE ID = ?";
    static final String BUSY = "busy: queries in flight";

    private SigtermMain() {
    }

    public static void main(String[] args) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:sigterm;DB_CLOSE_DELAY=-1");
        try (Connection connection = h2.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE T(ID INT PRIMARY KEY, V INT)");
            ddl.execute("INSERT INTO T SELECT X, X FROM SYSTEM_RANGE(1, 1000)");
        }
        DataSource dataSource = QueryHound.wrap(h2);
        AtomicLong executed = new AtomicLong();
        for (int t = 0; t < 4; t++) {
            Thread worker = new Thread(() -> lookUpForever(dataSource, executed), "worker-" + t);
            worker.start(); // not daemons: only the signal ends this JVM
        }
        while (executed.get() < 2_000) {
            Thread.sleep(10);
        }
        System.err.println(BUSY);
    }

    private static void lookUpForever(DataSource dataSource, AtomicLong executed) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lookup = connection.prepareStatement(LOOKUP)) {
            for (int i = 0; ; i++) {
                lookup.setInt(1, 1 + i % 1000);
                try (ResultSet result = lookup.executeQuery()) {
                    result.next();
                }
                executed.incrementAndGet();
            }
        } catch (SQLException e) {
            System.err.println("worker stopped: " + e);
        }
    }
}
