package io.queryhound.demo.orders.web;

/** A request the service refuses, with the HTTP status and the message the client gets back. */
public final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    private HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400: a parameter or the body is missing or malformed. */
    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    /** 404: what the request names does not exist. */
    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    public int status() {
        return status;
    }
}
