package io.queryhound.demo.orders.export;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The orders of a region, for export to the finance team's warehouse, over plain JDBC. */
public final class OrderExportRepository {

    // Every order has its customer: the outer join is for H2's planner, which keeps the order of outer joins, so
    // it walks the orders by id (and can stop after a page) instead of starting from the region's customers and
    // sorting all their orders.
    private static final String SELECT = "select o.id, o.placed_at, o.status, o.total, c.id as customer_id,"
            + " c.name as customer_name from orders o left join customers c on c.id = o.customer_id"
            + " where c.region_code = ?";

    /** One exported order. */
    public record ExportedOrder(long id, LocalDateTime placedAt, String status, BigDecimal total, long customerId,
                                String customerName) {
    }

    private final DataSource dataSource;

    public OrderExportRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every order of the region, by id. */
    public List<ExportedOrder> findAllByRegion(String region) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(SELECT + " order by o.id")) {
            statement.setString(1, region);
            return read(statement);
        }
    }

    /**
     * The next {@code limit} orders of the region after order {@code afterId}, by id: keyset pagination, which walks
     * the orders' primary key from {@code afterId} and stops after {@code limit} rows, wherever the page starts.
     */
    public List<ExportedOrder> findPageByRegion(String region, long afterId, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     SELECT + " and o.id > ? order by o.id limit ?")) {
            statement.setString(1, region);
            statement.setLong(2, afterId);
            statement.setInt(3, limit);
            return read(statement);
        }
    }

    private static List<ExportedOrder> read(PreparedStatement statement) throws SQLException {
        List<ExportedOrder> orders = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                orders.add(new ExportedOrder(rows.getLong("id"), rows.getObject("placed_at", LocalDateTime.class),
                        rows.getString("status"), rows.getBigDecimal("total"), rows.getLong("customer_id"),
                        rows.getString("customer_name")));
            }
        }
        return orders;
    }
}
