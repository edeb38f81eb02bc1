package io.queryhound.internal.detect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParameterSetsTest {

    /** Spread like real parameter hashes: consecutive keys would all land in neighbouring slots. */
    private static long hash(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return h ^ (h >>> 31);
    }

    @Test
    void theSameParametersAgainAreARepeatAndZeroIsAValueLikeAnyOther() {
        ParameterSets sets = new ParameterSets();
        ParameterSets.Budget budget = new ParameterSets.Budget(ScopeTally.PARAMETER_BUDGET);
        assertThat(sets.add(hash(1), budget)).isFalse();
        assertThat(sets.add(hash(2), budget)).isFalse();
        assertThat(sets.add(hash(1), budget)).isTrue();
        assertThat(sets.add(0L, budget)).isFalse();
        assertThat(sets.add(0L, budget)).isTrue();
        assertThat(sets.distinct()).isEqualTo(3);
    }

    @Test
    void oneStatementsTableStopsGrowingAtItsBoundAndLaterValuesCountAsDistinct() {
        ParameterSets sets = new ParameterSets();
        ParameterSets.Budget budget = new ParameterSets.Budget(ScopeTally.PARAMETER_BUDGET);
        for (long key = 1; key <= 10_000; key++) {
            assertThat(sets.add(hash(key), budget)).as("first sight of %d", key).isFalse();
        }
        assertThat(sets.capacity()).isEqualTo(ParameterSets.MAX_SLOTS);
        assertThat(sets.distinct()).as("every value counted, stored or not").isEqualTo(10_000);

        int tracked = ParameterSets.MAX_SLOTS / 2;
        assertThat(sets.add(hash(1), budget)).as("a repeat among the values stored").isTrue();
        assertThat(sets.add(hash(tracked), budget)).isTrue();
        assertThat(sets.add(hash(tracked + 1), budget)).as("a value that found no room is not known again").isFalse();
        assertThat(sets.capacity()).isEqualTo(ParameterSets.MAX_SLOTS);
    }

    @Test
    void theScopesBudgetIsSharedByItsStatements() {
        ParameterSets.Budget budget = new ParameterSets.Budget(64);
        ParameterSets first = new ParameterSets();
        ParameterSets second = new ParameterSets();
        for (long key = 1; key <= 100; key++) {
            first.add(hash(key), budget);
            second.add(hash(-key), budget);
        }
        assertThat(first.capacity() + second.capacity()).as("slots paid from one budget of 64, plus the first 8 each")
                .isLessThanOrEqualTo(64 + 16);
        assertThat(first.distinct()).isEqualTo(100);
        assertThat(second.distinct()).isEqualTo(100);
    }
}
