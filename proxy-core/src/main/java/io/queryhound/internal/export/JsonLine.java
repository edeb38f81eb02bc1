package io.queryhound.internal.export;

import java.util.List;

/**
 * Builds one JSON object on one line. Hand-written rather than a JSON library so that the agent
 * carries no dependency that could clash with the application's, and so that every string is
 * escaped the same way: control characters, quotes and backslashes are escaped, and a lone UTF-16
 * surrogate (possible in SQL built from bad input) becomes U+FFFD, so every line QueryHound writes
 * parses as JSON.
 */
public final class JsonLine {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private boolean first = true;

    public JsonLine() {
        this(new StringBuilder(512));
    }

    JsonLine(StringBuilder out) {
        this.out = out;
        out.append('{');
    }

    public JsonLine field(String name, String value) {
        name(name);
        if (value == null) {
            out.append("null");
        } else {
            string(out, value);
        }
        return this;
    }

    public JsonLine field(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    public JsonLine field(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    /** A non-negative number of milliseconds with exactly three decimals (microsecond resolution). */
    public JsonLine millis(String name, double millis) {
        name(name);
        long thousandths = Math.max(-Long.MAX_VALUE, Math.round(millis * 1000)); // -Long.MIN_VALUE overflows
        if (thousandths < 0) {
            out.append('-');
            thousandths = -thousandths;
        }
        out.append(thousandths / 1000).append('.');
        long fraction = thousandths % 1000;
        if (fraction < 100) {
            out.append('0');
        }
        if (fraction < 10) {
            out.append('0');
        }
        out.append(fraction);
        return this;
    }

    /** A value that is already JSON (an array or object built by another JsonLine). */
    public JsonLine raw(String name, String json) {
        name(name);
        out.append(json);
        return this;
    }

    /** A JSON array of strings; a null item is written as {@code null}. */
    public static String stringArray(List<String> values) {
        StringBuilder out = new StringBuilder(16 + 32 * values.size()).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String value = values.get(i);
            if (value == null) {
                out.append("null");
            } else {
                string(out, value);
            }
        }
        return out.append(']').toString();
    }

    /**
     * A JSON array of values that are already JSON (objects or arrays built by {@link #build()},
     * {@link #stringArray} or this method), for nesting that the single-object builder cannot express.
     */
    public static String array(List<String> jsonValues) {
        StringBuilder out = new StringBuilder(16 + 64 * jsonValues.size()).append('[');
        for (int i = 0; i < jsonValues.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(jsonValues.get(i));
        }
        return out.append(']').toString();
    }

    /** The finished object, without a line terminator. */
    public String build() {
        return out.append('}').toString();
    }

    private void name(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        string(out, name);
        out.append(':');
    }

    /** Appends {@code value} as a JSON string literal. */
    public static void string(StringBuilder out, String value) {
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                            out.append(c).append(value.charAt(++i));
                        } else {
                            out.append('\ufffd');
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        out.append('\ufffd');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }
}
