package io.queryhound.it.apps.reliability;

import io.queryhound.QueryHound;
import io.queryhound.Scope;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A million units of work with one query each, every one a scope, of the two kinds an application under the agent
 * opens: half are calls of {@link #handleRequest}, which the test names in the agent's {@code scopeMethods} (a
 * million scopes of one name), half are code scopes opened with {@link QueryHound#scope(String)} under a name that
 * carries the order number, {@code GET /orders/<n>} (half a million distinct names, what an application that names
 * scopes by raw URL does). Prints the heap the workload leaves retained.
 */
public final class ManyScopesApp {

    public static final int SCOPES = 1_000_000;
    public static final String SCOPE_METHOD = ManyScopesApp.class.getName() + "#handleRequest";
    /** The code scopes' names: this prefix and the unit's number. */
    public static final String NAMED_SCOPE_PREFIX = "GET /orders/";
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
                    if (i % 2 == 0) {
                        handleRequest(lookup, 1 + i % CUSTOMERS);
                    } else {
                        try (Scope ignored = QueryHound.scope(NAMED_SCOPE_PREFIX + i)) {
                            query(lookup, 1 + i % CUSTOMERS);
                        }
                    }
                }
                HeapUse.print(HeapUse.afterGc() - before, start);
            }
        }
        System.out.println("DONE");
    }

    /** One unit of work: a scope under the agent. */
    static void handleRequest(PreparedStatement lookup, int customerId) throws SQLException {
        query(lookup, customerId);
    }

    private static void query(PreparedStatement lookup, int customerId) throws SQLException {
        lookup.setInt(1, customerId);
        try (ResultSet customer = lookup.executeQuery()) {
            customer.next();
        }
    }
}
