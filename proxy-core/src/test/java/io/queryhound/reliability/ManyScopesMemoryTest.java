package io.queryhound.reliability;

import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.internal.export.InMemoryExporter;
import io.queryhound.testing.H2;
import io.queryhound.testing.Heap;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million scopes, each with its own name (an HTTP path with an id in it, the worst case for
 * per-name statistics) and a query: what QueryHound retains afterwards, measured with the memory
 * MXBean after collections, must stay under a fixed bound however many scopes ran.
 */
@Tag("reliability")
class ManyScopesMemoryTest {

    private static final int SCOPES = 1_000_000;
    /** The documented bound for this workload (README, "Reliability"). */
    private static final long BOUND_BYTES = 32L * 1024 * 1024;

    @Test
    @SuppressWarnings("try") // the scopes are opened for the statement inside them, which never names them
    void aMillionScopesRetainABoundedAmount() throws Exception {
        JdbcDataSource h2 = H2.withItems(100);
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = QueryHound.builder().exporter(exporter).statsIntervalSeconds(3600)
                .shutdownHook(false).set("slowQueryMillis", "600000").build();
        DataSource dataSource = engine.wrap(h2);
        long start = System.nanoTime();
        long before;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lookup = connection.prepareStatement("select id from item where id = ?")) {
            before = Heap.usedAfterGc();
            for (int i = 0; i < SCOPES; i++) {
                try (Scope ignored = engine.scope("GET /orders/" + i)) {
                    lookup.setInt(1, 1 + i % 100);
                    try (ResultSet result = lookup.executeQuery()) {
                        result.next();
                    }
                }
            }
            long retained = Heap.usedAfterGc() - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "[reliability] %,d scopes with distinct names, one query each, in %.1f s:"
                    + " %.1f MB retained after GC (bound %d MB)%n", SCOPES, seconds, retained / 1e6,
                    BOUND_BYTES / (1024 * 1024));
            assertThat(retained).isLessThan(BOUND_BYTES);
        }
        exporter.clear();
        engine.reportStatistics();
        assertThat(exporter.scopeStatistics().stream().mapToLong(s -> s.count()).sum())
                .as("every scope counted, beyond 1,000 names in the overflow record").isEqualTo(SCOPES);
        engine.close();
    }
}
