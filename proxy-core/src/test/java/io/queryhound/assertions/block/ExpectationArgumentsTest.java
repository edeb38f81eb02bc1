package io.queryhound.assertions.block;

import io.queryhound.QueryHound;
import io.queryhound.junit.QueryAssertions;
import io.queryhound.junit.QueryBlock;
import io.queryhound.junit.QueryCounter;
import io.queryhound.junit.QueryLog;
import io.queryhound.testing.H2;
import io.queryhound.testing.RecordingEngine;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Callable;

import static io.queryhound.junit.QueryExpectation.atMost;
import static io.queryhound.junit.QueryExpectation.call;
import static io.queryhound.junit.QueryExpectation.delete;
import static io.queryhound.junit.QueryExpectation.exactly;
import static io.queryhound.junit.QueryExpectation.insert;
import static io.queryhound.junit.QueryExpectation.maxCall;
import static io.queryhound.junit.QueryExpectation.maxDelete;
import static io.queryhound.junit.QueryExpectation.maxInsert;
import static io.queryhound.junit.QueryExpectation.maxOther;
import static io.queryhound.junit.QueryExpectation.maxSelect;
import static io.queryhound.junit.QueryExpectation.maxTotal;
import static io.queryhound.junit.QueryExpectation.maxUpdate;
import static io.queryhound.junit.QueryExpectation.noBatchableDml;
import static io.queryhound.junit.QueryExpectation.noNPlusOne;
import static io.queryhound.junit.QueryExpectation.noOtherQueries;
import static io.queryhound.junit.QueryExpectation.noQuerySlowerThan;
import static io.queryhound.junit.QueryExpectation.noRepeatedQueries;
import static io.queryhound.junit.QueryExpectation.other;
import static io.queryhound.junit.QueryExpectation.select;
import static io.queryhound.junit.QueryExpectation.total;
import static io.queryhound.junit.QueryExpectation.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wrong arguments are refused when the expectation is made, before any block runs, with a message
 * that names the factory and the value.
 */
class ExpectationArgumentsTest {

    private static void refused(ThrowingCallable make, String... fragments) {
        assertThatThrownBy(make).isExactlyInstanceOf(IllegalArgumentException.class)
                .message().contains(fragments);
    }

    @Test
    void negativeCounts() {
        refused(() -> select(-1), "select(-1)", "0 or more");
        refused(() -> insert(-2), "insert(-2)");
        refused(() -> update(-3), "update(-3)");
        refused(() -> delete(-4), "delete(-4)");
        refused(() -> call(-5), "call(-5)");
        refused(() -> other(-6), "other(-6)");
        refused(() -> total(-7), "total(-7)");
        refused(() -> exactly(QueryCounter.SELECT, -8), "select(-8)");
        refused(() -> select(Long.MIN_VALUE), "select(" + Long.MIN_VALUE + ")");
    }

    @Test
    void negativeLimits() {
        refused(() -> maxTotal(-5), "maxTotal(-5)", "0 or more");
        refused(() -> maxSelect(-1), "maxSelect(-1)");
        refused(() -> maxInsert(-1), "maxInsert(-1)");
        refused(() -> maxUpdate(-1), "maxUpdate(-1)");
        refused(() -> maxDelete(-1), "maxDelete(-1)");
        refused(() -> maxCall(-1), "maxCall(-1)");
        refused(() -> maxOther(-1), "maxOther(-1)");
        refused(() -> atMost(QueryCounter.TOTAL, -9), "maxTotal(-9)");
    }

    @Test
    void loopThresholdsBelowTwo() {
        refused(() -> noNPlusOne(1), "noNPlusOne(1)", "2 or more");
        refused(() -> noNPlusOne(0), "noNPlusOne(0)");
        refused(() -> noNPlusOne(-1), "noNPlusOne(-1)");
        refused(() -> noBatchableDml(1), "noBatchableDml(1)", "2 or more");
        refused(() -> noBatchableDml(Integer.MIN_VALUE), "noBatchableDml(" + Integer.MIN_VALUE + ")");
    }

    @Test
    void budgetsBelowOneMillisecond() {
        refused(() -> noQuerySlowerThan(0), "noQuerySlowerThan(0)", "at least 1 ms");
        refused(() -> noQuerySlowerThan(-10), "noQuerySlowerThan(-10)");
        refused(() -> noQuerySlowerThan(Duration.ZERO), "noQuerySlowerThan(0 ms)", "positive");
        refused(() -> noQuerySlowerThan(Duration.ofMillis(-3)), "noQuerySlowerThan(-3 ms)");
        assertThat(noQuerySlowerThan(Duration.ofNanos(500_000)).toString())
                .as("a Duration keeps its fraction of a millisecond").isEqualTo("noQuerySlowerThan(0.5 ms)");
        assertThatThrownBy(() -> noQuerySlowerThan((Duration) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("budget");
    }

    @Test
    void theAssertMethodsRefuseTheSameArguments() {
        QueryLog empty;
        try (RecordingEngine hound = new RecordingEngine()) {
            hound.wrap(H2.newDataSource()); // something captures queries: an empty block is then a valid log
            empty = QueryHound.record(() -> { });
        }
        refused(() -> QueryAssertions.assertThat(empty).hasSelectCount(-1), "select(-1)");
        refused(() -> QueryAssertions.assertThat(empty).hasAtMostQueries(-1), "maxTotal(-1)");
        refused(() -> QueryAssertions.assertThat(empty).hasNoNPlusOne(1), "noNPlusOne(1)");
        refused(() -> QueryAssertions.assertThat(empty).hasNoBatchableDml(1), "noBatchableDml(1)");
        refused(() -> QueryAssertions.assertThat(empty).hasNoQuerySlowerThan(0), "noQuerySlowerThan(0)");
    }

    @Test
    void theSmallestValidValuesAreAccepted() {
        assertThatCode(() -> {
            select(0);
            maxTotal(0);
            noNPlusOne(2);
            noBatchableDml(2);
            noQuerySlowerThan(1);
            noQuerySlowerThan(Duration.ofMillis(1));
            noRepeatedQueries();
            noOtherQueries();
            select(Long.MAX_VALUE);
        }).doesNotThrowAnyException();
        assertThat(select(0).toString()).isEqualTo("select(0)");
        assertThat(maxTotal(3).toString()).isEqualTo("maxTotal(3)");
        assertThat(noNPlusOne().toString()).isEqualTo("noNPlusOne(2)");
        assertThat(noQuerySlowerThan(Duration.ofSeconds(2)).toString()).isEqualTo("noQuerySlowerThan(2000)");
        assertThat(noOtherQueries().toString()).isEqualTo("noOtherQueries()");
    }

    @Test
    void nulls() {
        assertThatThrownBy(() -> QueryHound.expect(select(1), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> QueryHound.expect(select(1)).during((Callable<Object>) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> QueryHound.expect(select(1)).during((QueryBlock) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> QueryHound.record((QueryBlock) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> QueryAssertions.assertThat(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> exactly(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> atMost(null, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRefusedExpectationRunsNoBlock() {
        boolean[] ran = new boolean[1];
        assertThatThrownBy(() -> QueryHound.expect(select(1), noNPlusOne(1)).during(() -> {
            ran[0] = true;
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(ran[0]).isFalse();
    }
}
