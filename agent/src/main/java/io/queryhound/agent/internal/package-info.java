/**
 * The agent's implementation: installation, JDBC capture and scope openers. Internal: may change
 * at any time; the agent's users meet only the {@code -javaagent} flag and its settings.
 */
package io.queryhound.agent.internal;
