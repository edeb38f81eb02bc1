package io.queryhound.testing;

import org.h2.jdbcx.JdbcDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** Real in-memory H2 databases, one per call, kept alive until the JVM exits. */
public final class H2 {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private H2() {
    }

    public static JdbcDataSource newDataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:qh" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        return dataSource;
    }

    /** A new database with a table {@code item (id int primary key, v int)} holding ids 1 to {@code rows}, v = id. */
    public static JdbcDataSource withItems(int rows) throws SQLException {
        JdbcDataSource dataSource = newDataSource();
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("create table item (id int primary key, v int)");
            ddl.execute("insert into item select x, x from system_range(1, " + rows + ")");
        }
        return dataSource;
    }

    /**
     * Another DataSource object over {@code dataSource}'s database, for queries QueryHound must not see:
     * under the agent, wrapping routes queries by DataSource object, so connections taken from the
     * wrapped object itself would be counted as well.
     */
    public static JdbcDataSource sameDatabase(JdbcDataSource dataSource) {
        JdbcDataSource other = new JdbcDataSource();
        other.setURL(dataSource.getURL());
        other.setUser(dataSource.getUser());
        return other;
    }
}
