package io.queryhound.it.apps.reliability;

import io.queryhound.it.apps.PrefixDriver;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A delegating driver for {@code jdbc:faulty:<H2 URL without jdbc:h2:>}, as a tracing driver would be: it connects
 * through the real H2 driver and hands out its connections, prepared statements and results behind its own classes,
 * which fail where {@link ArmedFaults} says, once. Everything else is H2's own behaviour.
 */
public final class FaultyDriver extends PrefixDriver {

    public static final String URL_PREFIX = "jdbc:faulty:";

    private final Driver h2 = new org.h2.Driver();

    public FaultyDriver() {
        super(URL_PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        return new FaultyConnection(h2.connect("jdbc:h2:" + rest(url), info));
    }
}
