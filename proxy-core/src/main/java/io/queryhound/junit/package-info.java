/**
 * Query assertions for tests: annotations for JUnit 5 ({@link io.queryhound.junit.ExpectQueries},
 * {@link io.queryhound.junit.NoNPlusOne}, ...) and a block API that needs no test framework
 * ({@code QueryHound.record}, {@code QueryHound.expect}, {@link io.queryhound.junit.QueryLog},
 * {@link io.queryhound.junit.QueryAssertions}). Only {@link io.queryhound.junit.QueryHoundExtension}
 * and the annotations' registration need JUnit Jupiter on the class path. See docs/testing.md.
 */
package io.queryhound.junit;
