package io.queryhound.it.apps;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Issue 8 under the agent: a 20,000-row table queried through HikariCP on an unindexed column, in three scopes
 * ({@code scopeMethods}): {@link #lookupBeforeIndex} (full scan), then, after {@code CREATE INDEX} and more than
 * {@code explainIntervalSeconds}, {@link #lookupAfterIndex} (the same statement: its plan uses the index), then
 * {@link #lookupOnDriverManager} (a connection from DriverManager: nothing to explain it on).
 *
 * <p>The lookups are made slow by an H2 function in their select list ({@link #pauseMillis}, called once per
 * row returned), not by their condition, so the plan and the index advice are those of the condition alone.
 * Every statement the app executes is announced with a {@code RAN} line, and H2's own statement statistics are
 * printed at the end ({@code H2_COUNT}, which include QueryHound's EXPLAINs), so the test can check that the agent's
 * statistics count exactly the app's statements and none of QueryHound's.
 */
public final class SlowScanApp {

    /** Rows in {@code big}: more than fullScanMinRows (10,000). */
    public static final int ROWS = 20_000;
    /** What each lookup takes at least, well over the test's slowQueryMillis. */
    public static final int PAUSE_MILLIS = 60;
    public static final String LOOKUP = "select id, total, pause_ms(" + PAUSE_MILLIS + ") from big where email = ?";
    public static final String DRIVER_LOOKUP = "select id, pause_ms(" + PAUSE_MILLIS + ") from big where id = ?";
    public static final String CREATE_INDEX = "create index big_email on big (email)";
    /** What the app waits after the first lookup: more than the test's explainIntervalSeconds (1). */
    static final long WAIT_MILLIS = 2_000;

    private SlowScanApp() {
    }

    public static void main(String[] args) throws Exception {
        AppSupport database = AppSupport.openDatabase("slowscan"); // H2 counts every statement from here on
        String url = database.url();
        try (HikariDataSource pool = database.pool("slowscan")) {
            try (Connection connection = pool.getConnection()) {
                execute(connection, "create alias pause_ms for 'io.queryhound.it.apps.SlowScanApp.pauseMillis'");
                execute(connection, "create table big (id bigint primary key, email varchar(64) not null,"
                        + " total int not null)");
                execute(connection, "insert into big select x, 'user' || x || '@example.com', mod(x, 500)"
                        + " from system_range(1, " + ROWS + ")");
            }
            System.out.println("BEFORE " + lookupBeforeIndex(pool));
            Thread.sleep(WAIT_MILLIS); // its EXPLAIN ran before the index exists; the interval is over
            try (Connection connection = pool.getConnection()) {
                execute(connection, CREATE_INDEX);
            }
            System.out.println("AFTER " + lookupAfterIndex(pool));
            System.out.println("DRIVER_MANAGER " + lookupOnDriverManager(url));
        }
        database.printStatementCounts();
        AppSupport.done();
    }

    /** The H2 function that makes a lookup slow: sleeps, returns 1. */
    public static int pauseMillis(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return 1;
    }

    static String lookupBeforeIndex(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lookup = connection.prepareStatement(LOOKUP)) {
            lookup.setString(1, "user12345@example.com");
            System.out.println("RAN " + LOOKUP);
            try (ResultSet result = lookup.executeQuery()) { // each lookup has its own call site: two findings
                return "rows=" + rows(result);
            }
        }
    }

    static String lookupAfterIndex(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lookup = connection.prepareStatement(LOOKUP)) {
            lookup.setString(1, "user777@example.com");
            System.out.println("RAN " + LOOKUP);
            try (ResultSet result = lookup.executeQuery()) {
                return "rows=" + rows(result);
            }
        }
    }

    static String lookupOnDriverManager(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             PreparedStatement lookup = connection.prepareStatement(DRIVER_LOOKUP)) {
            lookup.setLong(1, 499);
            System.out.println("RAN " + DRIVER_LOOKUP);
            try (ResultSet result = lookup.executeQuery()) {
                return "rows=" + rows(result);
            }
        }
    }

    private static int rows(ResultSet result) throws SQLException {
        int rows = 0;
        while (result.next()) {
            rows++;
        }
        return rows;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        System.out.println("RAN " + sql);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
