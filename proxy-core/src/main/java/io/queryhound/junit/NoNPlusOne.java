package io.queryhound.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test runs no N+1 loop: no SELECT run {@link #threshold()} or more times from the same line
 * with different parameters, one row at a time. The default threshold is 2, lower than in
 * production, because test fixtures are small; remember to clear the persistence context
 * ({@code entityManager.clear()}) after setting up data, or the ORM serves the entities from memory
 * and the loop never reaches the database.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(QueryHoundExtension.class)
public @interface NoNPlusOne {

    int threshold() default QueryExpectation.TEST_THRESHOLD;
}
