package io.queryhound.it.apps.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries of the applications that test the agent's output and settings: the orders, then each order's
 * customer one at a time, an N+1 loop of {@link #ORDERS} lookups. Prints one {@code RESULT} line per order, which
 * must be the same with and without the agent. {@link #loadOrdersWithCustomers} is the method those tests name in
 * {@code scopeMethods}, so that its findings are judged, and written, as soon as it returns.
 */
public final class OrdersWorkload {

    public static final String SCOPE_METHOD = OrdersWorkload.class.getName() + "#loadOrdersWithCustomers";
    public static final String ORDERS_QUERY = "select id, customer_id, total from orders order by id";
    public static final String CUSTOMER_QUERY = "select name from customer where id = ?";
    public static final int ORDERS = 5;

    private OrdersWorkload() {
    }

    /** A fresh in-memory database with {@link #ORDERS} orders of as many customers; its connection. */
    public static Connection openDatabase(String name) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("create table customer (id int primary key, name varchar(40))");
            ddl.execute("create table orders (id int primary key, customer_id int, total decimal(10, 2))");
            ddl.execute("insert into customer select x, 'customer ' || x from system_range(1, " + ORDERS + ")");
            ddl.execute("insert into orders select x, x, x * 10.5 from system_range(1, " + ORDERS + ")");
        }
        return connection;
    }

    /** The N+1 loop: each order's customer by its own query. Prints and returns the lines. */
    public static List<String> loadOrdersWithCustomers(Connection connection) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement orders = connection.createStatement();
             ResultSet order = orders.executeQuery(ORDERS_QUERY);
             PreparedStatement customer = connection.prepareStatement(CUSTOMER_QUERY)) {
            while (order.next()) {
                customer.setInt(1, order.getInt("customer_id"));
                try (ResultSet name = customer.executeQuery()) {
                    name.next();
                    lines.add("RESULT order " + order.getInt("id") + " total " + order.getBigDecimal("total")
                            + " customer " + name.getString(1));
                }
            }
        }
        lines.forEach(System.out::println);
        return lines;
    }
}
