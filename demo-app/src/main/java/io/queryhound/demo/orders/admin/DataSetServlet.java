package io.queryhound.demo.orders.admin;

import io.queryhound.demo.orders.web.JsonServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET /admin/data-set}: what was generated (id ranges, region codes, days) and parameters that suit each
 * endpoint, so a client need not guess. Answered from memory, without a query.
 */
public final class DataSetServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    private final Object description;

    public DataSetServlet(Object description) {
        this.description = description;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(response, () -> description);
    }
}
