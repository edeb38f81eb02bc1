package io.queryhound.demo.orders.order;

import io.queryhound.demo.orders.web.HttpError;
import io.queryhound.demo.orders.web.JsonServlet;
import io.queryhound.demo.orders.web.Params;
import io.queryhound.demo.orders.web.Variant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /naive/orders/history?customer=ID} and {@code /fixed/...}. */
public final class OrderHistoryServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    private final OrderHistoryService history;

    public OrderHistoryServlet(OrderHistoryService history) {
        this.history = history;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(response, () -> {
            long customerId = Params.number(request, "customer", 1, Long.MAX_VALUE);
            return (Variant.of(request) == Variant.NAIVE
                    ? history.historyWithLazyItems(customerId)
                    : history.historyFetchJoined(customerId))
                    .orElseThrow(() -> HttpError.notFound("no customer " + customerId));
        });
    }
}
