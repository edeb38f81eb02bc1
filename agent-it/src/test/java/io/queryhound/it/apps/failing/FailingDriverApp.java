package io.queryhound.it.apps.failing;

import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.it.apps.AppSupport;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbc.JdbcPreparedStatement;
import org.h2.jdbc.JdbcStatement;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Statements that the driver rejects (H2 through HikariCP: a missing table, a syntax error, a primary key
 * violation; and {@link FailingDriver}, whose every execution throws its own exception type), and the casts,
 * {@code instanceof} checks and {@code unwrap} calls that applications and frameworks make on JDBC objects.
 * Each rejected execution prints {@code EXC <class> | <message> | <SQLState> | <error code>}; each check prints
 * {@code CHECK <what> = <result>}. With or without an agent the lines must be the same.
 */
public final class FailingDriverApp {

    /** Run once through {@code executeQuery}: H2 rejects it (missing table). */
    public static final String H2_MISSING_TABLE = "select id from no_such_table";
    /** Run once through {@code execute}: H2 rejects it (syntax error). */
    public static final String H2_SYNTAX_ERROR = "selec id from item";
    /** Run three times with the same key: the first succeeds, the other two violate the primary key. */
    public static final String H2_DUPLICATE_KEY = "insert into item (id, name) values (?, ?)";
    /** The failing driver, through {@code Statement.executeQuery}, once. */
    public static final String VENDOR_QUERY = "select x, y from vendor_table where id = 1";
    /** The failing driver, through {@code Statement.executeUpdate}, once. */
    public static final String VENDOR_UPDATE = "update vendor_table set x = 2 where id = 1";
    /** The failing driver, through {@code Statement.execute}, once. */
    public static final String VENDOR_EXECUTE = "delete from vendor_table where x = 3";
    /** The failing driver, through {@code PreparedStatement.executeQuery}, three times with different keys. */
    public static final String VENDOR_PREPARED = "select x from vendor_table where id = ?";
    /** The failing driver, two rows through one {@code executeBatch}. */
    public static final String VENDOR_BATCH = "insert into vendor_table (x) values (?)";

    private FailingDriverApp() {
    }

    public static void main(String[] args) throws Exception {
        AppSupport.quietLogging();
        String url = "jdbc:h2:mem:failing;DB_CLOSE_DELAY=-1";
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("failing");
        pool.setJdbcUrl(url);
        pool.setUsername("sa");
        pool.setPassword("");
        pool.setMaximumPoolSize(2);
        DataSource dataSource = pool;

        h2Failures(dataSource);
        DriverManager.registerDriver(new FailingDriver());
        vendorFailures();
        pooledChecks(dataSource);
        rawChecks(url);
        vendorChecks();

        AppSupport.printBridgeProbe();
        pool.close();
        AppSupport.done();
    }

    private static void h2Failures(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table item (id int primary key, name varchar(20))");
            }
            try (Statement statement = connection.createStatement()) {
                try {
                    statement.executeQuery(H2_MISSING_TABLE).close();
                    System.out.println("NO_EXC " + H2_MISSING_TABLE);
                } catch (SQLException expected) {
                    printFailure(expected);
                }
                try {
                    statement.execute(H2_SYNTAX_ERROR);
                    System.out.println("NO_EXC " + H2_SYNTAX_ERROR);
                } catch (SQLException expected) {
                    printFailure(expected);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(H2_DUPLICATE_KEY)) {
                for (int attempt = 1; attempt <= 3; attempt++) {
                    insert.setInt(1, 1);
                    insert.setString(2, "attempt " + attempt);
                    try {
                        System.out.println("INSERTED " + insert.executeUpdate());
                    } catch (SQLException expectedAfterTheFirst) {
                        printFailure(expectedAfterTheFirst);
                    }
                }
            }
        }
    }

    private static void vendorFailures() throws SQLException {
        try (Connection connection = DriverManager.getConnection(FailingDriver.URL_PREFIX + "orders")) {
            try (Statement statement = connection.createStatement()) {
                try {
                    statement.executeQuery(VENDOR_QUERY);
                    System.out.println("NO_EXC " + VENDOR_QUERY);
                } catch (SQLException expected) {
                    printFailure(expected);
                }
                try {
                    statement.executeUpdate(VENDOR_UPDATE);
                    System.out.println("NO_EXC " + VENDOR_UPDATE);
                } catch (SQLException expected) {
                    printFailure(expected);
                }
                try {
                    statement.execute(VENDOR_EXECUTE);
                    System.out.println("NO_EXC " + VENDOR_EXECUTE);
                } catch (SQLException expected) {
                    printFailure(expected);
                }
            }
            try (PreparedStatement select = connection.prepareStatement(VENDOR_PREPARED)) {
                for (int id = 1; id <= 3; id++) {
                    select.setInt(1, id);
                    try {
                        select.executeQuery();
                        System.out.println("NO_EXC " + VENDOR_PREPARED);
                    } catch (SQLException expected) {
                        printFailure(expected);
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(VENDOR_BATCH)) {
                for (int x = 1; x <= 2; x++) {
                    insert.setInt(1, x);
                    insert.addBatch();
                }
                try {
                    insert.executeBatch();
                    System.out.println("NO_EXC " + VENDOR_BATCH);
                } catch (SQLException expected) {
                    printFailure(expected);
                }
            }
        }
    }

    private static void pooledChecks(DataSource dataSource) throws SQLException {
        check("ds instanceof HikariDataSource", dataSource instanceof HikariDataSource);
        check("ds.isWrapperFor(HikariDataSource)", dataSource.isWrapperFor(HikariDataSource.class));
        check("ds.unwrap(HikariDataSource) == ds", dataSource.unwrap(HikariDataSource.class) == dataSource);
        try (Connection connection = dataSource.getConnection()) {
            check("pooled connection class", connection.getClass().getName());
            check("conn.isWrapperFor(JdbcConnection)", connection.isWrapperFor(JdbcConnection.class));
            JdbcConnection h2 = (JdbcConnection) connection.unwrap(Connection.class);
            check("(JdbcConnection) conn.unwrap(Connection) class", h2.getClass().getName());
            check("conn.unwrap(JdbcConnection) class", connection.unwrap(JdbcConnection.class).getClass().getName());
            try (PreparedStatement statement = connection.prepareStatement("select count(*) from item")) {
                check("pooled statement class", statement.getClass().getName());
                check("pooled ps.getConnection() == conn", statement.getConnection() == connection);
                check("pooled ps.isWrapperFor(JdbcPreparedStatement)",
                        statement.isWrapperFor(JdbcPreparedStatement.class));
                check("pooled ps.unwrap(JdbcPreparedStatement) class",
                        statement.unwrap(JdbcPreparedStatement.class).getClass().getName());
                try (ResultSet rows = statement.executeQuery()) {
                    check("pooled rs.getStatement() == ps", rows.getStatement() == statement);
                    rows.next();
                    check("pooled items", rows.getInt(1));
                }
            }
        }
    }

    private static void rawChecks(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            check("raw conn instanceof JdbcConnection", connection instanceof JdbcConnection);
            check("raw conn class", connection.getClass().getName());
            try (PreparedStatement statement = connection.prepareStatement("select count(*) from item")) {
                check("raw ps instanceof JdbcPreparedStatement", statement instanceof JdbcPreparedStatement);
                check("raw ps class", statement.getClass().getName());
                check("raw ps.getConnection() == conn", statement.getConnection() == connection);
                check("raw ps.unwrap(JdbcPreparedStatement) == ps",
                        statement.unwrap(JdbcPreparedStatement.class) == statement);
                JdbcPreparedStatement cast = (JdbcPreparedStatement) statement;
                check("(JdbcPreparedStatement) ps cast", cast == statement);
                try (ResultSet rows = statement.executeQuery()) {
                    check("raw rs.getStatement() == ps", rows.getStatement() == statement);
                    rows.next();
                    check("raw items", rows.getInt(1));
                }
            }
            try (Statement statement = connection.createStatement()) {
                check("raw stmt instanceof JdbcStatement", statement instanceof JdbcStatement);
                check("raw stmt instanceof JdbcPreparedStatement", statement instanceof JdbcPreparedStatement);
            }
        }
    }

    private static void vendorChecks() throws SQLException {
        check("DriverManager.getDriver(jdbc:failing:) class",
                DriverManager.getDriver(FailingDriver.URL_PREFIX + "x").getClass().getName());
        try (Connection connection = DriverManager.getConnection(FailingDriver.URL_PREFIX + "checks")) {
            check("vendor conn instanceof FailingConnection", connection instanceof FailingConnection);
            check("vendor conn.unwrap(FailingConnection) == conn",
                    connection.unwrap(FailingConnection.class) == connection);
            try (PreparedStatement statement = connection.prepareStatement(VENDOR_PREPARED)) {
                check("vendor ps instanceof FailingPreparedStatement", statement instanceof FailingPreparedStatement);
                check("vendor ps.getConnection() == conn", statement.getConnection() == connection);
            }
        }
    }

    private static void printFailure(SQLException failure) {
        System.out.println("EXC " + failure.getClass().getName() + " | " + failure.getMessage().replace('\n', ' ')
                + " | " + failure.getSQLState() + " | " + failure.getErrorCode());
    }

    private static void check(String what, Object result) {
        System.out.println("CHECK " + what + " = " + result);
    }
}
