package io.queryhound.reliability;

import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.StatementStatistics;
import io.queryhound.internal.export.InMemoryExporter;
import io.queryhound.testing.H2;
import io.queryhound.testing.Heap;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million statements that are all different (no two share a fingerprint: generated SQL, or
 * literals in names), half in scopes of a thousand and half outside any scope: what QueryHound
 * retains afterwards, measured with the memory MXBean after collections, must stay under a fixed
 * bound, while every execution is still counted (beyond {@code maxStatements} fingerprints in the
 * overflow record).
 */
@Tag("reliability")
class DistinctStatementsMemoryTest {

    private static final int STATEMENTS = 1_000_000;
    private static final int PER_SCOPE = 1000;
    /** The documented bound for this workload (README, "Reliability"). */
    private static final long BOUND_BYTES = 64L * 1024 * 1024;

    @Test
    void aMillionDistinctStatementsRetainABoundedAmount() throws Exception {
        JdbcDataSource h2 = H2.withItems(100);
        InMemoryExporter exporter = new InMemoryExporter();
        QueryHoundEngine engine = QueryHound.builder().exporter(exporter).statsIntervalSeconds(3600)
                .shutdownHook(false).set("slowQueryMillis", "600000").build();
        DataSource dataSource = engine.wrap(h2);
        long start = System.nanoTime();
        long rows = 0;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            long before = Heap.usedAfterGc();
            for (int i = 0; i < STATEMENTS; i += PER_SCOPE) {
                // Even blocks in a scope (each fingerprint tallied there), odd ones outside any.
                Scope scope = (i / PER_SCOPE) % 2 == 0 ? engine.scope("import batch") : null;
                try {
                    for (int j = i; j < i + PER_SCOPE; j++) {
                        // The alias makes the fingerprint distinct; the value is a literal, as generated SQL has.
                        String alias = "t" + j;
                        try (ResultSet result = statement.executeQuery("select " + alias + ".id from item " + alias
                                + " where " + alias + ".id = " + (1 + j % 100))) {
                            while (result.next()) {
                                rows++;
                            }
                        }
                    }
                } finally {
                    if (scope != null) {
                        scope.close();
                    }
                }
            }
            long retained = Heap.usedAfterGc() - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "[reliability] %,d distinct statements (%,d rows), half in scopes of %,d,"
                    + " in %.1f s: %.1f MB retained after GC (bound %d MB)%n", STATEMENTS, rows, PER_SCOPE, seconds,
                    retained / 1e6, BOUND_BYTES / (1024 * 1024));
            assertThat(rows).isEqualTo(STATEMENTS);
            assertThat(retained).isLessThan(BOUND_BYTES);
        }
        exporter.clear();
        engine.reportStatistics();
        List<StatementStatistics> statistics = exporter.statistics();
        assertThat(statistics.stream().mapToLong(StatementStatistics::count).sum())
                .as("every execution counted, beyond maxStatements fingerprints in the overflow record")
                .isEqualTo(STATEMENTS);
        assertThat(statistics).as("maxStatements (1,000) fingerprints and one overflow record").hasSize(1001);
        engine.close();
    }
}
