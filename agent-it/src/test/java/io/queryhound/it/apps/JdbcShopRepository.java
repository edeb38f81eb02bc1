package io.queryhound.it.apps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The shop's data access in plain JDBC, as a row-mapper loop would write it. */
public final class JdbcShopRepository {

    private final DataSource dataSource;

    public JdbcShopRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The N+1: one select for the orders, then one customer lookup per order while the orders' result is still
     * open ({@value AppSupport#ORDERS} lookups of {@value AppSupport#CUSTOMERS} distinct customers).
     */
    public String ordersWithCustomerNames() throws SQLException {
        StringBuilder lines = new StringBuilder();
        int orders = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("select id, customer_id, total from orders order by id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                orders++;
                try (PreparedStatement lookup = connection.prepareStatement("select name from customer where id = ?")) {
                    lookup.setLong(1, rows.getLong(2));
                    try (ResultSet customer = lookup.executeQuery()) {
                        customer.next();
                        lines.append(rows.getLong(1)).append(' ').append(customer.getString(1)).append(' ')
                                .append(rows.getBigDecimal(3)).append('\n');
                    }
                }
            }
        }
        return "orders=" + orders + "\n" + lines;
    }

    /** No N+1: customers with their order counts in one query. */
    public String customersWithOrderCounts() throws SQLException {
        StringBuilder lines = new StringBuilder();
        int customers = 0;
        int orders = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select c.id, c.name, count(o.id) from customer c left join orders o on o.customer_id = c.id "
                             + "group by c.id, c.name order by c.id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                customers++;
                orders += rows.getInt(3);
                lines.append(rows.getLong(1)).append(' ').append(rows.getString(2)).append(' ')
                        .append(rows.getInt(3)).append('\n');
            }
        }
        return "customers=" + customers + " orders=" + orders + "\n" + lines;
    }
}
