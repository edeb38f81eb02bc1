package io.queryhound.internal.suppress;

import io.queryhound.internal.json.JsonReader;
import io.queryhound.internal.json.MalformedJsonException;

/**
 * A baseline file's text, read with QueryHound's strict {@link JsonReader}, with errors that name the line (a
 * baseline is a file people edit and review). Nesting is bounded low, since a baseline is three levels deep: a
 * hostile file cannot overflow the stack.
 */
final class BaselineJson {

    private static final int MAX_DEPTH = 32;

    private BaselineJson() {
    }

    /**
     * The value {@code text} holds: a {@link java.util.Map} (keys in order), {@link java.util.List}, {@link String},
     * {@link Long} or {@link Double}, {@link Boolean} or null.
     *
     * @throws IllegalArgumentException saying what is wrong and at which line
     */
    static Object parse(String text) {
        try {
            return JsonReader.parse(text, MAX_DEPTH, false);
        } catch (MalformedJsonException e) {
            throw new IllegalArgumentException("not valid JSON at line " + lineOf(text, e.position()) + ": "
                    + e.reason());
        }
    }

    private static int lineOf(String text, int position) {
        int line = 1;
        for (int i = 0, end = Math.min(position, text == null ? 0 : text.length()); i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
