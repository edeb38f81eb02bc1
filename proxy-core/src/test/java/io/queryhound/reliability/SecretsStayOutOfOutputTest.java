package io.queryhound.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets stay out of the output. A workload that makes QueryHound write every kind of record it
 * has (statistics, scope statistics, N+1, repeated, batchable, budget, large-result findings and
 * their summaries) binds recognisable secret values and inlines recognisable secret literals; then
 * every line written is searched for each of them. With {@code logParameters=true} the values of
 * masked columns must still be absent while an unmasked value is present, which shows that the
 * search looks where parameters would be.
 */
@Tag("reliability")
class SecretsStayOutOfOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One run's seeded secrets: bound to masked columns, bound to an unmasked one, and inlined as literals. */
    private record Secrets(List<String> boundToMasked, List<String> boundToPlain, List<String> inlined) {
        List<String> all() {
            List<String> all = new ArrayList<>(boundToMasked);
            all.addAll(boundToPlain);
            all.addAll(inlined);
            return all;
        }
    }

    @Test
    void withDefaultSettingsNoValueAndNoLiteralIsWritten() throws Exception {
        Path output = dir.resolve("qh.jsonl");
        Secrets secrets = runWorkload(output, false);

        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        Set<String> records = recordKinds(lines);
        assertThat(records).as("the workload must make every kind of record, or the search proves little")
                .contains("statistics", "scopeStatistics", "finding", "findingSummary");
        assertThat(findingTypes(lines)).contains("N_PLUS_ONE", "REPEATED_QUERY", "BATCHABLE_DML", "QUERY_BUDGET",
                "LARGE_RESULT");
        List<String> leaks = leaks(lines, secrets.all());
        System.out.printf(Locale.ROOT, "[reliability] secrets: %d lines (%s) searched for %d seeded values: %d found%n",
                lines.size(), records, secrets.all().size(), leaks.size());
        assertThat(leaks).isEmpty();
    }

    @Test
    void withLogParametersMaskedColumnsStayMasked() throws Exception {
        Path output = dir.resolve("qh-params.jsonl");
        Secrets secrets = runWorkload(output, true);

        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        List<String> masked = leaks(lines, secrets.boundToMasked());
        List<String> inlined = leaks(lines, secrets.inlined());
        long plainShown = secrets.boundToPlain().stream().filter(value -> lines.stream().anyMatch(l -> l.contains(value)))
                .count();
        System.out.printf(Locale.ROOT, "[reliability] secrets with logParameters=true: %d lines; masked values found %d,"
                + " literals found %d, unmasked values shown %d of %d%n", lines.size(), masked.size(), inlined.size(),
                plainShown, secrets.boundToPlain().size());
        assertThat(plainShown).as("logParameters=true writes unmasked values: the search looks in the right place")
                .isPositive();
        assertThat(masked).isEmpty();
        assertThat(inlined).isEmpty();
    }

    @SuppressWarnings("try") // the scopes are opened for the statements inside them, which never name them
    private Secrets runWorkload(Path output, boolean logParameters) throws SQLException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> masked = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        List<String> inlined = new ArrayList<>();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:secrets-" + tag + ";DB_CLOSE_DELAY=-1");
        QueryHoundEngine engine = QueryHound.builder()
                .output(output.toString())
                .statsIntervalSeconds(3600)
                .shutdownHook(false)
                .set("logParameters", Boolean.toString(logParameters))
                .set("maxQueriesPerScope", "20")
                .set("largeResultRows", "10")
                .set("slowQueryMillis", "60000") // timing is not under test
                .build();
        DataSource dataSource = engine.wrap(h2, "accounts");
        try (Connection connection = dataSource.getConnection()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create table account (id int primary key, owner varchar(64), password varchar(64),"
                        + " api_token varchar(64))");
            }
            for (int request = 0; request < 3; request++) {
                try (Scope ignored = engine.scope("POST /accounts/import")) {
                    // Batchable: one INSERT per row, secrets bound to masked columns, the owner to a plain one.
                    try (PreparedStatement insert = connection.prepareStatement(
                            "insert into account (id, owner, password, api_token) values (?, ?, ?, ?)")) {
                        for (int row = 0; row < 10; row++) {
                            int id = request * 100 + row;
                            String password = "PWD-" + tag + "-" + id;
                            String token = "TOKEN-" + tag + "-" + id;
                            String owner = "OWNER-" + tag + "-" + id;
                            masked.add(password);
                            masked.add(token);
                            plain.add(owner);
                            insert.setInt(1, id);
                            insert.setString(2, owner);
                            insert.setString(3, password);
                            insert.setString(4, token);
                            insert.executeUpdate();
                        }
                    }
                }
                try (Scope ignored = engine.scope("GET /accounts/login-check")) {
                    // N+1 and repeated: a lookup by password per row, one of them twice.
                    try (PreparedStatement lookup = connection.prepareStatement(
                            "select id from account where password = ?")) {
                        for (int row = 0; row < 6; row++) {
                            String password = "PWD-" + tag + "-" + (request * 100 + Math.min(row, 4));
                            lookup.setString(1, password);
                            drain(lookup.executeQuery());
                        }
                    }
                    // Inlined literals: a statement built by concatenation, run in a loop (one fingerprint).
                    try (Statement plainStatement = connection.createStatement()) {
                        for (int row = 0; row < 4; row++) {
                            String literal = "LITERAL-" + tag + "-" + request + "-" + row;
                            inlined.add(literal);
                            drain(plainStatement.executeQuery(
                                    "select id from account where api_token = '" + literal + "'"));
                        }
                        String failing = "BROKEN-" + tag + "-" + request;
                        inlined.add(failing);
                        try {
                            plainStatement.executeQuery("select id from account where no_such_column = '" + failing + "'");
                        } catch (SQLException expected) {
                            // H2's message quotes the statement; QueryHound must not pass it on.
                        }
                    }
                    // Repeated: the same lookup with the same secret twice (too few to be a loop).
                    try (PreparedStatement again = connection.prepareStatement(
                            "select owner from account where password = ? and id >= ?")) {
                        for (int row = 0; row < 2; row++) {
                            again.setString(1, "PWD-" + tag + "-" + (request * 100));
                            again.setInt(2, 0);
                            drain(again.executeQuery());
                        }
                    }
                    // Large result: every account, with their secrets in the rows read.
                    try (Statement all = connection.createStatement()) {
                        drain(all.executeQuery("select id, owner, password, api_token from account"));
                    }
                    // Over the budget of 20 statements: further lookups with secrets in masked columns.
                    try (PreparedStatement lookup = connection.prepareStatement(
                            "select owner from account where api_token = ?")) {
                        for (int row = 0; row < 10; row++) {
                            lookup.setString(1, "TOKEN-" + tag + "-" + (request * 100 + row));
                            drain(lookup.executeQuery());
                        }
                    }
                }
            }
        }
        engine.close();
        return new Secrets(masked, plain, inlined);
    }

    private static void drain(ResultSet rows) throws SQLException {
        try (rows) {
            while (rows.next()) {
                rows.getObject(1);
            }
        }
    }

    /** Each secret found in a line, with the line's record kind; a value is searched as it would be escaped too. */
    private static List<String> leaks(List<String> lines, List<String> secrets) {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            for (String secret : secrets) {
                // The seeded values are plain ASCII letters, digits and dashes: JSON escaping leaves them as they are.
                if (line.contains(secret)) {
                    found.add(secret + " in " + line);
                }
            }
        }
        return found;
    }

    private static Set<String> recordKinds(List<String> lines) throws IOException {
        Set<String> kinds = new HashSet<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            kinds.add(node.get("record").asText());
        }
        return kinds;
    }

    private static Set<String> findingTypes(List<String> lines) throws IOException {
        Set<String> types = new HashSet<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            if (node.get("record").asText().equals("finding")) {
                types.add(node.get("type").asText());
            }
        }
        return types;
    }
}
