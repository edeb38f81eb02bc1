package io.queryhound.junit;

import java.util.Objects;

/**
 * Fluent assertions on a {@link QueryLog}, with no assertion library required:
 *
 * <pre>{@code
 * import static io.queryhound.junit.QueryAssertions.assertThat;
 *
 * QueryLog log = QueryHound.record(() -> orders.load(42));
 * assertThat(log).hasSelectCount(2).hasNoNPlusOne();
 * }</pre>
 *
 * The name sits beside AssertJ's {@code assertThat} without conflict: Java picks this one for a
 * {@code QueryLog}.
 */
public final class QueryAssertions {

    private QueryAssertions() {
    }

    public static QueryLogAssert assertThat(QueryLog log) {
        return new QueryLogAssert(Objects.requireNonNull(log, "log"));
    }
}
