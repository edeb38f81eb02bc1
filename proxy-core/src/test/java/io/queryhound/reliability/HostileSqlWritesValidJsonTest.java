package io.queryhound.reliability;

import com.fasterxml.jackson.core.JsonParser;
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
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
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
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements full of what breaks line-oriented JSON (line breaks, quotes, backslashes, control
 * characters, lone UTF-16 surrogates, in names, comments and literals) go through a real H2
 * database and a real engine writing to a file; every line written must be one strictly valid
 * UTF-8 JSON object, whatever the driver made of the statement.
 */
@Tag("reliability")
class HostileSqlWritesValidJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Text that ends up in templates: as a quoted identifier, a comment, a literal, a stray character. */
    private static final List<String> HOSTILE = List.of(
            "line\nbreak", "carriage\r\nreturn", "tab\tand\u000bvertical", "quote\"inside", "back\\slash",
            "nul\u0000byte", "bell\u0007esc\u001b", "lone high \ud800 surrogate", "lone low \udc00 surrogate",
            "reversed \udc00\ud800 pair", "emoji \ud83d\ude00 ok", "line separator \u2028 and \u2029",
            "del\u007f and c1 \u0085\u009f", "</script>{\"json\":true}");

    @Test
    @SuppressWarnings("try") // the scope is opened for the statements inside it, which never name it
    void everyLineIsOneValidJsonObject() throws Exception {
        Path output = dir.resolve("qh.jsonl");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:hostile-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        QueryHoundEngine engine = QueryHound.builder().output(output.toString()).statsIntervalSeconds(3600)
                .shutdownHook(false).set("logParameters", "true").set("slowQueryMillis", "60000").build();
        DataSource dataSource = engine.wrap(h2, "hostile\n\"source\"");
        int statements = 0;
        int rejected = 0;
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("create table t (id int primary key, v varchar(200))");
            for (int i = 0; i < HOSTILE.size(); i++) {
                String text = HOSTILE.get(i);
                try (Scope ignored = engine.scope("GET /hostile/" + text)) {
                    List<String> sqls = List.of(
                            "select id from t where v = '" + text.replace("'", "''") + "'",
                            "select id /* " + text.replace("*/", "") + " */ from t where id = " + i,
                            "select \"" + text.replace("\"", "\"\"") + "\" from t",
                            "select id from t where v = ? -- " + text.replace("\n", " "),
                            text);
                    for (String sql : sqls) {
                        for (int repeat = 0; repeat < 3; repeat++) { // loops and repeats: findings carry the text
                            statements++;
                            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                                if (sql.contains("?")) {
                                    statement.setString(1, text + repeat);
                                }
                                try (ResultSet rows = statement.executeQuery()) {
                                    while (rows.next()) {
                                        rows.getObject(1);
                                    }
                                }
                            } catch (SQLException refusedByTheDatabase) {
                                rejected++; // the driver's verdict; QueryHound still records the statement
                            }
                        }
                    }
                }
            }
        }
        engine.close();

        byte[] bytes = Files.readAllBytes(output);
        // Strict UTF-8: a lone surrogate written as is would not decode.
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        List<String> lines = List.of(text.split("\n", -1));
        assertThat(lines.get(lines.size() - 1)).as("the file ends with a line break").isEmpty();
        List<String> records = new ArrayList<>();
        for (String line : lines.subList(0, lines.size() - 1)) {
            try (JsonParser parser = JSON.getFactory().createParser(line)) {
                JsonNode node = JSON.readTree(parser);
                assertThat(node.isObject()).as(line).isTrue();
                assertThat(parser.nextToken()).as("trailing content in %s", line).isNull();
                records.add(node.get("record").asText());
            }
        }
        System.out.printf(Locale.ROOT, "[reliability] hostile SQL: %d statements (%d refused by H2), %d lines written,"
                + " all valid JSON in strict UTF-8 (%d findings)%n", statements, rejected, records.size(),
                records.stream().filter("finding"::equals).count());
        assertThat(records).contains("finding", "statistics", "scopeStatistics");
    }
}
