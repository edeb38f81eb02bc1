package io.queryhound.demo.orders.report;

import io.queryhound.demo.orders.web.HttpError;
import io.queryhound.demo.orders.web.JsonServlet;
import io.queryhound.demo.orders.web.Params;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * {@code GET /naive/reports/daily-revenue?from=YYYY-MM-DD&to=YYYY-MM-DD} and {@code /fixed/...}, both days
 * included, at most {@value #MAX_DAYS} days. The two are the same code: the fix is {@link RevenueIndexMigration},
 * run between them.
 */
public final class DailyRevenueServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_DAYS = 92;

    private final RevenueRepository revenue;

    public DailyRevenueServlet(RevenueRepository revenue) {
        this.revenue = revenue;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(response, () -> {
            LocalDate from = Params.date(request, "from");
            LocalDate to = Params.date(request, "to");
            long days = ChronoUnit.DAYS.between(from, to) + 1;
            if (days < 1 || days > MAX_DAYS) {
                throw HttpError.badRequest("'to' must be on or after 'from', at most " + MAX_DAYS + " days: "
                        + from + " to " + to);
            }
            return revenue.dailyRevenue(from, to);
        });
    }
}
