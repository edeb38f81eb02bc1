package io.queryhound.internal.plan;

/**
 * The outcome of explaining one statement: a plan, or the reason there is none. Exactly one of the two
 * is set. The reason is one sentence for a one-time note, such as {@code "not explained: DDL statements
 * are not explained"} or the database's own error message; it never quotes a bound value.
 */
public record Explanation(PlanSummary plan, String failure) {

    public Explanation {
        if ((plan == null) == (failure == null)) {
            throw new IllegalArgumentException("exactly one of plan and failure");
        }
    }

    public static Explanation of(PlanSummary plan) {
        return new Explanation(plan, null);
    }

    public static Explanation failed(String reason) {
        return new Explanation(null, reason == null || reason.isBlank() ? "unknown failure" : reason);
    }

    public boolean isPlanned() {
        return plan != null;
    }
}
