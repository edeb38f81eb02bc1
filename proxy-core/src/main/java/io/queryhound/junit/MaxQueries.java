package io.queryhound.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test runs at most these numbers of queries: {@code @MaxQueries(total = 5)}, or per kind
 * ({@code @MaxQueries(select = 3)}). Counters left out are not checked. Scope and placement as for
 * {@link ExpectQueries}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(QueryHoundExtension.class)
public @interface MaxQueries {

    int total() default ExpectQueries.UNCHECKED;

    int select() default ExpectQueries.UNCHECKED;

    int insert() default ExpectQueries.UNCHECKED;

    int update() default ExpectQueries.UNCHECKED;

    int delete() default ExpectQueries.UNCHECKED;

    int call() default ExpectQueries.UNCHECKED;

    int other() default ExpectQueries.UNCHECKED;
}
