package io.queryhound.it.apps.failing;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A tiny vendor driver for {@code jdbc:failing:} URLs: it connects, prepares and binds, and every execution
 * throws a {@link FailingDriverException}.
 */
public final class FailingDriver implements Driver {

    public static final String URL_PREFIX = "jdbc:failing:";

    @Override
    public Connection connect(String url, Properties info) {
        return acceptsURL(url) ? new FailingConnection(url) : null;
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no logger");
    }

    static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException("failing driver does not support " + what);
    }
}
