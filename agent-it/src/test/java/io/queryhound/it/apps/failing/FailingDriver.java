package io.queryhound.it.apps.failing;

import io.queryhound.it.apps.PrefixDriver;

import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;

/**
 * A tiny vendor driver for {@code jdbc:failing:} URLs: it connects, prepares and binds, and every execution
 * throws a {@link FailingDriverException}.
 */
public final class FailingDriver extends PrefixDriver {

    public static final String URL_PREFIX = "jdbc:failing:";

    public FailingDriver() {
        super(URL_PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) {
        return acceptsURL(url) ? new FailingConnection(url) : null;
    }

    static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException("failing driver does not support " + what);
    }
}
