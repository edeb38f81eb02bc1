package io.queryhound.it.apps.failing;

import java.sql.SQLException;

/** The vendor's own exception type, with its own SQLState and error code, as real drivers have. */
public final class FailingDriverException extends SQLException {

    private static final long serialVersionUID = 1L;

    public static final String SQL_STATE = "XF001";
    public static final int ERROR_CODE = 4711;

    FailingDriverException(String operation, String sql) {
        super("failing driver rejects " + operation + ": " + sql, SQL_STATE, ERROR_CODE);
    }
}
