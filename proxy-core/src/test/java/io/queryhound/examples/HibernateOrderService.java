package io.queryhound.examples;

import jakarta.persistence.EntityManager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Order totals per customer with JPA (Hibernate): the code under test of HibernateExampleTest. */
public class HibernateOrderService {

    private final EntityManager entityManager;

    public HibernateOrderService(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Every customer's order total: one query, the orders are fetched with their customers. */
    public Map<String, Long> totalsByCustomer() {
        return totals(entityManager.createQuery(
                "select c from Customer c left join fetch c.orders order by c.name", Customer.class).getResultList());
    }

    /** The same without the fetch join: Hibernate loads each customer's orders when the loop first touches them. */
    public Map<String, Long> totalsByCustomerNaive() {
        return totals(entityManager.createQuery("select c from Customer c order by c.name", Customer.class)
                .getResultList());
    }

    private static Map<String, Long> totals(List<Customer> customers) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Customer customer : customers) {
            long total = 0;
            for (PurchaseOrder order : customer.getOrders()) {
                total += order.getTotalCents();
            }
            totals.put(customer.getName(), total);
        }
        return totals;
    }
}
