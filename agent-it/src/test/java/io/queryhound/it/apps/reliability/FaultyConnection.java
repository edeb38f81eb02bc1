package io.queryhound.it.apps.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * H2's connection behind {@link FaultyDriver}: fails at {@link Fault#PREPARE} and, after really closing, at
 * {@link Fault#CONNECTION_CLOSE}. Only {@code prepareStatement(String)} hands out a faulty statement; the
 * applications prepare nothing else through it.
 */
final class FaultyConnection extends ForwardingConnection {

    FaultyConnection(Connection h2) {
        super(h2);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        ArmedFaults.fire(Fault.PREPARE);
        return new FaultyPreparedStatement(this, delegate.prepareStatement(sql));
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
        ArmedFaults.fire(Fault.CONNECTION_CLOSE);
    }
}
