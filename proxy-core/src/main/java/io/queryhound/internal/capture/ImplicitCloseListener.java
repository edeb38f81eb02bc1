package io.queryhound.internal.capture;

import io.queryhound.internal.config.Diagnostics;
import net.ttddyy.dsproxy.ConnectionIdManager;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sees {@code Statement.close()} and {@code Connection.close()} in library mode, which close their
 * open results without calling the results' own {@code close()}, so the rows read from those results
 * are still reported.
 */
final class ImplicitCloseListener implements MethodExecutionListener {

    static final ImplicitCloseListener INSTANCE = new ImplicitCloseListener();

    /**
     * Connection ids unique across every captured DataSource in the JVM, so that closing a connection
     * of one DataSource never finishes results of another. Unlike datasource-proxy's own managers it
     * keeps no set of open ids: no lock per checkout and nothing to leak when a connection is lost.
     */
    static final ConnectionIdManager CONNECTION_IDS = new ConnectionIdManager() {
        private final AtomicLong counter = new AtomicLong();

        @Override
        public String getId(Connection connection) {
            return Long.toString(counter.incrementAndGet());
        }

        @Override
        public void addClosedId(String closedId) {
        }

        @Override
        public Set<String> getOpenConnectionIds() {
            return Set.of();
        }
    };

    @Override
    public void beforeMethod(MethodExecutionContext context) {
    }

    /** Hot path (every Connection and Statement call): one string comparison unless it is close(). */
    @Override
    public void afterMethod(MethodExecutionContext context) {
        if (!"close".equals(context.getMethod().getName())) {
            return;
        }
        try {
            Object target = context.getTarget();
            if (target instanceof Statement) {
                CaptureState.current().statementClosed(target);
            } else if (target instanceof Connection) {
                ConnectionInfo info = context.getConnectionInfo();
                if (info != null && info.getConnectionId() != null) {
                    CaptureState.current().connectionClosed(info.getConnectionId());
                }
            }
        } catch (Throwable e) {
            Diagnostics.internalError("result close tracking", e);
        }
    }
}
