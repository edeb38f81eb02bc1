package io.queryhound.internal.suppress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the JSON a baseline file is made of: objects, arrays, strings, numbers, true, false and null,
 * and nothing after the value. Hand-written for the reason {@code JsonLine} is (no library for the agent to carry);
 * small because a baseline is. Nesting is bounded, so a hostile file cannot overflow the stack.
 */
final class BaselineJson {

    private static final int MAX_DEPTH = 32;

    private final String text;
    private int position;

    private BaselineJson(String text) {
        this.text = text;
    }

    /**
     * The value {@code text} holds: a {@link Map} (keys in order), {@link List}, {@link String}, {@link Double},
     * {@link Boolean} or null.
     *
     * @throws IllegalArgumentException saying what is wrong and at which line
     */
    static Object parse(String text) {
        BaselineJson reader = new BaselineJson(text);
        reader.skipSpace();
        Object value = reader.value(0);
        reader.skipSpace();
        if (reader.position < text.length()) {
            throw reader.error("unexpected text after the JSON value");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " levels deep");
        }
        if (position >= text.length()) {
            throw error("the file ends where a value was expected");
        }
        char c = text.charAt(position);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
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
                throw error("unexpected '" + c + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        position++;
        skipSpace();
        if (peek() == '}') {
            position++;
            return object;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a field name in double quotes");
            }
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (object.containsKey(name)) {
                throw error("field '" + name + "' appears twice");
            }
            object.put(name, value(depth + 1));
            skipSpace();
            char c = peek();
            position++;
            if (c == '}') {
                return object;
            }
            if (c != ',') {
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> array = new ArrayList<>();
        position++;
        skipSpace();
        if (peek() == ']') {
            position++;
            return array;
        }
        while (true) {
            skipSpace();
            array.add(value(depth + 1));
            skipSpace();
            char c = peek();
            position++;
            if (c == ']') {
                return array;
            }
            if (c != ',') {
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String string() {
        position++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw error("a string is not closed");
            }
            char c = text.charAt(position++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("a control character inside a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (position >= text.length()) {
                throw error("a string is not closed");
            }
            char escape = text.charAt(position++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (position + 4 > text.length()) {
                        throw error("a \\u escape needs four hex digits");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(position++), 16);
                        if (digit < 0) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                }
                default -> throw error("unknown escape \\" + escape);
            }
        }
    }

    private Double number() {
        int start = position;
        if (peek() == '-') {
            position++;
        }
        int digits = position;
        while (position < text.length() && "0123456789+-.eE".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
        String number = text.substring(start, position);
        if (position == digits || (text.charAt(digits) == '0' && position > digits + 1
                && Character.isDigit(text.charAt(digits + 1)))) {
            throw error("'" + number + "' is not a JSON number");
        }
        try {
            return Double.valueOf(number);
        } catch (NumberFormatException e) {
            throw error("'" + number + "' is not a JSON number");
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, position)) {
            throw error("unexpected '" + text.charAt(position) + "'");
        }
        position += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        position++;
    }

    private char peek() {
        if (position >= text.length()) {
            throw error("the file ends too early");
        }
        return text.charAt(position);
    }

    private void skipSpace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private IllegalArgumentException error(String what) {
        int line = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return new IllegalArgumentException("not valid JSON at line " + line + ": " + what);
    }
}
