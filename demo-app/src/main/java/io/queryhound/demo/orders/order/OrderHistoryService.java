package io.queryhound.demo.orders.order;

import io.queryhound.demo.orders.catalog.Product;
import io.queryhound.demo.orders.customer.Customer;
import io.queryhound.demo.orders.customer.CustomerRepository;
import org.hibernate.SessionFactory;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A customer's order history page: every order, newest first, with its items. The customer comes from the JDBC
 * repository, the orders from Hibernate, as in an application that has both.
 */
public final class OrderHistoryService {

    /** The page. */
    public record OrderHistory(Customer customer, int orderCount, List<OrderView> orders) {
    }

    /** An order as the page shows it. */
    public record OrderView(long id, LocalDateTime placedAt, String status, BigDecimal total, List<ItemView> items) {

        static OrderView of(PurchaseOrder order) {
            List<ItemView> items = new ArrayList<>();
            for (OrderItem item : order.getItems()) {
                items.add(ItemView.of(item));
            }
            return new OrderView(order.getId(), order.getPlacedAt(), order.getStatus(), order.getTotal(), items);
        }
    }

    /** An order line as the page shows it. */
    public record ItemView(long productId, String sku, String productName, int quantity, BigDecimal unitPrice) {

        static ItemView of(OrderItem item) {
            Product product = item.getProduct();
            return new ItemView(product.getId(), product.getSku(), product.getName(), item.getQuantity(),
                    item.getUnitPrice());
        }
    }

    private final CustomerRepository customers;
    private final SessionFactory sessionFactory;

    public OrderHistoryService(CustomerRepository customers, SessionFactory sessionFactory) {
        this.customers = customers;
        this.sessionFactory = sessionFactory;
    }

    /**
     * Naive: the orders as entities, then the page is built from them. {@code OrderView.of} walks each order's lazy
     * {@code items}, which Hibernate loads with one query per order, and each item's lazy product, one query per
     * product not seen before.
     */
    public Optional<OrderHistory> historyWithLazyItems(long customerId) throws SQLException {
        Optional<Customer> customer = customers.findById(customerId);
        if (customer.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(sessionFactory.fromTransaction(session -> {
            List<PurchaseOrder> orders = session.createSelectionQuery(
                            "from PurchaseOrder o where o.customerId = :customerId order by o.placedAt desc",
                            PurchaseOrder.class)
                    .setParameter("customerId", customerId)
                    .getResultList();
            return page(customer.get(), orders);
        }));
    }

    /** Fixed: the orders, their items and the items' products in one query, with fetch joins. */
    public Optional<OrderHistory> historyFetchJoined(long customerId) throws SQLException {
        Optional<Customer> customer = customers.findById(customerId);
        if (customer.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(sessionFactory.fromTransaction(session -> {
            List<PurchaseOrder> orders = session.createSelectionQuery(
                            "from PurchaseOrder o left join fetch o.items i left join fetch i.product"
                                    + " where o.customerId = :customerId order by o.placedAt desc, i.id",
                            PurchaseOrder.class)
                    .setParameter("customerId", customerId)
                    .getResultList();
            return page(customer.get(), orders);
        }));
    }

    private static OrderHistory page(Customer customer, List<PurchaseOrder> orders) {
        List<OrderView> views = new ArrayList<>();
        for (PurchaseOrder order : orders) {
            views.add(OrderView.of(order));
        }
        return new OrderHistory(customer, views.size(), views);
    }
}
