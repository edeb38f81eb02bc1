package io.queryhound.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.QueryHound;
import io.queryhound.junit.ExpectQueries;
import io.queryhound.junit.NoNPlusOne;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryLog;
import jakarta.persistence.EntityManager;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.queryhound.junit.QueryAssertions.assertThat;
import static io.queryhound.junit.QueryExpectation.noNPlusOne;
import static io.queryhound.junit.QueryExpectation.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HibernateExampleTest {

    private static HikariDataSource pool;
    private static SessionFactory sessionFactory;

    private EntityManager entityManager;
    private HibernateOrderService service;

    @BeforeAll
    static void startHibernate() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:hibernate-example;DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        pool = new HikariDataSource(config);
        sessionFactory = new MetadataSources(new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, QueryHound.wrap(pool)) // the wrapped pool
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "create-drop")
                .build())
                .addAnnotatedClass(Customer.class)
                .addAnnotatedClass(PurchaseOrder.class)
                .buildMetadata()
                .buildSessionFactory();
    }

    @AfterAll
    static void stopHibernate() {
        sessionFactory.close();
        pool.close();
    }

    @BeforeEach
    void fourCustomersWithOrders() {
        entityManager = sessionFactory.createEntityManager();
        entityManager.getTransaction().begin(); // rolled back after each test
        Customer ada = new Customer("Ada");
        ada.addOrder(1200);
        ada.addOrder(999);
        Customer grace = new Customer("Grace");
        grace.addOrder(800);
        Customer linus = new Customer("Linus");
        linus.addOrder(4500);
        Customer barbara = new Customer("Barbara");
        barbara.addOrder(300);
        for (Customer customer : new Customer[] {ada, grace, linus, barbara}) {
            entityManager.persist(customer);
        }
        // Write the fixtures, then forget them. Without clear(), the persistence context (Hibernate's
        // first-level cache) still holds these customers with their order lists in memory: the code
        // under test would get them from there, its lazy loads would never reach the database, and
        // an N+1 would pass unseen.
        entityManager.flush();
        entityManager.clear();
        service = new HibernateOrderService(entityManager);
    }

    @AfterEach
    void rollBack() {
        entityManager.getTransaction().rollback();
        entityManager.close();
    }

    @Test
    @ExpectQueries(select = 1)
    @NoNPlusOne
    void totalsFetchTheOrdersWithTheirCustomers() {
        Map<String, Long> totals = service.totalsByCustomer();

        assertThat(totals).containsExactly(
                Map.entry("Ada", 2199L), Map.entry("Barbara", 300L), Map.entry("Grace", 800L), Map.entry("Linus", 4500L));
    }

    @Test
    void theLazyCollectionLoopIsAnNPlusOneWithAJoinFetchHint() {
        assertThatThrownBy(() -> QueryHound.expect(noNPlusOne()).during(service::totalsByCustomerNaive))
                .isInstanceOf(QueryExpectationError.class)
                .hasMessageContaining("N+1: same call site, 4 distinct parameter sets")
                .hasMessageContaining("at io.queryhound.examples.HibernateOrderService.totals(HibernateOrderService.java:")
                .hasMessageContaining("JOIN FETCH");
    }

    @Test
    void blockApiReturnsTheTotals() {
        Map<String, Long> totals = QueryHound.expect(select(1), noNPlusOne()).during(service::totalsByCustomer);

        assertThat(totals).hasSize(4);
    }

    @Test
    void aWarmPersistenceContextHidesTheLoop() {
        service.totalsByCustomerNaive(); // loads every customer and its orders into the persistence context

        QueryLog log = QueryHound.record(service::totalsByCustomerNaive);

        // The N+1 is still in the code, but the orders now come from memory: only the customers query runs.
        assertThat(log).hasSelectCount(1).hasNoNPlusOne();
    }
}
