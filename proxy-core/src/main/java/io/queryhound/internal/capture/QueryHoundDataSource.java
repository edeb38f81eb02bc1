package io.queryhound.internal.capture;

import io.queryhound.SqlDialect;
import io.queryhound.internal.event.Recorder;
import io.queryhound.internal.record.Recordings;
import net.ttddyy.dsproxy.proxy.NanoTimeStopwatchFactory;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.support.ProxyDataSource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A DataSource wrapped for library-mode capture: datasource-proxy's {@link ProxyDataSource} with
 * QueryHound's listener and row-counting results. Being its own type lets
 * {@code isWrapperFor(QueryHoundDataSource.class)} recognise a DataSource that is already captured,
 * through any wrapper that delegates {@code isWrapperFor}, so wrapping twice never counts twice.
 * {@code unwrap} returns the application's real objects.
 */
public final class QueryHoundDataSource extends ProxyDataSource {

    private final String name;

    private QueryHoundDataSource(DataSource target, String name) {
        super(target);
        this.name = name;
    }

    /**
     * Wraps {@code target}; {@code dialect} null means the dialect is read once from the database
     * product name. {@code logParameters} makes every event carry a short rendering of its values, masked per
     * {@code maskColumns}.
     */
    public static DataSource wrap(DataSource target, String name, Recorder recorder, LongSupplier ticker,
                                  SqlDialect dialect, boolean logParameters, List<String> maskColumns) {
        Recordings.markCaptureInstalled();
        if (isCaptured(target)) {
            return target;
        }
        QueryHoundDataSource wrapped = new QueryHoundDataSource(target, name);
        wrapped.setProxyConfig(ProxyConfig.Builder.create()
                .dataSourceName(name)
                .queryListener(new QueryCaptureListener(recorder, ticker, name, dialect, logParameters, maskColumns))
                .resultSetProxyLogicFactory(RowCountingResultSetLogic.FACTORY)
                .methodListener(ImplicitCloseListener.INSTANCE)
                .connectionIdManager(ImplicitCloseListener.CONNECTION_IDS)
                .stopwatchFactory(new NanoTimeStopwatchFactory())
                .build());
        return wrapped;
    }

    /** True when {@code dataSource} is, or wraps, a DataSource QueryHound already captures. */
    public static boolean isCaptured(DataSource dataSource) {
        if (dataSource instanceof QueryHoundDataSource) {
            return true;
        }
        try {
            return dataSource.isWrapperFor(QueryHoundDataSource.class);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The name findings and events carry for this DataSource. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "QueryHoundDataSource[" + name + "]";
    }
}
