package io.queryhound;

import java.util.Objects;

/**
 * A line of application code: the stack frame QueryHound holds responsible for a query, found by
 * skipping the JDK, drivers, pools, ORMs, frameworks, proxies and QueryHound itself. Printed the
 * way a stack trace prints it, so IDEs and log viewers make it a link:
 * {@code com.acme.OrderService.recentOrders(OrderService.java:42)}.
 *
 * @param className  the binary class name ({@code com.acme.OrderService})
 * @param methodName the method ({@code recentOrders}; a lambda body shows as {@code lambda$recentOrders$0})
 * @param fileName   the source file, or null when the class was compiled without it
 * @param lineNumber the line, or a negative number when unknown
 */
public record CallSite(String className, String methodName, String fileName, int lineNumber) {

    public CallSite {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
    }

    /** The class name without its package: {@code OrderService}. */
    public String simpleClassName() {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }

    /** {@code com.acme.OrderService.recentOrders(OrderService.java:42)}, as in a stack trace. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(className.length() + methodName.length() + 32)
                .append(className).append('.').append(methodName).append('(');
        if (fileName == null) {
            text.append("Unknown Source");
        } else {
            text.append(fileName);
            if (lineNumber >= 0) {
                text.append(':').append(lineNumber);
            }
        }
        return text.append(')').toString();
    }
}
