package io.queryhound;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The application {@link ShutdownSummaryTest} starts in a JVM of its own: it wraps an H2
 * DataSource with the process-wide {@link QueryHound#wrap(DataSource)}, runs a known workload and
 * returns from {@code main} without closing QueryHound. Only the shutdown hook can write the
 * summary. Nothing but QueryHound writes to stdout.
 */
public final class ShutdownSummaryMain {

    static final String SELECT = "SELECT X FROM SYSTEM_RANGE(1, 3)";
    static final String INSERT = "INSERT INTO T(ID, V) VALUES (?, ?)";
    static final String UPDATE = "UPDATE T SET V = ? WHERE ID = ?";

    static final int SELECTS = 4;
    static final int ROWS_PER_SELECT = 3;
    static final int INSERTS = 5;
    static final int FAILED_INSERTS = 1;
    static final int BATCH_SIZE = 6;

    private ShutdownSummaryMain() {
    }

    public static void main(String[] args) throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:shutdown-summary;DB_CLOSE_DELAY=-1");
        try (Connection connection = h2.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE T(ID INT PRIMARY KEY, V INT)"); // unwrapped: not reported
        }

        DataSource dataSource = QueryHound.wrap(h2);
        try (Connection connection = dataSource.getConnection()) {
            for (int i = 0; i < SELECTS; i++) {
                try (Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery(SELECT)) {
                    int rows = 0;
                    while (result.next()) {
                        rows++;
                    }
                    check(rows == ROWS_PER_SELECT, "rows read: " + rows);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (int id = 1; id <= INSERTS; id++) {
                    insert.setInt(1, id);
                    insert.setInt(2, 0);
                    check(insert.executeUpdate() == 1, "insert " + id);
                }
                insert.setInt(1, 1);
                insert.setInt(2, 0);
                try {
                    insert.executeUpdate();
                    check(false, "the duplicate insert succeeded");
                } catch (SQLException expected) {
                    // the application's own error; QueryHound counts it
                }
            }
            try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
                for (int i = 0; i < BATCH_SIZE; i++) {
                    update.setInt(1, 10 + i);
                    update.setInt(2, 1 + i % INSERTS);
                    update.addBatch();
                }
                check(update.executeBatch().length == BATCH_SIZE, "batch size");
            }
        }
        System.err.println("workload finished; returning from main without QueryHound.close()");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("workload check failed: " + what);
        }
    }
}
