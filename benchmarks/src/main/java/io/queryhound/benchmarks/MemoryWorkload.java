package io.queryhound.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The memory workload: {@code count} distinct SQL statements (distinct fingerprints, not only distinct literals)
 * run through plain JDBC on H2, in a JVM started with or without the agent by {@link BenchmarkMain}. Prints the
 * heap in use after a full collection, before and after, as {@code HEAP_BEFORE}, {@code HEAP_AFTER} lines; the
 * difference between the runs with and without the agent is what the agent keeps.
 */
public final class MemoryWorkload {

    private MemoryWorkload() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (Database database = Database.create();
             Connection connection = database.h2().getConnection();
             Statement statement = connection.createStatement()) {
            System.out.println("HEAP_BEFORE " + heapAfterFullGc());
            for (int i = 0; i < count; i++) {
                run(statement, "select id as c" + i + " from account where id = " + (i % Database.ACCOUNTS + 1));
            }
            System.out.println("HEAP_AFTER " + heapAfterFullGc());
            System.out.println("STATEMENTS " + count);
        }
    }

    private static void run(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
        }
    }

    /** Bytes of heap in use once several full collections have found nothing more to free. */
    static long heapAfterFullGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used >= previous) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
