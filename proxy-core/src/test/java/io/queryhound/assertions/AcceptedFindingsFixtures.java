package io.queryhound.assertions;

import io.queryhound.FindingType;
import io.queryhound.QueryHoundSuppress;
import io.queryhound.junit.NoNPlusOne;
import io.queryhound.junit.QueryHoundBaseline;
import org.junit.jupiter.api.Test;

/**
 * The test classes {@link SuppressExtensionTest} runs through the JUnit engine. Kept outside it, under a name that
 * no {@code -Dtest=Suppress*} or {@code *Test} pattern selects, so that a build never runs them as tests of their
 * own: several are meant to fail.
 */
final class AcceptedFindingsFixtures {

    private AcceptedFindingsFixtures() {
    }

    static class SuppressedTests {
        @Test
        @NoNPlusOne
        @QueryHoundSuppress(value = FindingType.N_PLUS_ONE, reason = "two customers in this fixture; judged fine")
        void suppressedOnTheMethod() {
            SuppressExtensionTest.Code.orderTotals();
        }

        @Test
        @NoNPlusOne
        void notSuppressed() {
            SuppressExtensionTest.Code.orderTotals();
        }

        @Test
        @NoNPlusOne
        @QueryHoundSuppress(value = FindingType.REPEATED_QUERY, reason = "another type")
        void suppressedForAnotherType() {
            SuppressExtensionTest.Code.orderTotals();
        }

        @Test
        @NoNPlusOne
        @QueryHoundSuppress(value = FindingType.N_PLUS_ONE, reason = "  ")
        void blankReason() {
            SuppressExtensionTest.Code.orderTotals();
        }
    }

    @NoNPlusOne
    @QueryHoundSuppress(value = FindingType.N_PLUS_ONE, reason = "legacy reports, ticket 812")
    static class SuppressedClass {
        @Test
        void loop() {
            SuppressExtensionTest.Code.orderTotals();
        }
    }

    @QueryHoundBaseline(SuppressExtensionTest.BASELINE)
    static class BaselinedTests {
        @Test
        void knownLoopOnly() {
            SuppressExtensionTest.Code.orderTotals();
        }

        @Test
        void knownLoopAndANewOne() {
            SuppressExtensionTest.Code.orderTotals();
            SuppressExtensionTest.Code.customerNames();
        }

        @Test
        @NoNPlusOne
        void otherAnnotationsFailOnNewFindingsOnly() {
            SuppressExtensionTest.Code.orderTotals();
        }
    }

    static class ConfiguredBaseline {
        @Test
        @NoNPlusOne
        void knownLoopOnly() {
            SuppressExtensionTest.Code.orderTotals();
        }

        @Test
        @NoNPlusOne
        void newLoop() {
            SuppressExtensionTest.Code.customerNames();
        }
    }
}
