package io.queryhound.it.apps.reliability;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * The points where {@link FaultyDriver}'s objects can fail, each with the exception a real driver would throw
 * there: its own subclass of SQLException, SQLState and vendor code, so that a change to any of them on the way to
 * the application shows.
 */
public enum Fault {

    PREPARE {
        @Override
        SQLException exception() {
            return new SQLSyntaxErrorException("injected fault at prepare", "42000", 4201);
        }
    },
    EXECUTE {
        @Override
        SQLException exception() {
            return new SQLTimeoutException("injected fault at execute", "HYT00", 4202);
        }
    },
    /** The fourth call of {@code next()}: three rows have been read. */
    NEXT {
        @Override
        SQLException exception() {
            return new SQLNonTransientConnectionException("injected fault at next", "08S01", 4203,
                    new IOException("connection reset (injected)"));
        }
    },
    RESULT_CLOSE {
        @Override
        SQLException exception() {
            return new SQLRecoverableException("injected fault at result close", "08003", 4204);
        }
    },
    STATEMENT_CLOSE {
        @Override
        SQLException exception() {
            return new SQLTransientConnectionException("injected fault at statement close", "08001", 4205);
        }
    },
    CONNECTION_CLOSE {
        @Override
        SQLException exception() {
            return new SQLException("injected fault at connection close", "08006", 4206);
        }
    };

    /** A new exception for this point. */
    abstract SQLException exception();
}
