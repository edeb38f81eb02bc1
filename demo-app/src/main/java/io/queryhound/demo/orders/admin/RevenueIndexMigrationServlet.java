package io.queryhound.demo.orders.admin;

import io.queryhound.demo.orders.report.RevenueIndexMigration;
import io.queryhound.demo.orders.web.JsonServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code POST /admin/migrations/revenue-index}: runs {@link RevenueIndexMigration}; idempotent. */
public final class RevenueIndexMigrationServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    private final RevenueIndexMigration migration;

    public RevenueIndexMigrationServlet(RevenueIndexMigration migration) {
        this.migration = migration;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(response, migration::migrate);
    }
}
