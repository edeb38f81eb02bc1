package io.queryhound.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory H2 database with the benchmarks' tables: {@value #ACCOUNTS} accounts to look up by key and read in
 * ranges, and an audit table that batches are inserted into (emptied between iterations).
 */
final class Database implements AutoCloseable {

    static final int ACCOUNTS = 10_000;
    static final String LOOKUP = "select id, name, balance from account where id = ?";
    static final String RANGE = "select id, name, balance from account where id between ? and ?";
    static final String INSERT = "insert into audit (account_id, note) values (?, ?)";

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final JdbcDataSource h2;
    private final Connection keeper;
    private HikariDataSource pool;

    private Database(JdbcDataSource h2, Connection keeper) {
        this.h2 = h2;
        this.keeper = keeper;
    }

    static Database create() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:bench" + NAMES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Connection keeper = h2.getConnection();
        try (Statement statement = keeper.createStatement()) {
            statement.execute("create table account (id int primary key, name varchar(40) not null, "
                    + "balance bigint not null)");
            statement.execute("create table audit (account_id bigint not null, note varchar(40) not null)");
        }
        try (PreparedStatement insert = keeper.prepareStatement("insert into account values (?, ?, ?)")) {
            for (int id = 1; id <= ACCOUNTS; id++) {
                insert.setInt(1, id);
                insert.setString(2, "account-" + id);
                insert.setLong(3, id * 100L);
                insert.addBatch();
                if (id % 1000 == 0) {
                    insert.executeBatch();
                }
            }
        }
        return new Database(h2, keeper);
    }

    /** The driver's DataSource: a new physical connection per getConnection. */
    JdbcDataSource h2() {
        return h2;
    }

    /** HikariCP over the driver, as applications use it. */
    synchronized HikariDataSource pool() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setDataSource(h2);
            config.setMaximumPoolSize(2);
            config.setPoolName("bench");
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    void emptyAudit() throws SQLException {
        try (Statement statement = keeper.createStatement()) {
            statement.execute("truncate table audit");
        }
    }

    @Override
    public void close() throws SQLException {
        if (pool != null) {
            pool.close();
        }
        try (Statement statement = keeper.createStatement()) {
            statement.execute("shutdown");
        }
    }
}
