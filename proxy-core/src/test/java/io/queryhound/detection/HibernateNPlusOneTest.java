package io.queryhound.detection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.Scope;
import io.queryhound.StatementStatistics;
import io.queryhound.testing.RecordingEngine;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * N+1 loops produced by a real Hibernate 6 session over a HikariCP pool on H2, captured through the
 * wrapped DataSource: the finding must name the application line that touched the lazy collection
 * or proxy, never a Hibernate or proxy frame, and the fixes (join fetch, batch fetching) must make
 * it go away.
 */
class HibernateNPlusOneTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final int CUSTOMERS = 10;
    private static final int ORDERS_PER_CUSTOMER = 2;

    /** The line of {@link #totalOf} that initialises the collection; set by the line itself. */
    private static volatile int collectionTouchLine;
    /** The line of {@link #nameOf} that initialises the proxy; set by the line itself. */
    private static volatile int proxyTouchLine;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    // ------------------------------------------------------------------ the application code

    @Entity(name = "Customer")
    @Table(name = "customer")
    public static class Customer {
        @Id
        private Long id;
        private String name;
        @OneToMany(mappedBy = "customer", fetch = FetchType.LAZY)
        private List<PurchaseOrder> orders = new ArrayList<>();

        protected Customer() {
        }

        Customer(long id, String name) {
            this.id = id;
            this.name = name;
        }

        public Long getId() {
            return id;
        }

        public String getName() {
            return name;
        }

        public List<PurchaseOrder> getOrders() {
            return orders;
        }
    }

    @Entity(name = "PurchaseOrder")
    @Table(name = "purchase_order")
    public static class PurchaseOrder {
        @Id
        private Long id;
        private long total;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "customer_id")
        private Customer customer;

        protected PurchaseOrder() {
        }

        PurchaseOrder(long id, long total, Customer customer) {
            this.id = id;
            this.total = total;
            this.customer = customer;
        }

        public Long getId() {
            return id;
        }

        public long getTotal() {
            return total;
        }

        public Customer getCustomer() {
            return customer;
        }
    }

    /** Touches the lazy collection: with plain lazy loading, one select per customer. */
    private static long totalOf(Customer customer) {
        collectionTouchLine = here(); int size = customer.getOrders().size(); // both on the line that loads
        long total = 0;
        for (PurchaseOrder order : customer.getOrders()) {
            total += order.getTotal();
        }
        return size == 0 ? 0 : total;
    }

    /** Touches the lazy to-one proxy: one select per distinct customer. */
    private static String nameOf(PurchaseOrder order) {
        proxyTouchLine = here(); String name = order.getCustomer().getName(); // both on the line that loads
        return name;
    }

    /** The line number of the caller. */
    private static int here() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void lazyCollectionPerCustomerIsAnNPlusOneAtTheLineThatTouchesIt() {
        RecordingEngine r = recording();
        SessionFactory sessions = sessionFactory(r, null);
        insertCustomersWithOrders(sessions);

        Scope scope;
        long grandTotal = 0;
        try (Session session = sessions.openSession()) {
            session.beginTransaction();
            try (Scope s = r.engine.scope("hibernate")) {
                scope = s;
                List<Customer> customers = session.createQuery("select c from Customer c", Customer.class)
                        .getResultList();
                for (Customer customer : customers) {
                    grandTotal += totalOf(customer);
                }
            }
            session.getTransaction().commit();
        }
        assertThat(grandTotal).isPositive();
        printFindingsAndSql("lazy collection", r, scope);

        List<Finding> loops = ofType(scope.findings(), FindingType.N_PLUS_ONE);
        assertThat(loops).as("N+1 findings of %s", scope.findings()).hasSize(1);
        Finding loop = loops.get(0);
        assertThat(loop.sql()).contains("purchase_order").contains("customer_id");
        assertThat(loop.count()).isEqualTo(CUSTOMERS);
        assertThat(loop.distinctParams()).isEqualTo(CUSTOMERS);
        assertThat(loop.scope()).isEqualTo("hibernate");
        assertThat(loop.callSite()).as("call site").isNotNull();
        assertThat(loop.callSite().className()).isEqualTo(HibernateNPlusOneTest.class.getName());
        assertThat(loop.callSite().methodName()).isEqualTo("totalOf");
        assertThat(loop.callSite().lineNumber()).isEqualTo(collectionTouchLine);
        assertThat(loop.callSite().fileName()).isEqualTo("HibernateNPlusOneTest.java");
        assertThat(loop.stack()).as("callers of the site").isNotEmpty();
        assertThat(loop.stack().get(0).methodName())
                .isEqualTo("lazyCollectionPerCustomerIsAnNPlusOneAtTheLineThatTouchesIt");
        assertThat(loop.suggestion().toLowerCase(Locale.ROOT)).contains("fetch");
        assertThat(loop.suggestion().toLowerCase(Locale.ROOT)).containsAnyOf("join fetch", "batch fetch");
        assertThat(loop.trigger()).as("trigger").isNotNull();
        assertThat(loop.trigger().sql()).contains("customer").doesNotContain("purchase_order");
        assertThat(loop.trigger().rows()).isEqualTo(CUSTOMERS);
        assertThat(loop.trigger().callSite()).isNotNull();
        assertThat(loop.trigger().callSite().className()).isEqualTo(HibernateNPlusOneTest.class.getName());
        if (loop.rewrite() != null) {
            assertThat(loop.rewrite()).endsWith("in (?)");
        }
        System.out.println("lazy collection N+1 rewrite: " + loop.rewrite());
    }

    @Test
    void joinFetchLoadsTheCollectionsWithTheOwnersAndIsNoNPlusOne() {
        RecordingEngine r = recording();
        SessionFactory sessions = sessionFactory(r, null);
        insertCustomersWithOrders(sessions);

        Scope scope;
        long grandTotal = 0;
        try (Session session = sessions.openSession()) {
            session.beginTransaction();
            try (Scope s = r.engine.scope("hibernate-join-fetch")) {
                scope = s;
                List<Customer> customers = session.createQuery(
                        "select distinct c from Customer c join fetch c.orders", Customer.class).getResultList();
                assertThat(customers).hasSize(CUSTOMERS);
                for (Customer customer : customers) {
                    grandTotal += totalOf(customer);
                }
            }
            session.getTransaction().commit();
        }
        assertThat(grandTotal).isPositive();
        printFindingsAndSql("join fetch", r, scope);

        assertThat(scope.queryCount()).isEqualTo(1);
        assertThat(ofType(scope.findings(), FindingType.N_PLUS_ONE)).isEmpty();
    }

    @Test
    void batchFetchingLoadsTheCollectionsTogetherAndIsNoNPlusOne() {
        RecordingEngine r = recording();
        SessionFactory sessions = sessionFactory(r, 16);
        insertCustomersWithOrders(sessions);

        Scope scope;
        long grandTotal = 0;
        try (Session session = sessions.openSession()) {
            session.beginTransaction();
            try (Scope s = r.engine.scope("hibernate-batch-fetch")) {
                scope = s;
                List<Customer> customers = session.createQuery("select c from Customer c", Customer.class)
                        .getResultList();
                for (Customer customer : customers) {
                    grandTotal += totalOf(customer);
                }
            }
            session.getTransaction().commit();
        }
        assertThat(grandTotal).isPositive();
        Map<String, StatementStatistics> sql = printFindingsAndSql("batch fetch size 16", r, scope);

        assertThat(ofType(scope.findings(), FindingType.N_PLUS_ONE)).isEmpty();
        // One query for the customers, one for all their collections (an IN list or an array).
        assertThat(scope.queryCount()).isEqualTo(2);
        List<StatementStatistics> batchLoads = sql.values().stream()
                .filter(st -> st.sql().startsWith("select") && st.sql().contains("purchase_order"))
                .collect(Collectors.toList());
        assertThat(batchLoads).hasSize(1);
        assertThat(batchLoads.get(0).count()).isEqualTo(1);
        assertThat(batchLoads.get(0).sql()).containsAnyOf(" in (", "any(", "any (", "array_contains");
    }

    @Test
    void lazyToOneProxyPerOrderIsAnNPlusOneAtTheLineThatTouchesIt() {
        RecordingEngine r = recording();
        SessionFactory sessions = sessionFactory(r, null);
        insertCustomersWithOrders(sessions);

        Scope scope;
        List<String> names = new ArrayList<>();
        try (Session session = sessions.openSession()) {
            session.beginTransaction();
            try (Scope s = r.engine.scope("hibernate-proxy")) {
                scope = s;
                List<PurchaseOrder> orders = session.createQuery(
                        "select o from PurchaseOrder o order by o.id", PurchaseOrder.class).getResultList();
                assertThat(orders).hasSize(CUSTOMERS * ORDERS_PER_CUSTOMER);
                for (PurchaseOrder order : orders) {
                    names.add(nameOf(order));
                }
            }
            session.getTransaction().commit();
        }
        assertThat(names).hasSize(CUSTOMERS * ORDERS_PER_CUSTOMER).doesNotContainNull();
        printFindingsAndSql("lazy to-one proxy", r, scope);

        List<Finding> loops = ofType(scope.findings(), FindingType.N_PLUS_ONE);
        assertThat(loops).as("N+1 findings of %s", scope.findings()).hasSize(1);
        Finding loop = loops.get(0);
        // Soft: every expectation is reported, not only the first that fails.
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(loop.sql()).contains("customer").doesNotContain("purchase_order");
            // each distinct customer once; the second order of a customer finds it initialized
            softly.assertThat(loop.count()).isEqualTo(CUSTOMERS);
            softly.assertThat(loop.callSite()).isNotNull();
            if (loop.callSite() != null) {
                // Hibernate 6.6 names its proxy classes <Entity>$HibernateProxy (no random suffix):
                // that generated frame must not be taken for the application's line.
                softly.assertThat(loop.callSite().className()).as("call site class")
                        .isEqualTo(HibernateNPlusOneTest.class.getName());
                softly.assertThat(loop.callSite().methodName()).as("call site method").isEqualTo("nameOf");
                softly.assertThat(loop.callSite().lineNumber()).as("call site line").isEqualTo(proxyTouchLine);
            }
            softly.assertThat(loop.suggestion().toLowerCase(Locale.ROOT)).contains("fetch");
            softly.assertThat(loop.trigger()).isNotNull();
            if (loop.trigger() != null) {
                softly.assertThat(loop.trigger().sql()).contains("purchase_order");
                softly.assertThat(loop.trigger().rows()).isEqualTo(CUSTOMERS * ORDERS_PER_CUSTOMER);
            }
        });
    }

    // ------------------------------------------------------------------ plumbing

    private RecordingEngine recording() {
        RecordingEngine r = new RecordingEngine(QueryHound.builder());
        resources.add(r);
        return r;
    }

    private SessionFactory sessionFactory(RecordingEngine r, Integer batchFetchSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:hib" + DATABASES.incrementAndGet() + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setMaximumPoolSize(4);
        HikariDataSource hikari = new HikariDataSource(config);
        resources.add(hikari);

        StandardServiceRegistryBuilder settings = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, r.wrap(hikari))
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "create-drop")
                .applySetting(AvailableSettings.SHOW_SQL, "false");
        if (batchFetchSize != null) {
            settings.applySetting(AvailableSettings.DEFAULT_BATCH_FETCH_SIZE, batchFetchSize.toString());
        }
        StandardServiceRegistry registry = settings.build();
        SessionFactory sessions = new MetadataSources(registry)
                .addAnnotatedClass(Customer.class)
                .addAnnotatedClass(PurchaseOrder.class)
                .buildMetadata()
                .buildSessionFactory();
        resources.add(sessions);
        return sessions;
    }

    private static void insertCustomersWithOrders(SessionFactory sessions) {
        try (Session session = sessions.openSession()) {
            session.beginTransaction();
            long orderId = 100;
            for (long c = 1; c <= CUSTOMERS; c++) {
                Customer customer = new Customer(c, "customer " + c);
                session.persist(customer);
                for (int o = 0; o < ORDERS_PER_CUSTOMER; o++) {
                    PurchaseOrder order = new PurchaseOrder(orderId, orderId * 10, customer);
                    orderId++;
                    customer.getOrders().add(order);
                    session.persist(order);
                }
            }
            session.getTransaction().commit();
        }
    }

    private static List<Finding> ofType(List<Finding> findings, FindingType type) {
        return findings.stream().filter(f -> f.type() == type).collect(Collectors.toList());
    }

    /** Prints the scope's findings and the SQL Hibernate ran (templates with execution counts), for the report. */
    private static Map<String, StatementStatistics> printFindingsAndSql(String label, RecordingEngine r, Scope scope) {
        System.out.println("=== " + label + ": " + scope.queryCount() + " statements in scope " + scope.name());
        for (Finding finding : scope.findings()) {
            System.out.println("finding: " + finding.toJson());
        }
        Map<String, StatementStatistics> sql = r.interval();
        for (Map.Entry<String, StatementStatistics> entry : sql.entrySet()) {
            System.out.println("sql: " + entry.getValue().count() + "x " + entry.getKey()
                    + (entry.getValue().fingerprint().largestCollapsedList() > 0
                    ? "   [collapsed IN-list lengths " + java.util.Arrays.toString(
                    entry.getValue().fingerprint().collapsedListLengths()) + "]" : ""));
        }
        return sql;
    }
}
