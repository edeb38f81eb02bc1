package io.queryhound.agent.cli;

/** Thrown by {@link JsonReader} for text that is not exactly one JSON value. */
final class MalformedJsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int position;

    MalformedJsonException(String message, int position) {
        super(message + " at character " + position);
        this.position = position;
    }

    /** The 0-based character offset at which the text stopped being JSON. */
    int position() {
        return position;
    }
}
