package io.queryhound.it.apps.reliability;

import java.sql.Connection;

/** Runs {@link OrdersWorkload} once and ends: the application behind the output and settings tests. */
public final class OrdersApp {

    private OrdersApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = OrdersWorkload.openDatabase("orders")) {
            OrdersWorkload.loadOrdersWithCustomers(connection);
        }
        System.out.println("DONE");
    }
}
