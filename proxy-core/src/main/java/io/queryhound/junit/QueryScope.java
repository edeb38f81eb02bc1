package io.queryhound.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a test's queries are. By default, those its method body runs on the test's own thread, plus
 * tasks carried with {@code scope.executor(...)} (a {@link io.queryhound.Scope} parameter of the test
 * method is the test's scope) or {@code QueryHound.propagating(...)}. Also registers the extension
 * on its own, for tests that only want the {@code Scope} parameter.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(QueryHoundExtension.class)
public @interface QueryScope {

    /**
     * Also count queries of threads started while the test runs, directly or by a pool created
     * during the test. Pools that already existed (the common ForkJoinPool, an application's task
     * executor) keep their threads: carry tasks to them with the scope's executor.
     */
    boolean propagate() default false;

    /** Also count the queries of {@code @BeforeEach} methods. */
    boolean includeSetUp() default false;
}
