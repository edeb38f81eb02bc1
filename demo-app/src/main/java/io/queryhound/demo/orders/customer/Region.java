package io.queryhound.demo.orders.customer;

/** A sales region: reference data, six rows that change when the company opens a market. */
public record Region(String code, String name) {
}
