package io.queryhound.demo.orders.catalog;

import io.queryhound.demo.orders.web.JsonServlet;
import io.queryhound.demo.orders.web.Params;
import io.queryhound.demo.orders.web.Variant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/** {@code GET /naive/products/prices?ids=3,17,42} and {@code /fixed/...}: up to 500 product ids. */
public final class PriceListServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    private final PriceListService priceLists;

    public PriceListServlet(PriceListService priceLists) {
        this.priceLists = priceLists;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(response, () -> {
            List<Long> ids = Params.numbers(request, "ids", 500, 1, Long.MAX_VALUE);
            return Variant.of(request) == Variant.NAIVE
                    ? priceLists.priceListOneByOne(ids)
                    : priceLists.priceListInOneQuery(ids);
        });
    }
}
