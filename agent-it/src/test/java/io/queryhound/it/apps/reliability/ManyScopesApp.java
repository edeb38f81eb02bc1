package io.queryhound.it.apps.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A million units of work, each one call of {@link #handleRequest} with one query in it; the test names that
 * method in the agent's {@code scopeMethods}, which makes every call a scope. Prints the heap the workload leaves
 * retained.
 */
public final class ManyScopesApp {

    public static final int SCOPES = 1_000_000;
    public static final String SCOPE_METHOD = ManyScopesApp.class.getName() + "#handleRequest";
    public static final String LOOKUP = "select name from customer where id = ?";
    private static final int CUSTOMERS = 100;

    private ManyScopesApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:scopes;DB_CLOSE_DELAY=-1")) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create table customer (id int primary key, name varchar(40))");
                ddl.execute("insert into customer select x, 'customer ' || x from system_range(1, " + CUSTOMERS + ")");
            }
            try (PreparedStatement lookup = connection.prepareStatement(LOOKUP)) {
                long start = System.nanoTime();
                long before = HeapUse.afterGc();
                for (int i = 0; i < SCOPES; i++) {
                    handleRequest(lookup, 1 + i % CUSTOMERS);
                }
                HeapUse.print(HeapUse.afterGc() - before, start);
            }
        }
        System.out.println("DONE");
    }

    /** One unit of work: a scope under the agent. */
    static void handleRequest(PreparedStatement lookup, int customerId) throws SQLException {
        lookup.setInt(1, customerId);
        try (ResultSet customer = lookup.executeQuery()) {
            customer.next();
        }
    }
}
