package io.queryhound.demo.orders.dashboard;

import io.queryhound.demo.orders.web.JsonServlet;
import io.queryhound.demo.orders.web.Variant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /naive/dashboard} and {@code /fixed/dashboard}. */
public final class DashboardServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    private final DashboardService dashboard;

    public DashboardServlet(DashboardService dashboard) {
        this.dashboard = dashboard;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(response, () -> Variant.of(request) == Variant.NAIVE
                ? dashboard.dashboardQueryPerFigure()
                : dashboard.dashboardOneAggregate());
    }
}
