package io.queryhound.demo.orders.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import javax.sql.DataSource;

/** The service's database: H2 in memory behind a HikariCP pool, with the schema of {@code schema.sql}. */
public final class OrdersDatabase implements AutoCloseable {

    /**
     * {@code OPTIMIZE_REUSE_RESULTS=0}: H2 hands back the previous result of an identical query on the same
     * connection while no table changed, which a real database does not do, and which would make the slow revenue
     * report fast from its second call on. {@code DB_CLOSE_ON_EXIT=FALSE}: the pool is closed by the service's
     * shutdown hook, not by H2's, which could run first and leave the pool with closed connections.
     */
    static final String URL = "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE;OPTIMIZE_REUSE_RESULTS=0";

    private final HikariDataSource pool;

    private OrdersDatabase(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens the pool and creates the (empty) schema. */
    public static OrdersDatabase create() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("orders");
        config.setJdbcUrl(URL);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(8);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            createSchema(pool);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return new OrdersDatabase(pool);
    }

    private static void createSchema(DataSource dataSource) throws SQLException {
        String script;
        try (InputStream in = OrdersDatabase.class.getResourceAsStream("/schema.sql")) {
            if (in == null) {
                throw new IllegalStateException("schema.sql is not on the class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements(script)) {
                statement.execute(sql);
            }
        }
    }

    /** The script's statements: comment lines dropped, split at the semicolons that end a line. */
    private static String[] statements(String script) {
        StringBuilder code = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        return Arrays.stream(code.toString().split(";\\s*\n"))
                .map(String::strip)
                .filter(sql -> !sql.isEmpty())
                .toArray(String[]::new);
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
