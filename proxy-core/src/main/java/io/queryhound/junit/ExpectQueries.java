package io.queryhound.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test runs exactly these numbers of queries: {@code @ExpectQueries(select = 2, insert = 1)}.
 * Counters left out are not checked, unless {@link #strict()}. Counts are of JDBC executions
 * ({@link QueryCounter}; one {@code executeBatch} is one), in the test method's body only (see
 * {@link QueryScope} to include {@code @BeforeEach} methods). On a class, it applies to every test
 * method in it and in its {@code @Nested} classes; an annotation on the method replaces it.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(QueryHoundExtension.class)
public @interface ExpectQueries {

    /** The value of a counter that is not checked. */
    int UNCHECKED = Integer.MIN_VALUE;

    /** Every execution. */
    int total() default UNCHECKED;

    int select() default UNCHECKED;

    int insert() default UNCHECKED;

    int update() default UNCHECKED;

    int delete() default UNCHECKED;

    int call() default UNCHECKED;

    /** MERGE, DDL and every other kind of statement. */
    int other() default UNCHECKED;

    /** Every per-kind counter left out (select, insert, update, delete, call, other) must be 0. */
    boolean strict() default false;
}
