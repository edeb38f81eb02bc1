package io.queryhound.demo.orders.customer;

/** A customer as the JDBC side of the service reads it. */
public record Customer(long id, String name, String email, String regionCode) {
}
