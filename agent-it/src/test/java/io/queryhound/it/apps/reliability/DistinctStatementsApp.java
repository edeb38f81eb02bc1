package io.queryhound.it.apps.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A million SQL statements that are all different (a distinct column alias each, so distinct fingerprints, not
 * only distinct literals), run as plain statements on H2, as an application that builds SQL by concatenation does.
 * Prints the heap the workload leaves retained.
 */
public final class DistinctStatementsApp {

    public static final int STATEMENTS = 1_000_000;

    private DistinctStatementsApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:distinct;DB_CLOSE_DELAY=-1");
             Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            long before = HeapUse.afterGc();
            for (int i = 0; i < STATEMENTS; i++) {
                // No table: H2's own work per statement stays small next to what the agent does with it.
                try (ResultSet row = statement.executeQuery("select " + i % 100 + " as c" + i)) {
                    row.next();
                }
            }
            HeapUse.print(HeapUse.afterGc() - before, start);
        }
        System.out.println("DONE");
    }
}
