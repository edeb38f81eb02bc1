package io.queryhound.demo.orders.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The fix of the slow revenue report, as a schema migration rather than a code change: an index on
 * {@code payments (paid_at, amount)}. Each day of the report then finds its payments with one range lookup instead
 * of a scan of the table, and since the index carries {@code amount} too, H2 answers from the index alone.
 */
public final class RevenueIndexMigration {

    static final String INDEX = "PAYMENTS_PAID_AT_AMOUNT";

    /** What running the migration did. */
    public record Outcome(String index, boolean created, long millis) {
    }

    private final DataSource dataSource;

    public RevenueIndexMigration(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the index unless it exists; safe to run again. */
    public synchronized Outcome migrate() throws SQLException {
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            if (exists(connection)) {
                return new Outcome(INDEX, false, 0);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("create index " + INDEX + " on payments (paid_at, amount)");
            }
        }
        return new Outcome(INDEX, true, (System.nanoTime() - start) / 1_000_000);
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select count(*) from information_schema.indexes where table_name = 'PAYMENTS' and index_name = ?")) {
            statement.setString(1, INDEX);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }
}
