package io.queryhound.it.apps.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * Runs {@link OrdersWorkload}, says {@code QUERIES_DONE}, then stays alive until the file {@code release} appears
 * in its run directory (at most a minute): the test attaches a reader to the agent's output in between, knowing
 * that the queries ran before anyone read it.
 */
public final class OrdersAppAwaitingRelease {

    public static final String QUERIES_DONE = "QUERIES_DONE";
    public static final String RELEASE_FILE = "release";
    private static final long MAX_WAIT_MILLIS = 60_000;

    private OrdersAppAwaitingRelease() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = OrdersWorkload.openDatabase("orders")) {
            OrdersWorkload.loadOrdersWithCustomers(connection);
        }
        System.out.println(QUERIES_DONE);
        Path release = Path.of(System.getProperty("agentit.runDir"), RELEASE_FILE);
        long deadline = System.currentTimeMillis() + MAX_WAIT_MILLIS;
        while (!Files.exists(release) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        System.out.println(Files.exists(release) ? "RELEASED" : "NOT_RELEASED");
        System.out.println("DONE");
    }
}
