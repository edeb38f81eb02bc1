package io.queryhound.demo.orders.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;

/**
 * The base of the service's controllers: a handler returns the response body as an object, written as JSON; an
 * {@link HttpError} becomes its status with {@code {"error": message}}, anything else a logged 500.
 */
public abstract class JsonServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(JsonServlet.class);

    /** What a request computes; may throw anything, which {@link #respond} turns into an error response. */
    @FunctionalInterface
    protected interface Handler {
        Object handle() throws Exception;
    }

    protected final void respond(HttpServletResponse response, Handler handler) throws IOException {
        respond(response, HttpServletResponse.SC_OK, handler);
    }

    protected final void respond(HttpServletResponse response, int status, Handler handler) throws IOException {
        Object body;
        try {
            body = handler.handle();
        } catch (HttpError e) {
            write(response, e.status(), Map.of("error", e.getMessage()));
            return;
        } catch (Exception e) {
            log.error("request failed", e);
            write(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, Map.of("error", String.valueOf(e)));
            return;
        }
        write(response, status, body);
    }

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Json.MAPPER.writeValue(response.getOutputStream(), body);
    }
}
