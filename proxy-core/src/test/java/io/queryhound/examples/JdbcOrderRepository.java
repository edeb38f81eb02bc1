package io.queryhound.examples;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Customers, orders and order lines in plain JDBC: the code under test of PlainJdbcExampleTest. */
public class JdbcOrderRepository {

    public record OrderSummary(long orderId, String customer, long totalCents) {
    }

    public record NewOrder(long customerId, String status, long totalCents) {
    }

    public record Line(String product, int quantity) {
    }

    private final DataSource dataSource;

    public JdbcOrderRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void addCustomer(long id, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into customer (id, name) values (?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, name);
            insert.executeUpdate();
        }
    }

    public Optional<String> customerName(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("select name from customer where id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** The newest orders with their customer's name: one query, the join does the lookup. */
    public List<OrderSummary> recentOrders(int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select o.id, c.name, o.total_cents from orders o join customer c on c.id = o.customer_id"
                             + " order by o.id desc limit ?")) {
            select.setInt(1, limit);
            List<OrderSummary> orders = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    orders.add(new OrderSummary(rows.getLong(1), rows.getString(2), rows.getLong(3)));
                }
            }
            return orders;
        }
    }

    /** The same result the way it is often first written: one more query per order. An N+1. */
    public List<OrderSummary> recentOrdersNaive(int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select id, customer_id, total_cents from orders order by id desc limit ?");
             PreparedStatement customer = connection.prepareStatement("select name from customer where id = ?")) {
            select.setInt(1, limit);
            List<OrderSummary> orders = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    customer.setLong(1, rows.getLong(2));
                    try (ResultSet name = customer.executeQuery()) {
                        name.next();
                        orders.add(new OrderSummary(rows.getLong(1), name.getString(1), rows.getLong(3)));
                    }
                }
            }
            return orders;
        }
    }

    /**
     * Checks the customer, writes the order and then all its lines in one batch: three round trips
     * however many lines the order has.
     */
    public long placeOrder(long customerId, List<Line> lines) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement exists = connection.prepareStatement("select 1 from customer where id = ?");
                 PreparedStatement order = connection.prepareStatement(
                         "insert into orders (customer_id, status, total_cents) values (?, 'NEW', 0)",
                         Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement line = connection.prepareStatement(
                         "insert into order_line (order_id, product, quantity) values (?, ?, ?)")) {
                exists.setLong(1, customerId);
                try (ResultSet found = exists.executeQuery()) {
                    if (!found.next()) {
                        throw new IllegalArgumentException("no customer " + customerId);
                    }
                }
                order.setLong(1, customerId);
                order.executeUpdate();
                long orderId;
                try (ResultSet keys = order.getGeneratedKeys()) {
                    keys.next();
                    orderId = keys.getLong(1);
                }
                for (Line item : lines) {
                    line.setLong(1, orderId);
                    line.setString(2, item.product());
                    line.setInt(3, item.quantity());
                    line.addBatch();
                }
                line.executeBatch();
                connection.commit();
                return orderId;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Imports orders in one batch: one round trip for all of them. */
    public int importOrders(List<NewOrder> orders) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into orders (customer_id, status, total_cents) values (?, ?, ?)")) {
            for (NewOrder order : orders) {
                insert.setLong(1, order.customerId());
                insert.setString(2, order.status());
                insert.setLong(3, order.totalCents());
                insert.addBatch();
            }
            return insert.executeBatch().length;
        }
    }
}
