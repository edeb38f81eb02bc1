package io.queryhound.demo.orders.order;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Orders and their items over plain JDBC. */
public final class OrderRepository {

    private static final String INSERT_ORDER =
            "insert into orders (customer_id, placed_at, status, total) values (?, ?, ?, ?)";
    private static final String INSERT_ITEM =
            "insert into order_items (order_id, product_id, quantity, unit_price) values (?, ?, ?, ?)";

    /** An order's own columns. */
    public record OrderRow(long id, long customerId, LocalDateTime placedAt, String status, BigDecimal total) {
    }

    /** An order with the name of the customer who placed it. */
    public record OrderWithCustomer(long id, LocalDateTime placedAt, String status, BigDecimal total,
                                    long customerId, String customerName) {
    }

    /** An order to write: its one line and what it costs. */
    public record NewOrder(long customerId, LocalDateTime placedAt, long productId, int quantity,
                           BigDecimal unitPrice) {
        BigDecimal total() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    private final DataSource dataSource;

    public OrderRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The most recently placed orders, newest first. */
    public List<OrderRow> findRecent(int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select id, customer_id, placed_at, status, total from orders order by placed_at desc limit ?")) {
            statement.setInt(1, limit);
            List<OrderRow> orders = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    orders.add(new OrderRow(rows.getLong("id"), rows.getLong("customer_id"),
                            rows.getObject("placed_at", LocalDateTime.class), rows.getString("status"),
                            rows.getBigDecimal("total")));
                }
            }
            return orders;
        }
    }

    /**
     * The most recently placed orders, newest first, each with its customer's name, in one statement. Every order has
     * its customer; the join is an outer one for H2's planner, which keeps the order of outer joins: it walks the
     * orders down the placed_at index and stops at the limit, whereas an inner join it would start from the
     * customers and sort all their orders.
     */
    public List<OrderWithCustomer> findRecentWithCustomers(int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select o.id, o.placed_at, o.status, o.total, c.id as customer_id, c.name as customer_name"
                             + " from orders o left join customers c on c.id = o.customer_id"
                             + " order by o.placed_at desc limit ?")) {
            statement.setInt(1, limit);
            List<OrderWithCustomer> orders = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    orders.add(new OrderWithCustomer(rows.getLong("id"),
                            rows.getObject("placed_at", LocalDateTime.class), rows.getString("status"),
                            rows.getBigDecimal("total"), rows.getLong("customer_id"),
                            rows.getString("customer_name")));
                }
            }
            return orders;
        }
    }

    /** Writes an order, paid already, and returns its id. */
    public long insert(NewOrder order) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(INSERT_ORDER, new String[] {"id"})) {
            bindOrder(statement, order);
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no id generated for the new order");
                }
                return keys.getLong(1);
            }
        }
    }

    public void insertItem(long orderId, NewOrder order) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(INSERT_ITEM)) {
            bindItem(statement, orderId, order);
            statement.executeUpdate();
        }
    }

    /** Writes paid orders as one JDBC batch in the caller's transaction; returns their ids, in order. */
    public long[] insertAll(Connection connection, List<NewOrder> orders) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ORDER, new String[] {"id"})) {
            for (NewOrder order : orders) {
                bindOrder(statement, order);
                statement.addBatch();
            }
            statement.executeBatch();
            long[] ids = new long[orders.size()];
            int index = 0;
            try (ResultSet keys = statement.getGeneratedKeys()) {
                while (keys.next() && index < ids.length) {
                    ids[index++] = keys.getLong(1);
                }
            }
            if (index != ids.length) {
                throw new SQLException("expected " + ids.length + " generated order ids, got " + index);
            }
            return ids;
        }
    }

    /** Writes the line of each order, {@code orderIds[i]} being the id of {@code orders.get(i)}, as one batch. */
    public void insertItems(Connection connection, long[] orderIds, List<NewOrder> orders) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ITEM)) {
            for (int i = 0; i < orderIds.length; i++) {
                bindItem(statement, orderIds[i], orders.get(i));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void bindOrder(PreparedStatement statement, NewOrder order) throws SQLException {
        statement.setLong(1, order.customerId());
        statement.setObject(2, order.placedAt());
        statement.setString(3, "PAID");
        statement.setBigDecimal(4, order.total());
    }

    private static void bindItem(PreparedStatement statement, long orderId, NewOrder order) throws SQLException {
        statement.setLong(1, orderId);
        statement.setLong(2, order.productId());
        statement.setInt(3, order.quantity());
        statement.setBigDecimal(4, order.unitPrice());
    }
}
