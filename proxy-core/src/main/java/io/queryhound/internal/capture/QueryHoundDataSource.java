package io.queryhound.internal.capture;

import io.queryhound.SqlDialect;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.event.Recorder;
import io.queryhound.internal.record.Recordings;
import net.ttddyy.dsproxy.DataSourceProxyException;
import net.ttddyy.dsproxy.proxy.NanoTimeStopwatchFactory;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.support.ProxyDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A DataSource wrapped for library-mode capture: datasource-proxy's {@link ProxyDataSource} with
 * QueryHound's listener and row-counting results. Being its own type lets
 * {@code isWrapperFor(QueryHoundDataSource.class)} recognise a DataSource that is already captured,
 * through any wrapper that delegates {@code isWrapperFor}, so wrapping twice never counts twice.
 * {@code unwrap} returns the application's real objects. It also times {@code getConnection}, for
 * slow-connection findings.
 */
public final class QueryHoundDataSource extends ProxyDataSource {

    private final String name;
    private final Recorder recorder;
    private final LongSupplier ticker;

    private QueryHoundDataSource(DataSource target, String name, Recorder recorder, LongSupplier ticker) {
        super(target);
        this.name = name;
        this.recorder = recorder;
        this.ticker = ticker;
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
        QueryHoundDataSource wrapped = new QueryHoundDataSource(target, name, recorder, ticker);
        wrapped.setProxyConfig(ProxyConfig.Builder.create()
                .dataSourceName(name)
                .queryListener(new QueryCaptureListener(recorder, ticker, name, dialect, logParameters, maskColumns,
                        target))
                .resultSetProxyLogicFactory(RowCountingResultSetLogic.FACTORY)
                .methodListener(ImplicitCloseListener.INSTANCE)
                .connectionIdManager(ImplicitCloseListener.CONNECTION_IDS)
                .stopwatchFactory(new NanoTimeStopwatchFactory())
                .build());
        return wrapped;
    }

    @Override
    public Connection getConnection() throws SQLException {
        acquisitionStarts();
        boolean failed = true;
        try {
            Connection connection = super.getConnection();
            failed = false;
            return connection;
        } catch (DataSourceProxyException e) {
            throw targetsOwn(e);
        } finally {
            acquisitionEnds(failed);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        acquisitionStarts();
        boolean failed = true;
        try {
            Connection connection = super.getConnection(username, password);
            failed = false;
            return connection;
        } catch (DataSourceProxyException e) {
            throw targetsOwn(e);
        } finally {
            acquisitionEnds(failed);
        }
    }

    // Once per getConnection, not per query: two ticker reads and two thread-local reads. Only the
    // outermost acquisition on the thread is reported (a wrapped DataSource over another wrapped one,
    // or under the agent), with the time the application waited.
    private void acquisitionStarts() {
        try {
            CaptureState.current().enterAcquisition(ticker.getAsLong());
        } catch (Throwable e) {
            Diagnostics.internalError("connection capture", e);
        }
    }

    private void acquisitionEnds(boolean failed) {
        try {
            CaptureState state = CaptureState.current();
            if (state.exitAcquisition()) {
                recorder.connectionAcquired(name, ticker.getAsLong() - state.acquisitionStartNanos(), failed);
            }
        } catch (Throwable e) {
            Diagnostics.internalError("connection capture", e);
        }
    }

    /**
     * datasource-proxy wraps whatever the target's {@code getConnection} threw other than an
     * SQLException (a pool's RuntimeException, an Error) in its own exception; the application
     * gets the original, as it would without QueryHound.
     */
    private static RuntimeException targetsOwn(DataSourceProxyException wrapper) {
        Throwable cause = wrapper.getCause();
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof RuntimeException runtime ? runtime : wrapper;
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

    /**
     * The application's DataSource under this wrapper, for connections whose statements must not be
     * reported (EXPLAINs); {@code dataSource} itself when it is not a QueryHound wrapper.
     */
    public static DataSource unwrapped(DataSource dataSource) {
        return dataSource instanceof QueryHoundDataSource wrapped ? wrapped.getDataSource() : dataSource;
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
