package io.queryhound.internal.json;

/** Thrown by {@link JsonReader} for text that is not exactly one JSON value. */
public final class MalformedJsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int position;

    MalformedJsonException(String reason, int position) {
        super(reason + " at character " + position);
        this.reason = reason;
        this.position = position;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    /** The 0-based character offset at which the text stopped being JSON. */
    public int position() {
        return position;
    }
}
