package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows of a fingerprint vector file: tab-separated dialect, input, expected template and source,
 * with a header line. In input and expected, the two characters {@code \n}, {@code \t} and
 * {@code \r} stand for newline, tab and carriage return; any other backslash is literal.
 */
final class FingerprintVectors {

    record Vector(String file, int line, SqlDialect dialect, String input, String expected, String source) {
        @Override
        public String toString() {
            return file + ":" + line + " [" + dialect + "] " + input.replace("\n", "\\n");
        }
    }

    private FingerprintVectors() {
    }

    static List<Vector> load(String resource) {
        InputStream stream = FingerprintVectors.class.getResourceAsStream(resource);
        if (stream == null) {
            throw new IllegalStateException(resource + " is not on the test classpath");
        }
        List<Vector> vectors = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line = reader.readLine(); // header
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length != 4) {
                    throw new IllegalStateException(resource + ":" + number + " has " + columns.length
                            + " columns, expected 4 (dialect, input, expected, source)");
                }
                vectors.add(new Vector(resource.substring(resource.lastIndexOf('/') + 1), number,
                        SqlDialect.valueOf(columns[0].toUpperCase(Locale.ROOT)),
                        unescape(columns[1]), unescape(columns[2]), columns[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vectors;
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            if (c == '\\' && (next == 'n' || next == 't' || next == 'r')) {
                out.append(next == 'n' ? '\n' : next == 't' ? '\t' : '\r');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
