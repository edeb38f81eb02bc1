package io.queryhound.demo.orders.web;

import jakarta.servlet.http.HttpServletRequest;

/** Which form of an endpoint a request asked for: every endpoint is served under {@code /naive} and {@code /fixed}. */
public enum Variant {
    NAIVE, FIXED;

    public static Variant of(HttpServletRequest request) {
        return request.getServletPath().startsWith("/naive/") ? NAIVE : FIXED;
    }
}
