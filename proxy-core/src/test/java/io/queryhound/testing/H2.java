package io.queryhound.testing;

import org.h2.jdbcx.JdbcDataSource;

import java.util.concurrent.atomic.AtomicInteger;

/** Real in-memory H2 databases, one per call, kept alive until the JVM exits. */
public final class H2 {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private H2() {
    }

    public static JdbcDataSource newDataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:qh" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        return dataSource;
    }
}
