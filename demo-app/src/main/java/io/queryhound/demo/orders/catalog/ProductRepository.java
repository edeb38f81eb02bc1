package io.queryhound.demo.orders.catalog;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Products over plain JDBC. */
public final class ProductRepository {

    private static final String COLUMNS = "select id, sku, name, price from products";

    private final DataSource dataSource;

    public ProductRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<ProductPrice> findById(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(COLUMNS + " where id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(productPrice(rows)) : Optional.empty();
            }
        }
    }

    /** The products among {@code ids} that exist, in one statement; in no particular order. */
    public List<ProductPrice> findAllById(Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     COLUMNS + " where id in (" + placeholders(ids.size()) + ")")) {
            int index = 1;
            for (long id : ids) {
                statement.setLong(index++, id);
            }
            List<ProductPrice> products = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    products.add(productPrice(rows));
                }
            }
            return products;
        }
    }

    /** The current price of one product, for pricing an order line. */
    public Optional<BigDecimal> findPrice(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select price from products where id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBigDecimal(1)) : Optional.empty();
            }
        }
    }

    /** The current prices of the products among {@code ids} that exist, in one statement. */
    public Map<Long, BigDecimal> findPrices(Collection<Long> ids) throws SQLException {
        Map<Long, BigDecimal> prices = new HashMap<>();
        if (ids.isEmpty()) {
            return prices;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select id, price from products where id in (" + placeholders(ids.size()) + ")")) {
            int index = 1;
            for (long id : ids) {
                statement.setLong(index++, id);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    prices.put(rows.getLong(1), rows.getBigDecimal(2));
                }
            }
        }
        return prices;
    }

    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static ProductPrice productPrice(ResultSet rows) throws SQLException {
        return new ProductPrice(rows.getLong("id"), rows.getString("sku"), rows.getString("name"),
                rows.getBigDecimal("price"));
    }
}
