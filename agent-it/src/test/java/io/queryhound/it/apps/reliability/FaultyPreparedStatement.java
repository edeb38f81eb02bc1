package io.queryhound.it.apps.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * H2's prepared statement behind {@link FaultyDriver}: fails at {@link Fault#EXECUTE} (before H2 runs anything)
 * and, after really closing, at {@link Fault#STATEMENT_CLOSE}.
 */
final class FaultyPreparedStatement extends ForwardingPreparedStatement {

    private final FaultyConnection connection;

    FaultyPreparedStatement(FaultyConnection connection, PreparedStatement h2) {
        super(h2);
        this.connection = connection;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        ArmedFaults.fire(Fault.EXECUTE);
        return new FaultyResultSet(this, delegate.executeQuery());
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        ResultSet result = delegate.getResultSet();
        return result == null ? null : new FaultyResultSet(this, result);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
        ArmedFaults.fire(Fault.STATEMENT_CLOSE);
    }
}
