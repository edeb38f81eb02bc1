package io.queryhound.demo.orders.dashboard;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The dashboard's figures over plain JDBC. Every one of them is answered from an index. The pending orders are
 * joined to their customers with an outer join (every order has its customer) because H2 keeps the order of outer
 * joins: it starts from the few orders the status index finds, where an inner join could start from the customers.
 */
public final class DashboardRepository {

    /** The six headline figures. */
    public record Counts(long customers, long products, long ordersToday, long pendingOrders, long lowStockItems,
                         long failedPaymentsToday) {
    }

    /** Orders of one region and their value. */
    public record RegionFigures(long orders, BigDecimal value) {
    }

    /** Inventory rows of one warehouse that are low on stock. */
    public record WarehouseStock(int id, String name, String regionCode, long lowStockItems) {
    }

    private final DataSource dataSource;

    public DashboardRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long countCustomers() throws SQLException {
        return count("select count(*) from customers");
    }

    public long countProducts() throws SQLException {
        return count("select count(*) from products");
    }

    public long countOrdersPlacedSince(LocalDateTime since) throws SQLException {
        return count("select count(*) from orders where placed_at >= ?", since);
    }

    public long countPendingOrders() throws SQLException {
        return count("select count(*) from orders where status = 'PENDING'");
    }

    public long countLowStockItems(int threshold) throws SQLException {
        return count("select count(*) from inventory where quantity < ?", threshold);
    }

    public long countFailedPaymentsSince(LocalDateTime since) throws SQLException {
        return count("select count(*) from payments where status = 'FAILED' and created_at >= ?", since);
    }

    /** The six figures above in one statement, each a scalar subquery. */
    public Counts counts(LocalDateTime today, int lowStockThreshold) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select"
                     + " (select count(*) from customers) as customers,"
                     + " (select count(*) from products) as products,"
                     + " (select count(*) from orders where placed_at >= ?) as orders_today,"
                     + " (select count(*) from orders where status = 'PENDING') as pending_orders,"
                     + " (select count(*) from inventory where quantity < ?) as low_stock_items,"
                     + " (select count(*) from payments where status = 'FAILED' and created_at >= ?)"
                     + " as failed_payments")) {
            statement.setObject(1, today);
            statement.setInt(2, lowStockThreshold);
            statement.setObject(3, today);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Counts(rows.getLong("customers"), rows.getLong("products"), rows.getLong("orders_today"),
                        rows.getLong("pending_orders"), rows.getLong("low_stock_items"),
                        rows.getLong("failed_payments"));
            }
        }
    }

    /** Per warehouse, the inventory rows under {@code threshold} units. */
    public List<WarehouseStock> lowStockByWarehouse(int threshold) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select w.id, w.name, w.region_code, count(i.warehouse_id) from warehouses w"
                             + " left join inventory i on i.warehouse_id = w.id and i.quantity < ?"
                             + " group by w.id, w.name, w.region_code order by w.id")) {
            statement.setInt(1, threshold);
            List<WarehouseStock> warehouses = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    warehouses.add(new WarehouseStock(rows.getInt(1), rows.getString(2), rows.getString(3),
                            rows.getLong(4)));
                }
            }
            return warehouses;
        }
    }

    /** Pending orders and their value, per customer region code. */
    public Map<String, RegionFigures> pendingOrdersByRegion() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select c.region_code, count(*), sum(o.total) from orders o"
                             + " left join customers c on c.id = o.customer_id where o.status = 'PENDING'"
                             + " group by c.region_code")) {
            Map<String, RegionFigures> figures = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    figures.put(rows.getString(1), new RegionFigures(rows.getLong(2), rows.getBigDecimal(3)));
                }
            }
            return figures;
        }
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
