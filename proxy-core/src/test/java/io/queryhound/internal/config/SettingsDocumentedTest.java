package io.queryhound.internal.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every setting QueryHound understands is documented in the README's settings table, with its
 * default on the same row. A missing README or a missing row fails the build (it is never
 * skipped): an undocumented setting is a setting nobody can find.
 */
class SettingsDocumentedTest {

    /** Maven runs proxy-core's tests with proxy-core as the working directory. */
    private static final Path README = Path.of("..", "README.md");

    static Stream<Setting<?>> settings() {
        return Settings.ALL.stream();
    }

    @Test
    void readmeExists() {
        assertThat(README).as("the project README at %s", README.toAbsolutePath().normalize())
                .exists().isRegularFile();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void settingHasATableRowWithItsDefault(Setting<?> setting) throws IOException {
        List<String[]> rows = tableRows();
        List<String[]> rowsWithKey = rows.stream()
                .filter(cells -> anyCellNames(cells, setting.key()))
                .collect(Collectors.toList());
        if (rowsWithKey.isEmpty()) {
            fail("Expecting the README's settings table to have a row for '%s' (default %s), but no table row"
                    + " names it. Table rows found:%n%s", setting.key(), setting.defaultValue(), render(rows));
        }
        String expectedDefault = normalizedDefault(setting);
        boolean documented = rowsWithKey.stream().anyMatch(cells -> expectedTokens(setting).stream()
                .allMatch(token -> anyCellHasToken(cells, setting.key(), token)));
        if (!documented) {
            fail("Expecting the README's row for '%s' to give its default '%s', but the row(s) say:%n%s",
                    setting.key(), expectedDefault, render(rowsWithKey));
        }
    }

    @Test
    void matchingIsStrictEnoughToFail() {
        // Guards the helpers above against matching everything.
        String[] row = {"`maxStatementsPerScope`", "1000", "statements kept"};
        assertThat(anyCellNames(row, "maxStatements")).isFalse();
        String[] good = {"`queryhound.maxStatements`", "`1,000`", "statements kept"};
        assertThat(anyCellNames(good, "maxStatements")).isTrue();
        assertThat(anyCellHasToken(good, "maxStatements", "1000")).isTrue();
        assertThat(anyCellHasToken(good, "maxStatements", "100")).isFalse();
        String[] keyOnly = {"`maxSqlLength`", "the longest SQL written out"};
        assertThat(anyCellHasToken(keyOnly, "maxSqlLength", "2000")).isFalse();
    }

    // ---------------------------------------------------------------- parsing

    private static List<String[]> tableRows() throws IOException {
        if (!Files.isRegularFile(README)) {
            fail("Expecting the README at %s to document every setting, but it does not exist",
                    README.toAbsolutePath().normalize());
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("|")) {
                continue;
            }
            String inner = trimmed.substring(1, trimmed.endsWith("|") && trimmed.length() > 1
                    ? trimmed.length() - 1 : trimmed.length());
            String[] cells = inner.split("(?<!\\\\)\\|", -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].trim();
            }
            if (isSeparatorRow(cells)) {
                continue;
            }
            rows.add(cells);
        }
        return rows;
    }

    private static boolean isSeparatorRow(String[] cells) {
        for (String cell : cells) {
            if (!cell.matches(":?-+:?")) {
                return false;
            }
        }
        return true;
    }

    /** A cell names the key as a whole word: {@code `maxStatements`}, {@code queryhound.maxStatements}. */
    private static boolean anyCellNames(String[] cells, String key) {
        Pattern word = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(key) + "(?![A-Za-z0-9_])");
        for (String cell : cells) {
            if (word.matcher(cell).find()) {
                return true;
            }
        }
        return false;
    }

    /** Some cell of the row, other than the key itself, has the default as one of its words. */
    private static boolean anyCellHasToken(String[] cells, String key, String expected) {
        for (String cell : cells) {
            String text = cell.replace("`", " ").replace("**", " ");
            text = text.replaceAll("(?<![A-Za-z0-9_.])(queryhound\\.)?" + Pattern.quote(key) + "(?![A-Za-z0-9_])", " ");
            // Digit group separators: 1,000 / 1_000 / 1 000 / 1'000.
            text = text.replaceAll("(?<=\\d)[,_'\u00a0\u202f ](?=\\d{3}(?!\\d))", "");
            for (String token : text.toLowerCase(Locale.ROOT).split("[^a-z0-9.]+")) {
                String stripped = token.replaceAll("^\\.+|\\.+$", "");
                if (stripped.equals(expected)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The words a row must show for the default: each item of a list default, or "none" for an empty list. */
    private static List<String> expectedTokens(Setting<?> setting) {
        if (setting.defaultValue() instanceof List<?> items) {
            return items.isEmpty() ? List.of("none")
                    : items.stream().map(item -> String.valueOf(item).toLowerCase(Locale.ROOT)).collect(Collectors.toList());
        }
        return List.of(normalizedDefault(setting));
    }

    private static String normalizedDefault(Setting<?> setting) {
        return String.valueOf(setting.defaultValue()).toLowerCase(Locale.ROOT);
    }

    private static String render(List<String[]> rows) {
        if (rows.isEmpty()) {
            return "  (no table rows)";
        }
        return rows.stream().map(cells -> "  | " + String.join(" | ", cells) + " |").collect(Collectors.joining("\n"));
    }
}
