package io.queryhound.agent.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TableTest {

    @Test
    void alignsNumbersRightTextLeftAndLeavesNoTrailingSpaces() {
        Table table = Table.of("type", ">count", "sql")
                .row("N_PLUS_ONE", "3", "select 1")
                .note("suggestion: batch it")
                .row("SLOW_QUERY", "1200", null);

        assertThat(print(table)).isEqualTo(String.join(System.lineSeparator(),
                "type        count  sql",
                "N_PLUS_ONE      3  select 1",
                "    suggestion: batch it",
                "SLOW_QUERY   1200  -",
                ""));
    }

    @Test
    void aCellIsOneLine() {
        Table table = Table.of("scope").row("GET /a\nPOST\t/b");

        assertThat(print(table)).contains("GET /a POST /b");
    }

    @Test
    void cutKeepsShortTextAndMarksWhatItCuts() {
        assertThat(Table.cut("select 1", 8)).isEqualTo("select 1");
        assertThat(Table.cut("select 12", 8)).isEqualTo("selec...");
        assertThat(Table.cut(null, 8)).isNull();
    }

    private static String print(Table table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            table.print(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
