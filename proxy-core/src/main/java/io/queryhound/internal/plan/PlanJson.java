package io.queryhound.internal.plan;

import io.queryhound.internal.json.JsonReader;
import io.queryhound.internal.json.MalformedJsonException;

import java.util.List;
import java.util.Map;

/**
 * The plans PostgreSQL and MySQL print, read with QueryHound's strict {@link JsonReader}: objects become
 * {@code Map<String, Object>} (in document order), arrays {@code List<Object>}, numbers {@code Long} or
 * {@code Double}, strings, booleans and null. Strict (no comments, no trailing commas, no duplicate keys,
 * nothing after the value) because a plan that does not parse cleanly is better reported as unreadable than
 * half read; bounded in size and depth because the text comes from a server and is read on QueryHound's own
 * thread, whose stack and memory must not depend on it.
 */
final class PlanJson {

    /** Characters of plan text read at most: a plan of a 50-way join with BUFFERS is about 200 KB. */
    static final int MAX_LENGTH = 4 * 1024 * 1024;
    /** Nesting of objects and arrays; a PostgreSQL plan node costs two levels (object, "Plans" array). */
    static final int MAX_DEPTH = 256;

    private PlanJson() {
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
        try {
            return JsonReader.parse(text, MAX_DEPTH, true);
        } catch (MalformedJsonException e) {
            // What and where only (one character at most): the plan itself may hold bound values, which
            // PostgreSQL prints in filters, and they must not reach a message.
            throw new UnreadablePlanException("plan is not valid JSON: " + e.getMessage());
        }
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
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
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
