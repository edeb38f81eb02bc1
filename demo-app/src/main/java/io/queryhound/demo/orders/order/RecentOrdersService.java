package io.queryhound.demo.orders.order;

import io.queryhound.demo.orders.customer.Customer;
import io.queryhound.demo.orders.customer.CustomerRepository;
import io.queryhound.demo.orders.order.OrderRepository.OrderRow;
import io.queryhound.demo.orders.order.OrderRepository.OrderWithCustomer;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The back office's "latest orders" list: the newest orders with the name of who placed them. Plain JDBC. */
public final class RecentOrdersService {

    private final OrderRepository orders;
    private final CustomerRepository customers;

    public RecentOrdersService(OrderRepository orders, CustomerRepository customers) {
        this.orders = orders;
        this.customers = customers;
    }

    /** Naive: the orders, then each order's customer through the customer repository. */
    public List<OrderWithCustomer> recentOrdersWithCustomerLookups(int limit) throws SQLException {
        List<OrderWithCustomer> result = new ArrayList<>();
        for (OrderRow order : orders.findRecent(limit)) {
            String customerName = customers.findById(order.customerId()).map(Customer::name).orElse(null);
            result.add(new OrderWithCustomer(order.id(), order.placedAt(), order.status(), order.total(),
                    order.customerId(), customerName));
        }
        return result;
    }

    /** Fixed: orders joined to their customers in the one query. */
    public List<OrderWithCustomer> recentOrdersJoined(int limit) throws SQLException {
        return orders.findRecentWithCustomers(limit);
    }
}
