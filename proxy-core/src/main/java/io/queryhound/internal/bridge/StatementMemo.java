package io.queryhound.internal.bridge;

/**
 * What the agent's own engine works out once per prepared statement (its fingerprint) and keeps with it, so
 * that later executions skip the work. The agent's record of a statement is one of these, so keeping it
 * allocates nothing of its own. Only the agent's own copy of proxy-core writes here: a copy in the
 * application's class loader must not be kept reachable from the agent's records, or a redeployed
 * application could never be collected while its statements live on in a container's pool.
 */
public class StatementMemo {
    /** The receiver that wrote {@link #value}. */
    public Object owner;
    /** The receiver's value, which it checks is still for the execution's SQL before using it. */
    public Object value;
}
