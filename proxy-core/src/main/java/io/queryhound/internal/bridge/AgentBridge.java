package io.queryhound.internal.bridge;

import java.util.Arrays;

/**
 * Where the agent's advice and every copy of proxy-core in the JVM meet. When the agent is attached
 * this class is loaded by the bootstrap class loader, so all of them see the same one; without the
 * agent it is an ordinary class of proxy-core's that nobody attaches to.
 *
 * <p>Advice calls {@link #hooks()}, which is {@link Hooks#NONE} until the agent installs its own.
 * Each copy of proxy-core that wants the agent's executions registers one {@link CaptureReceiver}.
 */
public final class AgentBridge {

    private static volatile Hooks hooks = Hooks.NONE;
    private static volatile CaptureReceiver[] receivers = new CaptureReceiver[0];
    private static volatile String agentVersion;
    private static volatile boolean parameterValuesWanted;
    private static volatile boolean boundValuesWanted;

    private AgentBridge() {
    }

    /** Hot path: what advice calls into. */
    public static Hooks hooks() {
        return hooks;
    }

    /**
     * Called once by the agent when its instrumentation is installed. Tests of the agent's parts
     * detach again with {@code attach(Hooks.NONE, null)}.
     */
    public static void attach(Hooks installed, String version) {
        hooks = installed == null ? Hooks.NONE : installed;
        agentVersion = version;
    }

    /**
     * True when the QueryHound agent captures this JVM's JDBC calls; proxy-core then registers a
     * receiver instead of wrapping DataSources, so nothing is counted twice.
     */
    public static boolean isAgentAttached() {
        return agentVersion != null;
    }

    /** The attached agent's version, or null. */
    public static String agentVersion() {
        return agentVersion;
    }

    /** Registers {@code receiver} once (a second registration of the same receiver is ignored). */
    public static synchronized void register(CaptureReceiver receiver) {
        for (CaptureReceiver known : receivers) {
            if (known == receiver) {
                return;
            }
        }
        CaptureReceiver[] grown = Arrays.copyOf(receivers, receivers.length + 1);
        grown[receivers.length] = receiver;
        receivers = grown;
    }

    /** Removes {@code receiver}: a copy of QueryHound with nothing left to receive, or a test's. */
    public static synchronized void unregister(CaptureReceiver receiver) {
        CaptureReceiver[] kept = new CaptureReceiver[receivers.length];
        int count = 0;
        for (CaptureReceiver known : receivers) {
            if (known != receiver) {
                kept[count++] = known;
            }
        }
        receivers = Arrays.copyOf(kept, count);
    }

    /** Hot path: the registered receivers; the array is never modified after publication. */
    public static CaptureReceiver[] receivers() {
        return receivers;
    }

    /**
     * Some engine writes samples of bound values ({@code logParameters=true}): from now on the agent
     * keeps a short rendering of each value bound to a statement. Never unset: a rare opt-in.
     */
    public static void wantParameterValues() {
        parameterValuesWanted = true;
    }

    /** Hot path: whether bound values must be rendered and kept (see {@link #wantParameterValues}). */
    public static boolean parameterValuesWanted() {
        return parameterValuesWanted;
    }

    /**
     * Some engine explains slow statements ({@code explain=true}, issue 8): from now on the agent keeps the
     * values bound to each open statement (a reference per value, in an array of the statement's that is
     * reused), so that a slow execution's values can be copied and bound again for its EXPLAIN. Never unset.
     */
    public static void wantBoundValues() {
        boundValuesWanted = true;
    }

    /** Hot path: whether the values bound to statements must be kept (see {@link #wantBoundValues}). */
    public static boolean boundValuesWanted() {
        return boundValuesWanted;
    }
}
