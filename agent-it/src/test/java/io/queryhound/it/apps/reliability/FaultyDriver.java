package io.queryhound.it.apps.reliability;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A delegating driver for {@code jdbc:faulty:<H2 URL without jdbc:h2:>}, as a tracing driver would be: it connects
 * through the real H2 driver and hands out its connections, prepared statements and results behind its own classes,
 * which fail where {@link ArmedFaults} says, once. Everything else is H2's own behaviour.
 */
public final class FaultyDriver implements Driver {

    public static final String URL_PREFIX = "jdbc:faulty:";

    private final Driver h2 = new org.h2.Driver();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        return new FaultyConnection(h2.connect("jdbc:h2:" + url.substring(URL_PREFIX.length()), info));
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
        throw new SQLFeatureNotSupportedException("no logging");
    }
}
