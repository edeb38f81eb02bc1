/**
 * The few classes that the agent puts on the bootstrap class path, so that its advice (inlined into
 * drivers, pools and servlet containers loaded by any class loader) and every copy of proxy-core in
 * the JVM (the agent's relocated one and the application's own) meet in one place. Only JDK types
 * cross this boundary. Internal: may change at any time.
 */
package io.queryhound.internal.bridge;
