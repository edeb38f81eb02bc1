package io.queryhound.it.apps.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application that only a signal stops: {@link #THREADS} threads (not daemons) look customers up without end.
 * Prints {@code BUSY} once {@link #BUSY_AFTER} lookups have run, so that the test signals it with queries in
 * flight.
 */
public final class BusyOrdersApp {

    public static final String LOOKUP = "select name from customer where id = ?";
    public static final int THREADS = 4;
    public static final int BUSY_AFTER = 2_000;
    private static final String URL = "jdbc:h2:mem:busy;DB_CLOSE_DELAY=-1";
    private static final int CUSTOMERS = 1_000;

    private BusyOrdersApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(URL); Statement ddl = connection.createStatement()) {
            ddl.execute("create table customer (id int primary key, name varchar(40))");
            ddl.execute("insert into customer select x, 'customer ' || x from system_range(1, " + CUSTOMERS + ")");
        }
        AtomicLong lookups = new AtomicLong();
        for (int t = 0; t < THREADS; t++) {
            new Thread(() -> lookUpForever(lookups), "worker-" + t).start();
        }
        while (lookups.get() < BUSY_AFTER) {
            Thread.sleep(10);
        }
        System.out.println("BUSY");
    }

    private static void lookUpForever(AtomicLong lookups) {
        try (Connection connection = DriverManager.getConnection(URL);
             PreparedStatement lookup = connection.prepareStatement(LOOKUP)) {
            for (int i = 0; ; i++) {
                lookup.setInt(1, 1 + i % CUSTOMERS);
                try (ResultSet result = lookup.executeQuery()) {
                    result.next();
                }
                lookups.incrementAndGet();
            }
        } catch (SQLException e) {
            System.out.println("WORKER_STOPPED " + e);
        }
    }
}
