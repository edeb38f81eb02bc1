package io.queryhound.it.apps;

import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * What the test applications' own JDBC drivers have in common: they answer for the URLs that start with their
 * prefix, version 1.0, no properties, no logger. Subclasses only connect.
 */
public abstract class PrefixDriver implements Driver {

    private final String urlPrefix;

    protected PrefixDriver(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    @Override
    public final boolean acceptsURL(String url) {
        return url != null && url.startsWith(urlPrefix);
    }

    /** {@code url} without the prefix; call only for a URL this driver accepts. */
    protected final String rest(String url) {
        return url.substring(urlPrefix.length());
    }

    @Override
    public final DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public final int getMajorVersion() {
        return 1;
    }

    @Override
    public final int getMinorVersion() {
        return 0;
    }

    @Override
    public final boolean jdbcCompliant() {
        return false;
    }

    @Override
    public final Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no logger");
    }
}
