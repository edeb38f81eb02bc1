package io.queryhound.internal.capture;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent hashes {@code setInt}/{@code setLong} values unboxed and the commonest types by their exact class:
 * each must give the hash the general rule gives the boxed value, or the same parameters bound two ways (or in
 * library mode and under the agent) would look different.
 */
class ParameterHashTest {

    private static final int[] INTS = {0, 1, -1, 127, 128, 100_000, Integer.MIN_VALUE, Integer.MAX_VALUE};
    private static final long[] LONGS = {0, 1, -1, 1L << 40, -(1L << 40), Long.MIN_VALUE, Long.MAX_VALUE, 4_294_967_296L};

    /** The general rule, as documented in ParameterHash: the class name's hash times 31 plus the value's hash. */
    private static long byTheGeneralRule(Object value, int position) {
        long part = value.getClass().getName().hashCode() * 31L + value.hashCode();
        return ParameterHash.combine(ParameterHash.combine(ParameterHash.start(), position), part);
    }

    @Test
    void anUnboxedIntOrLongHashesLikeItsBoxedValue() {
        for (int value : INTS) {
            for (int position = 1; position <= 3; position++) {
                assertThat(ParameterHash.addInt(ParameterHash.start(), position, value))
                        .as("setInt(%d, %d)", position, value)
                        .isEqualTo(ParameterHash.add(ParameterHash.start(), position, Integer.valueOf(value)))
                        .isEqualTo(byTheGeneralRule(value, position));
            }
        }
        for (long value : LONGS) {
            assertThat(ParameterHash.addLong(ParameterHash.start(), 2, value)).as("setLong(2, %d)", value)
                    .isEqualTo(ParameterHash.add(ParameterHash.start(), 2, Long.valueOf(value)))
                    .isEqualTo(byTheGeneralRule(value, 2));
        }
    }

    @Test
    void theFastPathsGiveTheGeneralRulesHash() {
        for (Object value : new Object[] {"", "alice@example.com", 7, 7L, new BigDecimal("7.00"), 7.0d, (short) 7}) {
            assertThat(ParameterHash.add(ParameterHash.start(), 1, value)).as("%s (%s)", value, value.getClass())
                    .isEqualTo(byTheGeneralRule(value, 1));
        }
    }

    @Test
    void theTypeTellsEqualHashCodesApart() {
        // 7, 7L and a string whose hashCode is 7 share a hashCode: their parameter hashes must differ.
        String seven = "\u0007";
        assertThat(seven.hashCode()).isEqualTo(7);
        long asInt = ParameterHash.addInt(ParameterHash.start(), 1, 7);
        long asLong = ParameterHash.addLong(ParameterHash.start(), 1, 7);
        long asText = ParameterHash.add(ParameterHash.start(), 1, seven);
        assertThat(asInt).isNotEqualTo(asLong).isNotEqualTo(asText);
        assertThat(asLong).isNotEqualTo(asText);
        assertThat(ParameterHash.addInt(ParameterHash.start(), 1, 7)).isNotEqualTo(ParameterHash.addInt(ParameterHash.start(), 2, 7));
    }
}
