package io.queryhound.agent.internal.scope;

import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.bridge.Hooks;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake of the agent's scope hooks that records what the advice called, behaving as the real one
 * does where the advice depends on it: an HTTP scope entered while another is open on the thread
 * returns null, and {@code scopeExit(null)} does nothing.
 *
 * <p>It is attached to every copy of the bridge that instrumented code may call: the test class
 * loader's, and the bootstrap class path's when a test put one there (code in JDK modules such as
 * {@code jdk.httpserver} sees only that one). The bootstrap copy's {@code Hooks} is a different
 * interface, so it gets a {@link Proxy} that forwards to this recorder.
 */
final class RecordingHooks implements Hooks, AutoCloseable {

    private static volatile RecordingHooks active;

    private final List<String> events = new ArrayList<>();
    private final ThreadLocal<Deque<Token>> open = ThreadLocal.withInitial(ArrayDeque::new);
    private final AtomicInteger enterCalls = new AtomicInteger();
    private final AtomicInteger exitCalls = new AtomicInteger();
    private volatile RuntimeException enterFailure;
    private volatile RuntimeException exitFailure;

    private RecordingHooks() {
    }

    /** A new recorder, attached to every bridge in the JVM until {@link #close()}. */
    static RecordingHooks attach() {
        RecordingHooks hooks = new RecordingHooks();
        AgentBridge.attach(hooks, "test");
        Class<?> boot = bootstrapBridge();
        if (boot != null) {
            attachToBootstrapCopy(boot, hooks.forwarderFor(), "test");
        }
        active = hooks;
        return hooks;
    }

    /** The recorder of the running test, for fixtures to ask which scope they run in. */
    static RecordingHooks active() {
        return active;
    }

    /** The innermost scope open on the calling thread, or null. */
    String current() {
        Token token = open.get().peek();
        return token == null ? null : token.name;
    }

    /** "open HTTP GET /orders/7", "close GET /orders/7", ... in the order they happened. */
    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** scopeEnter calls (nested ones included) minus scopeExit calls: 0 when the advice paired them. */
    int unpairedCalls() {
        return enterCalls.get() - exitCalls.get();
    }

    /** Waits until {@code count} scopes were closed: the server closes one after the client has its response. */
    void awaitClosed(int count, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (events().stream().filter(e -> e.startsWith("close ")).count() < count
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Makes every later scopeEnter and scopeExit throw, as a broken hooks implementation would. */
    void failWith(RuntimeException onEnter, RuntimeException onExit) {
        enterFailure = onEnter;
        exitFailure = onExit;
    }

    @Override
    public Object scopeEnter(String name, int kind) {
        enterCalls.incrementAndGet();
        if (enterFailure != null) {
            throw enterFailure;
        }
        Deque<Token> stack = open.get();
        if (kind == SCOPE_HTTP) {
            for (Token token : stack) {
                if (token.kind == SCOPE_HTTP) {
                    return null;
                }
            }
        }
        Token token = new Token(name, kind);
        stack.push(token);
        record("open " + (kind == SCOPE_HTTP ? "HTTP " : kind == SCOPE_METHOD ? "METHOD " : kind + " ") + name);
        return token;
    }

    @Override
    public void scopeExit(Object token) {
        exitCalls.incrementAndGet();
        if (exitFailure != null) {
            throw exitFailure;
        }
        if (token == null) {
            return;
        }
        Deque<Token> stack = open.get();
        if (stack.peek() != token) {
            record("UNBALANCED close " + ((Token) token).name + " while " + stack.peek() + " is innermost");
        }
        stack.remove(token);
        record("close " + ((Token) token).name);
    }

    @Override
    public void close() {
        AgentBridge.attach(Hooks.NONE, null);
        Class<?> boot = bootstrapBridge();
        if (boot != null) {
            try {
                Class<?> hooksType = Class.forName(Hooks.class.getName(), false, null);
                attachToBootstrapCopy(boot, hooksType.getField("NONE").get(null), null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        active = null;
    }

    private void record(String event) {
        synchronized (events) {
            events.add(event);
        }
    }

    private Object forwarderFor() {
        try {
            Class<?> hooksType = Class.forName(Hooks.class.getName(), false, null);
            return Proxy.newProxyInstance(null, new Class<?>[] {hooksType}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "scopeEnter":
                        return scopeEnter((String) args[0], (Integer) args[1]);
                    case "scopeExit":
                        scopeExit(args[0]);
                        return null;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    case "toString":
                        return "RecordingHooks (bootstrap bridge)";
                    default:
                        return null; // the JDBC hooks: not used by scope tests
                }
            });
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bootstrap class path's copy of the bridge when it is not the one this class sees, else null. */
    private static Class<?> bootstrapBridge() {
        try {
            Class<?> boot = Class.forName(AgentBridge.class.getName(), false, null);
            return boot == AgentBridge.class ? null : boot;
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static void attachToBootstrapCopy(Class<?> bootBridge, Object hooks, String version) {
        try {
            Class<?> hooksType = Class.forName(Hooks.class.getName(), false, null);
            bootBridge.getMethod("attach", hooksType, String.class)
                    .invoke(null, hooks, version);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Token {
        final String name;
        final int kind;

        Token(String name, int kind) {
            this.name = name;
            this.kind = kind;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
