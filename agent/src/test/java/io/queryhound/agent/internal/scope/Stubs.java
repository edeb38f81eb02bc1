package io.queryhound.agent.internal.scope;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Servlet requests and responses as the advice needs them: a few answers, defaults for the rest. */
final class Stubs {

    private Stubs() {
    }

    /** An implementation of {@code type} answering {@code answers} by method name, and 0/false/null otherwise. */
    static <T> T of(Class<T> type, Map<String, Object> answers) {
        Object stub = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return type.getSimpleName() + " stub " + answers;
                default:
                    break;
            }
            if (answers.containsKey(method.getName())) {
                return answers.get(method.getName());
            }
            Class<?> returns = method.getReturnType();
            if (returns == boolean.class) {
                return false;
            }
            if (returns == long.class) {
                return 0L;
            }
            if (returns == int.class) {
                return 0;
            }
            return null;
        });
        return type.cast(stub);
    }
}
