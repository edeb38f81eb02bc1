package io.queryhound.demo.orders.catalog;

import java.math.BigDecimal;

/** One line of a price list. */
public record ProductPrice(long id, String sku, String name, BigDecimal price) {
}
