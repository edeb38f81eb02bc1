package io.queryhound.reliability;

import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.testing.H2;
import io.queryhound.testing.Heap;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements prepared, executed and never closed, their results half read and never closed either,
 * on one connection that stays open: QueryHound follows results until they finish, so it must not
 * be what keeps them alive. Measured with the memory MXBean after collections, next to the same
 * workload on the bare driver.
 */
@Tag("reliability")
class UnclosedStatementsMemoryTest {

    private static final int STATEMENTS = 200_000;
    /** The documented bound for this workload (README, "Reliability"). */
    private static final long BOUND_BYTES = 8L * 1024 * 1024;

    @Test
    void statementsNeverClosedAreNotKeptByQueryHound() throws SQLException {
        JdbcDataSource h2 = H2.withItems(100);
        long bare = retainedBy(h2);
        try (QueryHoundEngine engine = QueryHound.builder().output("none").statsIntervalSeconds(3600)
                .shutdownHook(false).build()) {
            long wrapped = retainedBy(engine.wrap(h2));
            System.out.printf(Locale.ROOT, "[reliability] %,d statements and results never closed, connection open:"
                    + " %.1f MB retained with QueryHound, %.1f MB on the bare driver (bound %d MB)%n", STATEMENTS,
                    wrapped / 1e6, bare / 1e6, BOUND_BYTES / (1024 * 1024));
            assertThat(wrapped).isLessThan(BOUND_BYTES);
        }
    }

    /** Heap retained, with the connection still open, after {@link #STATEMENTS} statements left open. */
    private static long retainedBy(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            long before = Heap.usedAfterGc();
            for (int i = 0; i < STATEMENTS; i++) {
                PreparedStatement lookup = connection.prepareStatement("select v from item where id >= ?");
                lookup.setInt(1, 1 + i % 100);
                ResultSet result = lookup.executeQuery();
                result.next(); // read one row of many; neither the result nor the statement is ever closed
            }
            return Heap.usedAfterGc() - before;
        }
    }
}
