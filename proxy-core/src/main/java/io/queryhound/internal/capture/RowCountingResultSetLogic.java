package io.queryhound.internal.capture;

import io.queryhound.internal.config.Diagnostics;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.ProxyLogicSupport;
import net.ttddyy.dsproxy.proxy.ResultSetProxyLogic;
import net.ttddyy.dsproxy.proxy.ResultSetProxyLogicFactory;

import java.lang.reflect.Method;
import java.sql.ResultSet;

/**
 * The library-mode ResultSet proxy: passes every call to the driver's result unchanged (its
 * exceptions included) and counts {@code next()} calls that returned a row. It skips
 * datasource-proxy's per-call method-listener machinery, which would allocate on every row.
 */
final class RowCountingResultSetLogic extends ProxyLogicSupport implements ResultSetProxyLogic {

    static final ResultSetProxyLogicFactory FACTORY = RowCountingResultSetLogic::new;

    private final ResultSet target;
    private final ProxyConfig proxyConfig;
    private final ResultRowCounter counter;

    private RowCountingResultSetLogic(ResultSet target, ConnectionInfo connectionInfo, ProxyConfig proxyConfig) {
        this.target = target;
        this.proxyConfig = proxyConfig;
        this.counter = openedSafely();
    }

    private static ResultRowCounter openedSafely() {
        try {
            return ResultRowCounter.opened();
        } catch (Throwable e) {
            Diagnostics.internalError("result capture", e);
            return new ResultRowCounter();
        }
    }

    /** Hot path (once per ResultSet call). */
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (isCommonMethod(name)) {
            return handleCommonMethod(name, target, proxyConfig, args);
        }
        Object result = proceedExecution(method, target, args);
        if (name.equals("next")) {
            if (Boolean.TRUE.equals(result)) {
                counter.rowRead();
            } else {
                counter.finish();
            }
        } else if (name.equals("close")) {
            counter.finish();
        }
        return result;
    }

    @Override
    protected Object performProxyLogic(Object proxy, Method method, Object[] args,
                                       MethodExecutionContext methodContext) throws Throwable {
        return invoke(proxy, method, args);
    }
}
