package io.queryhound.internal.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON text (RFC 8259) into plain Java values: an object becomes a {@link Map} (insertion
 * ordered, a repeated name keeps its last value), an array a {@link List}, a string a
 * {@link String}, an integer that fits a {@link Long}, any other number a {@link Double}, and
 * {@code true}/{@code false}/{@code null} a {@link Boolean} or {@code null}.
 *
 * <p>Hand-written rather than a JSON library so that neither proxy-core nor the agent jar carries a
 * dependency that could clash with the application's (the same reason QueryHound writes its lines by
 * hand). The one reader of everything QueryHound reads as JSON: the command line's records, baseline
 * files, and the plans PostgreSQL and MySQL return from EXPLAIN. Strict, because it decides whether
 * a line of someone's log is a QueryHound record and whether a file is a baseline: anything that is
 * not exactly one JSON value throws {@link MalformedJsonException}.
 */
public final class JsonReader {

    /**
     * Nesting beyond this is refused by default: the reader recurses once per level, and a line of a
     * few thousand {@code [} must be malformed input, not a {@link StackOverflowError}.
     */
    public static final int MAX_DEPTH = 256;

    private final String text;
    private final int maxDepth;
    private final boolean uniqueNames;
    private int pos;
    private int depth;

    private JsonReader(String text, int maxDepth, boolean uniqueNames) {
        this.text = text;
        this.maxDepth = maxDepth;
        this.uniqueNames = uniqueNames;
    }

    /** The value {@code json} holds; throws {@link MalformedJsonException} when it is not one JSON value. */
    public static Object parse(String json) {
        return parse(json, MAX_DEPTH, false);
    }

    /**
     * The same, nested at most {@code maxDepth} levels; with {@code uniqueNames}, an object that repeats a
     * member name is malformed (where a repeated name would be ambiguous: which of two plans is the plan?)
     * instead of keeping its last value.
     */
    public static Object parse(String json, int maxDepth, boolean uniqueNames) {
        if (json == null) {
            throw new MalformedJsonException("no input", 0);
        }
        JsonReader reader = new JsonReader(json, maxDepth, uniqueNames);
        reader.skipWhitespace();
        Object value = reader.value();
        reader.skipWhitespace();
        if (reader.pos < json.length()) {
            throw reader.error("unexpected '" + json.charAt(reader.pos) + "' after the value");
        }
        return value;
    }

    private Object value() {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected '" + c + "', expected a value");
        }
    }

    private Map<String, Object> object() {
        enter();
        pos++; // '{'
        Map<String, Object> object = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name in double quotes");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            boolean repeated = uniqueNames && object.containsKey(name);
            object.put(name, value());
            if (repeated) {
                throw error("duplicate member \"" + name + "\"");
            }
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return object;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array() {
        enter();
        pos++; // '['
        List<Object> array = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return array;
        }
        while (true) {
            skipWhitespace();
            array.add(value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return array;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = null;
        int runStart = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                String value = out == null ? text.substring(runStart, pos) : out.append(text, runStart, pos).toString();
                pos++;
                return value;
            }
            if (c < 0x20) {
                throw error("unescaped control character U+" + hex4(c) + " in a string");
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder(pos - runStart + 16);
                }
                out.append(text, runStart, pos);
                pos++;
                out.append(escape());
                runStart = pos;
            } else {
                pos++;
            }
        }
        throw error("unterminated string");
    }

    /** The character an escape stands for; {@code pos} is just after the backslash. */
    private char escape() {
        if (pos >= text.length()) {
            throw error("unterminated escape");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u': return unicodeEscape();
            default:
                pos--;
                throw error("unknown escape '\\" + c + "'");
        }
    }

    /**
     * Four hex digits. A surrogate is kept as the UTF-16 unit it names, so an escaped pair such as
     * {@code \ud83d\ude00} becomes one code point as the two units are appended in turn.
     */
    private char unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw error("incomplete \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos), 16);
            if (digit < 0) {
                throw error("invalid hex digit '" + text.charAt(pos) + "' in a \\u escape");
            }
            value = value * 16 + digit;
            pos++;
        }
        return (char) value;
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in a number");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit");
        }
        boolean integer = true;
        if (peek() == '.') {
            integer = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        String literal = text.substring(start, pos);
        if (integer) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooLarge) {
                // Beyond a long: still a number, with a double's precision.
            }
        }
        return Double.parseDouble(literal);
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected '" + text.charAt(pos) + "', expected a value");
        }
        pos += word.length();
        return value;
    }

    private void enter() {
        if (++depth > maxDepth) {
            throw error("nested deeper than " + maxDepth + " levels");
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The current character, or {@code 0} at the end (never valid where a token is expected). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String hex4(char c) {
        return String.format("%04X", (int) c);
    }

    private MalformedJsonException error(String message) {
        if (pos >= text.length() && !message.startsWith("unexpected end") && !message.startsWith("unterminated")) {
            message = message + ", found the end of input";
        }
        return new MalformedJsonException(message, pos);
    }
}
