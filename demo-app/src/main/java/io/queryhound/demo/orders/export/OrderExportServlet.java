package io.queryhound.demo.orders.export;

import io.queryhound.demo.orders.customer.RegionCache;
import io.queryhound.demo.orders.web.HttpError;
import io.queryhound.demo.orders.web.JsonServlet;
import io.queryhound.demo.orders.web.Params;
import io.queryhound.demo.orders.web.Variant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET /naive/exports/orders?region=EU} (everything) and
 * {@code GET /fixed/exports/orders?region=EU&after=0&limit=500} (one page; limit 1 to {@value #MAX_PAGE}).
 */
public final class OrderExportServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_PAGE = 900;

    private final OrderExportService export;
    private final RegionCache regions;

    public OrderExportServlet(OrderExportService export, RegionCache regions) {
        this.export = export;
        this.regions = regions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(response, () -> {
            String region = Params.text(request, "region");
            if (!regions.exists(region)) {
                throw HttpError.notFound("no region " + region);
            }
            if (Variant.of(request) == Variant.NAIVE) {
                return export.exportAll(region);
            }
            long after = Params.number(request, "after", 0, 0, Long.MAX_VALUE);
            int limit = (int) Params.number(request, "limit", 500, 1, MAX_PAGE);
            return export.exportPage(region, after, limit);
        });
    }
}
