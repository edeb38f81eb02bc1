package io.queryhound.internal.bridge;

/**
 * What receivers work out once per prepared statement (its fingerprint) and keep with it, so that later
 * executions skip the work. Two pairs of owner and value: one per copy of proxy-core that receives the
 * statement's executions (the agent's own and, at most, the application's). A receiver claims a free pair or
 * the one it owns and checks that a value is still for the execution's SQL before using it. The agent's record
 * of a statement is one of these, so keeping them allocates nothing of its own.
 */
public class StatementMemo {
    public Object owner;
    public Object value;
    public Object otherOwner;
    public Object otherValue;
}
