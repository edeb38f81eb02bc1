package io.queryhound.testing;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A DataSource over a real one that notes the text and the thread of every statement prepared or created
 * on its connections, so a test can tell which thread ran what (the EXPLAINs QueryHound runs on a
 * connection of its own from the application's DataSource). It changes nothing: every call reaches the
 * real object, and what it throws reaches the caller unchanged.
 */
public final class StatementSpy {

    /** One statement text and the thread that prepared it. */
    public record Prepared(String sql, String thread) {
        public boolean isExplain() {
            return sql.stripLeading().toUpperCase(Locale.ROOT).startsWith("EXPLAIN");
        }
    }

    private final List<Prepared> prepared = new ArrayList<>();

    /** {@code target} with every statement prepared on its connections noted. */
    public DataSource over(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                forward(target, (method, args, result) -> result instanceof Connection c ? connection(c) : result));
    }

    /** Everything noted so far. */
    public synchronized List<Prepared> prepared() {
        return List.copyOf(prepared);
    }

    /** The EXPLAIN statements noted so far. */
    public synchronized List<Prepared> explains() {
        List<Prepared> explains = new ArrayList<>();
        for (Prepared p : prepared) {
            if (p.isExplain()) {
                explains.add(p);
            }
        }
        return explains;
    }

    private synchronized void note(String sql) {
        prepared.add(new Prepared(sql, Thread.currentThread().getName()));
    }

    private Connection connection(Connection target) {
        // Noted before the call: a statement the database refuses fails in prepare, and counts too.
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                        note(sql);
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private interface After {
        Object apply(java.lang.reflect.Method method, Object[] args, Object result);
    }

    private static InvocationHandler forward(Object target, After after) {
        return (proxy, method, args) -> {
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }
}
