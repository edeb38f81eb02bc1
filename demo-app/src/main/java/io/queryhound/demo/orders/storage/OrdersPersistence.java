package io.queryhound.demo.orders.storage;

import io.queryhound.demo.orders.catalog.Product;
import io.queryhound.demo.orders.order.OrderItem;
import io.queryhound.demo.orders.order.PurchaseOrder;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

import javax.sql.DataSource;

/** Hibernate over the service's pool: the mapped entities, no schema management (schema.sql owns the schema). */
public final class OrdersPersistence {

    private OrdersPersistence() {
    }

    public static SessionFactory sessionFactory(DataSource dataSource) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
                .applySetting(AvailableSettings.SHOW_SQL, "false")
                .build();
        try {
            return new MetadataSources(registry)
                    .addAnnotatedClass(PurchaseOrder.class)
                    .addAnnotatedClass(OrderItem.class)
                    .addAnnotatedClass(Product.class)
                    .buildMetadata()
                    .buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }
}
