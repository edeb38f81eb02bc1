package io.queryhound.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.testing.H2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same N+1 in ten thousand scopes must not flood the output: one finding line for its first
 * occurrence, then summary lines that count the others.
 */
@SuppressWarnings("try") // a scope is opened for the code inside it, which never names it
class ScopeAggregationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOOKUP = "select name from item where id = ?";

    @TempDir
    Path dir;

    @Test
    void tenThousandScopesWithTheSameNPlusOneWriteOneFindingAndSummaries() throws Exception {
        Path file = dir.resolve("queryhound.jsonl");
        int scopes = 10_000;
        try (QueryHoundEngine engine = fileEngine(file)) {
            DataSource ds = engine.wrap(H2.newDataSource());
            try (Connection connection = ds.getConnection()) {
                createItems(connection);
                for (int i = 0; i < scopes; i++) {
                    try (Scope s = engine.scope("request-" + i)) {
                        List<Integer> ids = drivingQuery(connection);
                        lookupsFromA(connection, ids);
                    }
                }
            }
            engine.reportFindings();
        }

        List<JsonNode> records = read(file);
        // Statistics (per statement and per scope name) are written whatever was found; the rest are findings.
        List<JsonNode> nonStatistics = records.stream()
                .filter(r -> !r.path("record").asText().toLowerCase(java.util.Locale.ROOT).endsWith("statistics"))
                .collect(Collectors.toList());
        nonStatistics.forEach(r -> System.out.println("aggregation output: " + r));

        List<JsonNode> findings = withRecordAndType(records, "finding", "N_PLUS_ONE");
        assertThat(findings).hasSize(1);
        JsonNode finding = findings.get(0);
        assertThat(finding.path("count").asLong()).isEqualTo(3);
        assertThat(finding.path("sql").asText()).isEqualTo(LOOKUP);
        assertThat(finding.path("scope").asText()).isEqualTo("request-0");
        assertThat(finding.path("callSite").asText()).contains(ScopeAggregationTest.class.getName() + ".lookupsFromA(");

        List<JsonNode> summaries = withRecordAndType(records, "findingSummary", "N_PLUS_ONE");
        assertThat(summaries).isNotEmpty();
        assertThat(summaries.stream().mapToLong(s -> s.path("occurrences").asLong()).sum()).isEqualTo(scopes - 1);
        assertThat(summaries.stream().mapToLong(s -> s.path("count").asLong()).sum()).isEqualTo(3L * (scopes - 1));
        JsonNode last = summaries.get(summaries.size() - 1);
        assertThat(last.path("totalOccurrences").asLong()).isEqualTo(scopes);
        assertThat(last.path("lastScope").asText()).isEqualTo("request-" + (scopes - 1));
        assertThat(last.path("callSite").asText()).isEqualTo(finding.path("callSite").asText());
        assertThat(last.path("fingerprint").asText()).isEqualTo(finding.path("fingerprint").asText());

        assertThat(nonStatistics).as("finding and summary lines").hasSizeLessThan(20);
    }

    @Test
    void twoCallSitesOfTheSameStatementGiveTwoFindingLines() throws Exception {
        Path file = dir.resolve("two-sites.jsonl");
        int scopes = 1_000;
        try (QueryHoundEngine engine = fileEngine(file)) {
            DataSource ds = engine.wrap(H2.newDataSource());
            try (Connection connection = ds.getConnection()) {
                createItems(connection);
                for (int i = 0; i < scopes; i++) {
                    try (Scope s = engine.scope("request-" + i)) {
                        List<Integer> ids = drivingQuery(connection);
                        if (i % 2 == 0) {
                            lookupsFromA(connection, ids);
                        } else {
                            lookupsFromB(connection, ids);
                        }
                    }
                }
            }
            engine.reportFindings();
        }

        List<JsonNode> records = read(file);
        List<JsonNode> findings = withRecordAndType(records, "finding", "N_PLUS_ONE");
        assertThat(findings).hasSize(2);
        assertThat(findings).extracting(f -> f.path("fingerprint").asText()).containsOnly(
                findings.get(0).path("fingerprint").asText());
        assertThat(findings).extracting(f -> methodOf(f.path("callSite").asText()))
                .containsExactlyInAnyOrder("lookupsFromA", "lookupsFromB");
        assertThat(findings).extracting(f -> f.path("count").asLong()).containsOnly(3L);

        Map<String, Long> occurrences = new TreeMap<>();
        Map<String, Long> totals = new TreeMap<>();
        for (JsonNode summary : withRecordAndType(records, "findingSummary", "N_PLUS_ONE")) {
            String method = methodOf(summary.path("callSite").asText());
            occurrences.merge(method, summary.path("occurrences").asLong(), Long::sum);
            totals.put(method, summary.path("totalOccurrences").asLong());
        }
        assertThat(occurrences).containsEntry("lookupsFromA", scopes / 2 - 1L).containsEntry("lookupsFromB", scopes / 2 - 1L);
        assertThat(totals).containsEntry("lookupsFromA", scopes / 2L).containsEntry("lookupsFromB", scopes / 2L);
    }

    // ------------------------------------------------------------------ the application code

    private static List<Integer> drivingQuery(Connection connection) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("select id from item where kind = ? order by id")) {
            ps.setString(1, "book");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
        }
        return ids;
    }

    private static void lookupsFromA(Connection connection, List<Integer> ids) throws SQLException {
        for (int id : ids) {
            try (PreparedStatement ps = connection.prepareStatement(LOOKUP)) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        }
    }

    /** The same statement as {@link #lookupsFromA}, from another line. */
    private static void lookupsFromB(Connection connection, List<Integer> ids) throws SQLException {
        for (int id : ids) {
            try (PreparedStatement ps = connection.prepareStatement(LOOKUP)) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        }
    }

    // ------------------------------------------------------------------ plumbing

    private static QueryHoundEngine fileEngine(Path file) {
        return QueryHound.builder().output(file.toString()).statsIntervalSeconds(3600).shutdownHook(false).build();
    }

    private static void createItems(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("create table item (id int primary key, kind varchar(20), name varchar(40))");
            st.execute("insert into item values (1, 'book', 'a'), (2, 'book', 'b'), (3, 'book', 'c'), (4, 'pen', 'd')");
        }
    }

    private static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                records.add(JSON.readTree(line));
            }
        }
        return records;
    }

    private static List<JsonNode> withRecordAndType(List<JsonNode> records, String record, String type) {
        return records.stream()
                .filter(r -> record.equals(r.path("record").asText()) && type.equals(r.path("type").asText()))
                .collect(Collectors.toList());
    }

    /** {@code a.b.C.method(C.java:12)} -> {@code method}. */
    private static String methodOf(String callSite) {
        String beforeParen = callSite.substring(0, callSite.indexOf('('));
        return beforeParen.substring(beforeParen.lastIndexOf('.') + 1);
    }
}
