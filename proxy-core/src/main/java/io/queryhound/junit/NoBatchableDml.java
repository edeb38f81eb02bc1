package io.queryhound.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test runs no INSERT, UPDATE, DELETE or MERGE one row at a time from the same line
 * {@link #threshold()} or more times, where one {@code executeBatch} would do (a batch of one row
 * per call is still one at a time).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(QueryHoundExtension.class)
public @interface NoBatchableDml {

    int threshold() default QueryExpectation.TEST_THRESHOLD;
}
