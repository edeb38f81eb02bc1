package io.queryhound.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * No SELECT of the test reads a table of more than {@link #minRows()} rows in full. After the test, every
 * distinct SELECT it ran is explained once (the database's own EXPLAIN, with the values of its first
 * execution, on a new connection from the DataSource it ran on); a failure lists each full scan with its
 * plan and the {@code CREATE INDEX} that would avoid it. H2, PostgreSQL and MySQL/MariaDB, in library mode
 * ({@code QueryHound.wrap}). Table sizes are the database's estimates: the test data must be as large as
 * {@code minRows} for a scan to count. The block-API equivalent is {@link QueryExpectation#noFullTableScans}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(QueryHoundExtension.class)
public @interface NoFullTableScans {

    /** Tables of at most this many rows may be read in full. */
    long minRows() default 10_000;
}
