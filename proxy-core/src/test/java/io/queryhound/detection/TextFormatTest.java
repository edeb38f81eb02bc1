package io.queryhound.detection;

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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code format=text}: the same records, one readable line each, for a person at a console. */
class TextFormatTest {

    @Test
    void textFormatWritesOneReadableLinePerRecord(@TempDir Path dir) throws SQLException, IOException {
        Path file = dir.resolve("queryhound.log");
        QueryHoundEngine engine = QueryHound.builder().output(file.toString()).set("format", "text")
                .statsIntervalSeconds(3600).shutdownHook(false).build();
        DataSource ds = engine.wrap(H2.newDataSource());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table pets (id int primary key, name varchar(20))");
            s.execute("insert into pets select x, 'pet ' || x from system_range(1, 5)");
        }
        try (Scope scope = engine.scope("text"); Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("select name from pets where id = ?")) {
            for (int id = 1; id <= 4; id++) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("scope %s", scope.name()).isTrue();
                }
            }
        }
        engine.close();

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("[queryhound] "));
        assertThat(lines).noneMatch(line -> line.contains("{\"schema\""));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("[queryhound] N_PLUS_ONE 4x select name from pets where id = ?")
                .contains("TextFormatTest.textFormatWritesOneReadableLinePerRecord(TextFormatTest.java:")
                .contains("[scope text]"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("[queryhound] summary ").contains("select name from pets where id = ?"));
    }
}
