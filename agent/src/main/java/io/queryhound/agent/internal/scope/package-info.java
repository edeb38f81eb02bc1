/**
 * Scope openers: the advice that makes an HTTP request (servlet containers, the JDK's HTTP server)
 * or an invocation of a configured method one QueryHound scope. Each {@code *Instrumentation} says
 * what to match; its nested {@code *Advice} classes are bytecode templates inlined into application
 * and container classes, calling {@link io.queryhound.internal.bridge.AgentBridge} and nothing else
 * of ours. Internal: may change at any time.
 */
package io.queryhound.agent.internal.scope;
