package io.queryhound.it.apps.reliability;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * H2's result behind {@link FaultyDriver}: fails at {@link Fault#NEXT} on the call after the third row, the way a
 * connection lost in the middle of a result surfaces, and, after really closing, at {@link Fault#RESULT_CLOSE}.
 */
final class FaultyResultSet extends ForwardingResultSet {

    private static final int ROWS_BEFORE_FAULT = 3;

    private final FaultyPreparedStatement statement;
    private int rowsRead;

    FaultyResultSet(FaultyPreparedStatement statement, ResultSet h2) {
        super(h2);
        this.statement = statement;
    }

    @Override
    public boolean next() throws SQLException {
        if (rowsRead == ROWS_BEFORE_FAULT) {
            ArmedFaults.fire(Fault.NEXT);
        }
        boolean row = delegate.next();
        if (row) {
            rowsRead++;
        }
        return row;
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
        ArmedFaults.fire(Fault.RESULT_CLOSE);
    }
}
