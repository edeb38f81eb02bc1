package io.queryhound.internal.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, bounded JSON reader for the plans PostgreSQL and MySQL print: objects become
 * {@code Map<String, Object>} (in document order), arrays {@code List<Object>}, numbers {@code Double},
 * strings, booleans and {@link #NULL}. Strict (RFC 8259: no comments, no trailing commas, no
 * {@code NaN}, no duplicate keys, nothing after the value) because a plan that does not parse cleanly is
 * better reported as unreadable than half read; bounded in size and depth because the text comes from a
 * server and is read on QueryHound's own thread, whose stack and memory must not depend on it.
 *
 * <p>Hand-written rather than a dependency for the reason {@code JsonLine} gives: the agent must carry
 * nothing that can clash with the application's own JSON library.
 */
final class PlanJson {

    /** JSON {@code null}, distinct from a missing key. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Characters of plan text read at most: a plan of a 50-way join with BUFFERS is about 200 KB. */
    static final int MAX_LENGTH = 4 * 1024 * 1024;
    /** Nesting of objects and arrays; a PostgreSQL plan node costs two levels (object, "Plans" array). */
    static final int MAX_DEPTH = 256;

    private final String text;
    private int pos;
    private int depth;

    private PlanJson(String text) {
        this.text = text;
    }

    /** The value of {@code text}; throws {@link UnreadablePlanException} saying where and why it is not JSON. */
    static Object parse(String text) {
        if (text == null) {
            throw new UnreadablePlanException("no plan text");
        }
        if (text.length() > MAX_LENGTH) {
            throw new UnreadablePlanException("plan of " + text.length() + " characters exceeds the "
                    + MAX_LENGTH + "-character limit");
        }
        PlanJson reader = new PlanJson(text);
        reader.skipWhitespace();
        Object value = reader.value();
        reader.skipWhitespace();
        if (reader.pos != text.length()) {
            throw reader.error("unexpected text after the JSON value");
        }
        return value;
    }

    private Object value() {
        if (pos >= text.length()) {
            throw error("unexpected end of plan text");
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
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object() {
        enter();
        pos++; // {
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return Collections.unmodifiableMap(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = value();
            if (members.putIfAbsent(name, value) != null) {
                throw error("duplicate member \"" + name + "\"");
            }
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return Collections.unmodifiableMap(members);
            }
            if (c != ',') {
                throw error("expected ',' or '}'", pos - 1);
            }
        }
    }

    private List<Object> array() {
        enter();
        pos++; // [
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return Collections.unmodifiableList(items);
        }
        while (true) {
            skipWhitespace();
            items.add(value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return Collections.unmodifiableList(items);
            }
            if (c != ',') {
                throw error("expected ',' or ']'", pos - 1);
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = null;
        int start = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string", start - 1);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String value = out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
                pos++;
                return value;
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, start, pos);
                out.append(escape());
                start = pos;
            } else {
                pos++;
            }
        }
    }

    /** Reads the escape sequence at {@code pos} (a backslash) and returns the character it stands for. */
    private char escape() {
        if (pos + 1 >= text.length()) {
            throw error("unterminated escape");
        }
        char c = text.charAt(pos + 1);
        pos += 2;
        switch (c) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (pos + 4 > text.length()) {
                    throw error("short \\u escape");
                }
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(text.charAt(pos + i), 16);
                    if (digit < 0) {
                        throw error("bad \\u escape");
                    }
                    code = code * 16 + digit;
                }
                pos += 4;
                return (char) code;
            default:
                throw error("bad escape '\\" + c + "'", pos - 2);
        }
    }

    private Double number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("bad number", start);
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("bad number", start);
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("bad number", start);
            }
            digits();
        }
        return Double.valueOf(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected word");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The character at {@code pos}, or U+0000 (never valid where it is tested) at the end. */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
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

    private UnreadablePlanException error(String what) {
        return error(what, pos);
    }

    private UnreadablePlanException error(String what, int at) {
        // The position only: the plan text itself may hold bound values (PostgreSQL prints them in
        // filters), which must not reach a message.
        return new UnreadablePlanException("plan is not valid JSON: " + what + " at character " + at);
    }

    // ---------------------------------------------------------------- typed access for the plan readers

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asArray(Object value) {
        return value instanceof List ? (List<Object>) value : null;
    }

    static String string(Map<String, Object> object, String name) {
        Object value = object.get(name);
        return value instanceof String ? (String) value : null;
    }

    static boolean isTrue(Map<String, Object> object, String name) {
        return Boolean.TRUE.equals(object.get(name));
    }

    /**
     * A number member, also when written as a string (MySQL writes costs as {@code "12.50"});
     * {@code NaN} when missing or not a number.
     */
    static double number(Map<String, Object> object, String name) {
        Object value = object.get(name);
        if (value instanceof Double) {
            return (Double) value;
        }
        if (value instanceof String) {
            try {
                return Double.parseDouble(((String) value).trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** {@link #number} rounded to a count, or {@code -1} when unknown. */
    static long count(Map<String, Object> object, String name) {
        double value = number(object, name);
        return Double.isNaN(value) || value < 0 ? -1 : Math.round(value);
    }
}
