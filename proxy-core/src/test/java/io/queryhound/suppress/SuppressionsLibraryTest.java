package io.queryhound.suppress;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.QueryHoundSuppress;
import io.queryhound.Scope;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementStatistics;
import io.queryhound.internal.export.InMemoryExporter;
import io.queryhound.internal.suppress.Baseline;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.H2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every suppression form in library mode ({@code QueryHound.wrap} over HikariCP over H2), and the baseline setting:
 * a suppressed finding is still written once, marked, with its reason and where it was declared, and still counted
 * in statistics and summaries; a suppression without a reason is reported once and has no effect.
 */
class SuppressionsLibraryTest {

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    @TempDir
    Path directory;

    private InMemoryExporter exporter = new InMemoryExporter();
    private HikariDataSource pool;
    private QueryHoundEngine engine;

    static final String REGION_SQL = "select v from item where id = ?";
    static final String NAMES_SQL = "select id from item where v = ?";
    static final String LINES_SQL = "select v, id from item where id = ?";
    static final String ITEMS_SQL = "select id, v from item where id = ?";
    static final String BLANK_SQL = "select v from item where id = ? and v is not null";
    static final String PLAIN_SQL = "select v from item where v = ?";
    static final String CALLED_SQL = "select max(v) from item where id = ?";

    /** The application code: one N+1 loop per method, each its own statement and call site. */
    static class Shop {
        final DataSource dataSource;

        Shop(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @QueryHoundSuppress(value = FindingType.N_PLUS_ONE, reason = "twelve regions at most; a join is slower here")
        int regionTotals() throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(REGION_SQL)) {
                int sum = 0;
                for (int id = 1; id <= 3; id++) {
                    ps.setInt(1, id);
                    sum += firstColumnSum(ps.executeQuery()); // each method is its own call site
                }
                return sum;
            }
        }

        int orderLines() throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LINES_SQL)) {
                int sum = 0;
                for (int id = 1; id <= 3; id++) {
                    ps.setInt(1, id);
                    sum += firstColumnSum(ps.executeQuery()); // each method is its own call site
                }
                return sum;
            }
        }

        int itemPrices() throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ITEMS_SQL)) {
                int sum = 0;
                for (int id = 1; id <= 3; id++) {
                    ps.setInt(1, id);
                    sum += firstColumnSum(ps.executeQuery()); // each method is its own call site
                }
                return sum;
            }
        }

        @QueryHoundSuppress(value = FindingType.N_PLUS_ONE, reason = " ")
        int blankReason() throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BLANK_SQL)) {
                int sum = 0;
                for (int id = 1; id <= 3; id++) {
                    ps.setInt(1, id);
                    sum += firstColumnSum(ps.executeQuery()); // each method is its own call site
                }
                return sum;
            }
        }

        int plain() throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PLAIN_SQL)) {
                int sum = 0;
                for (int id = 1; id <= 3; id++) {
                    ps.setInt(1, id);
                    sum += firstColumnSum(ps.executeQuery()); // each method is its own call site
                }
                return sum;
            }
        }

        int calledFromANightlyJob() throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CALLED_SQL)) {
                int sum = 0;
                for (int id = 1; id <= 3; id++) {
                    ps.setInt(1, id);
                    sum += firstColumnSum(ps.executeQuery()); // each method is its own call site
                }
                return sum;
            }
        }

        /** Reads and closes a result. Each method above runs three lookups with three parameter sets: an N+1. */
        static int firstColumnSum(ResultSet result) throws SQLException {
            int sum = 0;
            try (ResultSet rows = result) {
                while (rows.next()) {
                    sum += rows.getInt(1);
                }
            }
            return sum;
        }
    }

    @QueryHoundSuppress(value = {FindingType.N_PLUS_ONE, FindingType.REPEATED_QUERY},
            reason = "legacy report, rewritten in ticket 812")
    static class LegacyReports {
        static int customerNames(DataSource dataSource) throws SQLException {
            int sum = 0;
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(NAMES_SQL)) {
                for (int v = 1; v <= 3; v++) {
                    ps.setInt(1, v);
                    try (ResultSet rows = ps.executeQuery()) {
                        while (rows.next()) {
                            sum += rows.getInt(1);
                        }
                    }
                }
            }
            return sum;
        }
    }

    /** A caller, not the call site: the annotation covers everything it calls. */
    @QueryHoundSuppress(value = FindingType.N_PLUS_ONE, reason = "the nightly job runs once, on 3 rows")
    static int nightlyJob(Shop shop) throws SQLException {
        return shop.calledFromANightlyJob();
    }

    private QueryHoundEngine start(Map<String, String> settings) throws SQLException {
        QueryHound.Builder builder = QueryHound.builder().exporter(exporter).shutdownHook(false)
                .statsIntervalSeconds(3600);
        settings.forEach(builder::set);
        engine = builder.build();
        HikariConfig config = new HikariConfig();
        config.setDataSource(H2.withItems(10));
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        return engine;
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    private static String id(String sql) {
        return SqlFingerprint.of(sql, SqlDialect.H2).id();
    }

    private Finding findingOf(String sql) {
        Optional<Finding> found = exporter.findings().stream()
                .filter(f -> f.fingerprint() != null && f.fingerprint().id().equals(id(sql))).findFirst();
        assertThat(found).as("the finding of %s among %s", sql, exporter.findings()).isPresent();
        return found.get();
    }

    @Test
    void everySuppressionFormMarksItsFindingWithTheReasonAndWhereItWasDeclared() throws SQLException {
        String pattern = "N_PLUS_ONE@" + Shop.class.getName() + ".orderLines -- order lines are paged, 3 per page";
        start(Map.of("suppress.lines", pattern,
                "suppress.prices", "N_PLUS_ONE:" + id(ITEMS_SQL) + " -- prices are cached after the first call"));
        Shop shop = new Shop(engine.wrap(pool));

        for (QueryBlock block : List.<QueryBlock>of(shop::regionTotals, () -> LegacyReports.customerNames(shop.dataSource),
                shop::orderLines, shop::itemPrices, shop::blankReason, shop::plain, () -> nightlyJob(shop))) {
            try (Scope scope = engine.scope("request")) {
                block.run();
            }
        }
        engine.reportFindings();

        assertThat(exporter.findings()).hasSize(7).allSatisfy(f -> assertThat(f.type()).isEqualTo(FindingType.N_PLUS_ONE));
        assertThat(findingOf(REGION_SQL).suppression()).isEqualTo(new Finding.Suppression(
                "twelve regions at most; a join is slower here",
                "@QueryHoundSuppress on " + Shop.class.getName() + ".regionTotals()"));
        assertThat(findingOf(NAMES_SQL).suppression()).isEqualTo(new Finding.Suppression(
                "legacy report, rewritten in ticket 812", "@QueryHoundSuppress on class " + LegacyReports.class.getName()));
        assertThat(findingOf(LINES_SQL).suppression()).isEqualTo(new Finding.Suppression(
                "order lines are paged, 3 per page", "suppress.lines (from QueryHound.builder())"));
        assertThat(findingOf(ITEMS_SQL).suppression()).isEqualTo(new Finding.Suppression(
                "prices are cached after the first call", "suppress.prices (from QueryHound.builder())"));
        assertThat(findingOf(CALLED_SQL).suppression()).as("suppressed by a caller's annotation")
                .isEqualTo(new Finding.Suppression("the nightly job runs once, on 3 rows",
                        "@QueryHoundSuppress on " + SuppressionsLibraryTest.class.getName() + ".nightlyJob()"));
        assertThat(findingOf(BLANK_SQL).suppressed()).as("a blank reason suppresses nothing").isFalse();
        assertThat(findingOf(PLAIN_SQL).suppressed()).isFalse();

        assertThat(findingOf(REGION_SQL).toJson())
                .contains(",\"suppressed\":true,\"reason\":\"twelve regions at most; a join is slower here\","
                        + "\"suppressedBy\":\"@QueryHoundSuppress on " + Shop.class.getName() + ".regionTotals()\",\"message\":")
                .contains("\"message\":\"N_PLUS_ONE [suppressed: twelve regions at most; a join is slower here] 3x ");
        assertThat(findingOf(PLAIN_SQL).toJson()).doesNotContain("suppressed", "reason", "baselined");

        assertThat(diagnostics.lines()).as("QueryHound's own messages").singleElement().asString()
                .contains("@QueryHoundSuppress on " + Shop.class.getName() + ".blankReason() has no reason",
                        "the annotation is ignored");
    }

    @Test
    void aSuppressedFindingIsWrittenOnceThenSummarisedAndItsStatementStillHasStatistics() throws SQLException {
        start(Map.of());
        Shop shop = new Shop(engine.wrap(pool));
        for (int request = 0; request < 3; request++) {
            try (Scope scope = engine.scope("request")) {
                shop.regionTotals();
            }
        }
        engine.reportFindings();
        engine.reportStatistics();

        assertThat(exporter.findings()).singleElement().satisfies(f -> assertThat(f.suppressed()).isTrue());
        List<FindingSummary> summaries = exporter.findingSummaries();
        assertThat(summaries).singleElement().satisfies(s -> {
            assertThat(s.occurrences()).isEqualTo(2);
            assertThat(s.count()).isEqualTo(6);
        });
        StatementStatistics statistics = exporter.statistics().stream()
                .filter(s -> s.fingerprint().id().equals(id(REGION_SQL))).findFirst().orElseThrow();
        assertThat(statistics.count()).as("executions counted in statistics").isEqualTo(9);
    }

    @Test
    void withABaselineOnlyTheNewLoopIsUnmarked() throws Exception {
        // First run: the plain loop is the codebase's known problem; its findings become the baseline.
        start(Map.of());
        Shop shop = new Shop(engine.wrap(pool));
        try (Scope scope = engine.scope("first run")) {
            shop.plain();
        }
        engine.reportFindings();
        Map<Baseline.Entry, String> entries = new LinkedHashMap<>();
        for (Finding finding : exporter.findings()) {
            entries.put(Baseline.Entry.of(finding), finding.sql());
        }
        Path file = directory.resolve("queryhound-baseline.json");
        Files.writeString(file, Baseline.of(entries).toJson(), StandardCharsets.UTF_8);
        close();
        exporter = new InMemoryExporter();

        // Second run, with the baseline and a new loop.
        start(Map.of("baseline", file.toString()));
        shop = new Shop(engine.wrap(pool));
        try (Scope scope = engine.scope("second run")) {
            shop.plain();
            shop.orderLines();
        }
        engine.reportFindings();

        assertThat(findingOf(PLAIN_SQL).baselined()).isTrue();
        assertThat(findingOf(PLAIN_SQL).toJson()).contains(",\"baselined\":true,\"message\":\"N_PLUS_ONE [baselined] ");
        assertThat(findingOf(LINES_SQL).baselined()).isFalse();
        assertThat(diagnostics.lines()).isEmpty();
    }

    @Test
    void aMalformedBaselineSettingIsReportedOnceAndTheApplicationRunsOn() throws Exception {
        Path file = directory.resolve("broken-baseline.json");
        Files.writeString(file, "{\"queryhound\": \"baseline\", \"schema\": 1, \"findings\": [{\"type\": 7}]}");
        start(Map.of("baseline", file.toString()));
        Shop shop = new Shop(engine.wrap(pool));
        try (Scope scope = engine.scope("request")) {
            assertThat(shop.plain()).isEqualTo(6);
        }
        engine.reportFindings();

        assertThat(findingOf(PLAIN_SQL).baselined()).isFalse();
        assertThat(diagnostics.lines()).singleElement().asString()
                .contains("baseline file " + file, "is malformed", "findings[0].type is not a string");
    }

    @FunctionalInterface
    interface QueryBlock {
        void run() throws SQLException;
    }
}
