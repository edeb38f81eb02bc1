package io.queryhound.demo.orders.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Customers over plain JDBC. */
public final class CustomerRepository {

    private final DataSource dataSource;

    public CustomerRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Customer> findById(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select id, name, email, region_code from customers where id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(customer(rows)) : Optional.empty();
            }
        }
    }

    private static Customer customer(ResultSet rows) throws SQLException {
        return new Customer(rows.getLong("id"), rows.getString("name"), rows.getString("email"),
                rows.getString("region_code"));
    }
}
