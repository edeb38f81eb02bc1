package io.queryhound.demo.orders.order;

import io.queryhound.demo.orders.web.JsonServlet;
import io.queryhound.demo.orders.web.Params;
import io.queryhound.demo.orders.web.Variant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /naive/orders/recent?limit=50} and {@code /fixed/...}: limit 1 to 500, default 50. */
public final class RecentOrdersServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    private final RecentOrdersService recentOrders;

    public RecentOrdersServlet(RecentOrdersService recentOrders) {
        this.recentOrders = recentOrders;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(response, () -> {
            int limit = (int) Params.number(request, "limit", 50, 1, 500);
            return Variant.of(request) == Variant.NAIVE
                    ? recentOrders.recentOrdersWithCustomerLookups(limit)
                    : recentOrders.recentOrdersJoined(limit);
        });
    }
}
