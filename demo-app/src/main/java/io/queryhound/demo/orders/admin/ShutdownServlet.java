package io.queryhound.demo.orders.admin;

import io.queryhound.demo.orders.web.JsonServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /admin/shutdown}: answers 202, then ends the service from a thread of its own, since Tomcat cannot
 * stop from inside one of its requests.
 */
public final class ShutdownServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    private final Runnable shutdown;

    /** {@code shutdown} stops the service and ends the JVM. */
    public ShutdownServlet(Runnable shutdown) {
        this.shutdown = shutdown;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(response, HttpServletResponse.SC_ACCEPTED, () -> Map.of("status", "stopping"));
        response.flushBuffer();
        Thread stopper = new Thread(shutdown, "orders-service-shutdown");
        stopper.setDaemon(true);
        stopper.start();
    }
}
