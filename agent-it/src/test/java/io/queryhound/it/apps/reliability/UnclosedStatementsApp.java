package io.queryhound.it.apps.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Statements prepared, executed and never closed, their results half read and never closed either, on one
 * connection that stays open: the agent follows statements and results until they close, so it must not be what
 * keeps them alive. Prints the heap the workload leaves retained, measured while the connection is still open: at
 * once, and after one more statement.
 */
public final class UnclosedStatementsApp {

    public static final int STATEMENTS = 200_000;

    private UnclosedStatementsApp() {
    }

    @SuppressWarnings("resource") // never closing them is the point
    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:unclosed;DB_CLOSE_DELAY=-1")) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create table item (id int primary key, v int)");
                ddl.execute("insert into item select x, x from system_range(1, 100)");
            }
            long start = System.nanoTime();
            long before = HeapUse.afterGc();
            for (int i = 0; i < STATEMENTS; i++) {
                PreparedStatement lookup = connection.prepareStatement("select v from item where id >= ?");
                lookup.setInt(1, 96 + i % 5); // up to five rows: few, so that H2's own work stays small
                ResultSet result = lookup.executeQuery();
                result.next(); // one row of several
            }
            // The application makes no JDBC call for a moment: the agent's cleanup thread drops what it knew of the
            // statements the collector took, without waiting for another statement (the collection enqueues them,
            // the thread removes their entries, the next collection frees those).
            HeapUse.afterGc();
            Thread.sleep(500);
            long idle = HeapUse.afterGc() - before;
            // One more statement, as an application that goes on running makes.
            try (PreparedStatement next = connection.prepareStatement("select v from item where id = ?")) {
                next.setInt(1, 1);
                next.executeQuery().close();
            }
            HeapUse.print(HeapUse.afterGc() - before, start);
            System.out.println("RETAINED_IDLE_BYTES " + idle);
        }
        System.out.println("DONE");
    }
}
