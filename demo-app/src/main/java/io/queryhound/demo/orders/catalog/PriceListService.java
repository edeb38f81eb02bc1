package io.queryhound.demo.orders.catalog;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A price list for the products a client asks about (a basket, a comparison page), in the order asked. */
public final class PriceListService {

    /** The products found, and the ids that name no product. */
    public record PriceList(List<ProductPrice> products, List<Long> missing) {
    }

    private final ProductRepository products;

    public PriceListService(ProductRepository products) {
        this.products = products;
    }

    /** Naive: one query per id. */
    public PriceList priceListOneByOne(List<Long> ids) throws SQLException {
        List<ProductPrice> found = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (long id : new LinkedHashSet<>(ids)) {
            Optional<ProductPrice> product = products.findById(id);
            if (product.isPresent()) {
                found.add(product.get());
            } else {
                missing.add(id);
            }
        }
        return new PriceList(found, missing);
    }

    /** Fixed: one {@code where id in (...)} query for all of them. */
    public PriceList priceListInOneQuery(List<Long> ids) throws SQLException {
        LinkedHashSet<Long> distinct = new LinkedHashSet<>(ids);
        Map<Long, ProductPrice> byId = new HashMap<>();
        for (ProductPrice product : products.findAllById(distinct)) {
            byId.put(product.id(), product);
        }
        List<ProductPrice> found = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (long id : distinct) {
            ProductPrice product = byId.get(id);
            if (product != null) {
                found.add(product);
            } else {
                missing.add(id);
            }
        }
        return new PriceList(found, missing);
    }
}
