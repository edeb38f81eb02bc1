package io.queryhound.junit;

/**
 * A block of code without a result whose queries are recorded; it may throw, and what it throws
 * reaches the caller unchanged. Blocks with a result are {@link java.util.concurrent.Callable}s.
 */
@FunctionalInterface
public interface QueryBlock {

    void run() throws Exception;
}
