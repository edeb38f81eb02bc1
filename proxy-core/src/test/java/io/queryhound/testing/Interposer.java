package io.queryhound.testing;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;

/**
 * Puts a small interceptor between a test and a real JDBC object, to make a real driver fail on
 * demand or to count the calls QueryHound makes. Everything not intercepted reaches the real object,
 * and the real object's exceptions come out unchanged.
 */
public final class Interposer {

    /** One intercepted call: decide what to return, usually by calling {@link #invoke}. */
    @FunctionalInterface
    public interface Call {
        Object handle(Object target, Object proxy, Method method, Object[] args) throws Throwable;
    }

    private Interposer() {
    }

    /** A proxy of {@code type} that routes every call on {@code target} through {@code call}. */
    public static <T> T proxy(Class<T> type, T target, Call call) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (proxy, method, args) -> call.handle(target, proxy, method, args)));
    }

    /** A DataSource over {@code real} whose connections route every call through {@code onConnection}. */
    public static DataSource connections(DataSource real, Call onConnection) {
        return proxy(DataSource.class, real, (target, proxy, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection connection
                    ? proxy(Connection.class, connection, onConnection)
                    : result;
        });
    }

    /** Calls {@code method} on {@code target}, rethrowing what it threw as it was. */
    public static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }
}
