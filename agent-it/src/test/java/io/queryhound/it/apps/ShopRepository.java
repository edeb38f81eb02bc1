package io.queryhound.it.apps;

import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.proxy.HibernateProxy;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The shop's data access through Hibernate 6, shared by the two servlet apps: one method with an N+1 loop
 * (lazy {@code @ManyToOne} proxies initialised one by one) and one that loads the same data in one query.
 */
public final class ShopRepository implements AutoCloseable {

    private final SessionFactory sessionFactory;

    private ShopRepository(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Hibernate over {@code dataSource}, with no schema management and no JDBC batching. */
    public static ShopRepository over(DataSource dataSource) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
                .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, "0")
                .applySetting(AvailableSettings.SHOW_SQL, "false")
                .build();
        SessionFactory sessionFactory = new MetadataSources(registry)
                .addAnnotatedClass(Customer.class)
                .addAnnotatedClass(PurchaseOrder.class)
                .buildMetadata()
                .buildSessionFactory();
        return new ShopRepository(sessionFactory);
    }

    /**
     * The N+1: one select for all orders, then one select per distinct customer as each order's lazy customer
     * proxy is asked for its name. The first line of the result describes the proxies met on the way.
     */
    public String ordersWithCustomerNames() {
        try (Session session = sessionFactory.openSession()) {
            List<PurchaseOrder> orders = session
                    .createSelectionQuery("from PurchaseOrder o order by o.id", PurchaseOrder.class)
                    .getResultList();
            Set<Customer> proxies = Collections.newSetFromMap(new IdentityHashMap<>());
            int uninitializedOnFirstSight = 0;
            StringBuilder lines = new StringBuilder();
            for (PurchaseOrder order : orders) {
                Customer customer = order.getCustomer();
                if (customer instanceof HibernateProxy && proxies.add(customer) && !Hibernate.isInitialized(customer)) {
                    uninitializedOnFirstSight++;
                }
                lines.append(order.getId()).append(' ').append(customer.getName()).append(' ')
                        .append(order.getTotal()).append('\n');
            }
            int initializedAtEnd = 0;
            for (Customer proxy : proxies) {
                if (Hibernate.isInitialized(proxy)) {
                    initializedAtEnd++;
                }
            }
            return "orders=" + orders.size() + " lazyProxies=" + proxies.size()
                    + " uninitializedOnFirstSight=" + uninitializedOnFirstSight
                    + " initializedAtEnd=" + initializedAtEnd + "\n" + lines;
        }
    }

    /** No N+1: customers with their orders in one join-fetch query. */
    public String customersWithOrders() {
        try (Session session = sessionFactory.openSession()) {
            List<Customer> customers = session
                    .createSelectionQuery("select distinct c from Customer c left join fetch c.orders order by c.id",
                            Customer.class)
                    .getResultList();
            int orders = 0;
            StringBuilder lines = new StringBuilder();
            for (Customer customer : customers) {
                orders += customer.getOrders().size();
                lines.append(customer.getId()).append(' ').append(customer.getName()).append(' ')
                        .append(customer.getOrders().size()).append('\n');
            }
            return "customers=" + customers.size() + " orders=" + orders + "\n" + lines;
        }
    }

    /**
     * The Byte Buddy the application (Hibernate) uses, and the class of one of its lazy proxies: printed by the
     * servlet apps as {@code BYTEBUDDY_*} and {@code PROXY_CLASS} lines.
     */
    public void printByteBuddyProbe() throws java.io.IOException {
        Class<?> byteBuddy = net.bytebuddy.ByteBuddy.class;
        System.out.println("BYTEBUDDY_SOURCE " + byteBuddy.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("BYTEBUDDY_LOADER " + (byteBuddy.getClassLoader() == ClassLoader.getSystemClassLoader()
                ? "system" : String.valueOf(byteBuddy.getClassLoader())));
        // Every copy of the class the application's loader could see: the agent jar is on the system class
        // path too, so an unrelocated Byte Buddy inside it would show up here.
        java.util.Enumeration<java.net.URL> copies =
                ClassLoader.getSystemClassLoader().getResources("net/bytebuddy/ByteBuddy.class");
        while (copies.hasMoreElements()) {
            System.out.println("BYTEBUDDY_RESOURCE " + copies.nextElement());
        }
        try (Session session = sessionFactory.openSession()) {
            Customer reference = session.getReference(Customer.class, 1L);
            Class<?> proxyClass = reference.getClass();
            System.out.println("PROXY_CLASS hibernateProxy=" + (reference instanceof HibernateProxy)
                    + " subclassOfEntity=" + (proxyClass.getSuperclass() == Customer.class)
                    + " sameLoaderAsEntity=" + (proxyClass.getClassLoader() == Customer.class.getClassLoader())
                    + " name=" + proxyClass.getName());
        }
        String shaded = "io.queryhound.agent.shaded.bytebuddy.ByteBuddy";
        boolean shadedVisible;
        try {
            Class.forName(shaded, false, ShopRepository.class.getClassLoader());
            shadedVisible = true;
        } catch (ClassNotFoundException notVisible) {
            shadedVisible = false;
        }
        System.out.println("SHADED_BYTEBUDDY_VISIBLE " + shadedVisible);
    }

    @Override
    public void close() {
        sessionFactory.close();
    }
}
