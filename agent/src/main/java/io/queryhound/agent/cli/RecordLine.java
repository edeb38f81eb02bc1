package io.queryhound.agent.cli;

import java.util.Map;

/**
 * One line of QueryHound output as read back: the parsed JSON object with typed access to the
 * fields of docs/output.md and docs/findings.md. A field of the wrong type makes the whole line
 * {@link NotARecordException not a record}, so that a half-understood line never half-counts.
 */
final class RecordLine {

    /** The field-set version this reader understands (the {@code schema} field). */
    static final long SCHEMA = 1;

    /** The line is JSON but not a QueryHound record, or not one with the fields its kind requires. */
    static final class NotARecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotARecordException(String message) {
            super(message);
        }
    }

    private final Map<?, ?> fields;

    private RecordLine(Map<?, ?> fields) {
        this.fields = fields;
    }

    /** {@code json} as a record: an object with a numeric {@code schema} and a string {@code record}. */
    static RecordLine of(Object json) {
        if (!(json instanceof Map)) {
            throw new NotARecordException("not a JSON object");
        }
        RecordLine line = new RecordLine((Map<?, ?>) json);
        line.number("schema");
        line.text("record");
        return line;
    }

    long schema() {
        return count("schema");
    }

    /** The record's kind: {@code finding}, {@code findingSummary} or {@code statistics}. */
    String kind() {
        return text("record");
    }

    /** A string field that must be present and not null. */
    String text(String name) {
        String value = nullableText(name);
        if (value == null) {
            throw new NotARecordException("'" + name + "' is missing");
        }
        return value;
    }

    /** A string field that may be absent or null. */
    String nullableText(String name) {
        Object value = fields.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new NotARecordException("'" + name + "' is not a string");
    }

    /** A whole number (counts, rows, occurrences); {@code 12.0} is accepted, {@code 12.5} is not. */
    long count(String name) {
        Object value = number(name);
        if (value instanceof Long) {
            return (Long) value;
        }
        double d = (Double) value;
        if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw new NotARecordException("'" + name + "' is not a whole number");
        }
        return (long) d;
    }

    /** A number of milliseconds. */
    double millis(String name) {
        Object value = number(name);
        return value instanceof Long ? (double) (Long) value : (Double) value;
    }

    /** A nested object, or null when absent. */
    RecordLine nullableObject(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw new NotARecordException("'" + name + "' is not an object");
        }
        return new RecordLine((Map<?, ?>) value);
    }

    /** A boolean field; absent or null is false. */
    boolean bool(String name) {
        Object value = fields.get(name);
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        throw new NotARecordException("'" + name + "' is not true or false");
    }

    boolean has(String name) {
        return fields.get(name) != null;
    }

    private Object number(String name) {
        Object value = fields.get(name);
        if (value instanceof Long || value instanceof Double) {
            return value;
        }
        throw new NotARecordException(value == null ? "'" + name + "' is missing" : "'" + name + "' is not a number");
    }
}
