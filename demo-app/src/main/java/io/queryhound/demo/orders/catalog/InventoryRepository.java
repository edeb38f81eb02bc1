package io.queryhound.demo.orders.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** Stock per product and warehouse, over plain JDBC. */
public final class InventoryRepository {

    private static final String DECREMENT =
            "update inventory set quantity = quantity - ? where product_id = ? and warehouse_id = ?";

    /** Units taken from one product's stock in one warehouse. */
    public record Withdrawal(long productId, int warehouseId, int quantity) {
    }

    private final DataSource dataSource;

    public InventoryRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void decrement(Withdrawal withdrawal) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(DECREMENT)) {
            bind(statement, withdrawal);
            statement.executeUpdate();
        }
    }

    /** All the withdrawals as one JDBC batch, in the caller's transaction. */
    public void decrementAll(Connection connection, List<Withdrawal> withdrawals) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DECREMENT)) {
            for (Withdrawal withdrawal : withdrawals) {
                bind(statement, withdrawal);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void bind(PreparedStatement statement, Withdrawal withdrawal) throws SQLException {
        statement.setInt(1, withdrawal.quantity());
        statement.setLong(2, withdrawal.productId());
        statement.setInt(3, withdrawal.warehouseId());
    }
}
