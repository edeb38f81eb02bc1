package io.queryhound.examples;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Orders with Spring's JdbcTemplate: the code under test of JdbcTemplateExampleTest. */
public class JdbcTemplateOrderRepository {

    public record OrderView(long orderId, String status, long totalCents, String customer) {
    }

    public record NewOrder(long customerId, String status, long totalCents) {
    }

    private record OrderRow(long id, long customerId, String status, long totalCents) {
    }

    private static final String ORDERS_WITH_STATUS =
            "select id, customer_id, status, total_cents from orders where status = ? order by id";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    public JdbcTemplateOrderRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /** Orders of one status with their customer's name: two queries however many orders there are. */
    public List<OrderView> ordersWithStatus(String status) {
        List<OrderRow> orders = jdbc.query(ORDERS_WITH_STATUS, (row, rowNum) -> new OrderRow(row.getLong("id"),
                row.getLong("customer_id"), row.getString("status"), row.getLong("total_cents")), status);
        if (orders.isEmpty()) {
            return List.of();
        }
        Set<Long> customerIds = orders.stream().map(OrderRow::customerId).collect(Collectors.toSet());
        Map<Long, String> names = new HashMap<>();
        named.query("select id, name from customer where id in (:ids)", Map.of("ids", customerIds),
                (ResultSet row) -> {
                    names.put(row.getLong("id"), row.getString("name"));
                });
        return orders.stream()
                .map(order -> new OrderView(order.id(), order.status(), order.totalCents(), names.get(order.customerId())))
                .toList();
    }

    /** The same with the customer looked up in the row mapper: one more query per order, an N+1. */
    public List<OrderView> ordersWithStatusNaive(String status) {
        return jdbc.query(ORDERS_WITH_STATUS, this::orderWithCustomer, status);
    }

    private OrderView orderWithCustomer(ResultSet row, int rowNum) throws SQLException {
        String customer = jdbc.queryForObject("select name from customer where id = ?", String.class,
                row.getLong("customer_id"));
        return new OrderView(row.getLong("id"), row.getString("status"), row.getLong("total_cents"), customer);
    }

    /** Imports orders with batchUpdate: one executeBatch per 500 orders. */
    public void importOrders(List<NewOrder> orders) {
        jdbc.batchUpdate("insert into orders (customer_id, status, total_cents) values (?, ?, ?)", orders, 500,
                (statement, order) -> {
                    statement.setLong(1, order.customerId());
                    statement.setString(2, order.status());
                    statement.setLong(3, order.totalCents());
                });
    }
}
