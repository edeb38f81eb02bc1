package io.queryhound.internal.plan;

/**
 * A plan text that a plan reader cannot make sense of. Never leaves this package: {@link Explainer}
 * and the public {@code read} methods turn it into {@link Explanation#failed(String)}. Its message
 * never quotes the plan, which may hold bound values.
 */
final class UnreadablePlanException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreadablePlanException(String message) {
        super(message, null, false, false);
    }
}
