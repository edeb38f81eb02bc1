package io.queryhound.internal.bridge;

/**
 * What the agent's advice calls, one method per instrumented JDBC or scope event. Arguments are the
 * application's own objects typed {@code Object}, because advice runs inside classes of every class
 * loader. Implementations never throw; advice also suppresses anything thrown, so a failure here can
 * never reach the application.
 *
 * <p>Calls that come in enter/exit pairs return a token from the enter call that the exit call gets
 * back; a nested call on the same thread (a pool's proxy calling the driver) returns null and its
 * exit only balances the depth.
 */
public interface Hooks {

    /** Scope kinds for {@link #scopeEnter}. */
    int SCOPE_HTTP = 0;
    int SCOPE_METHOD = 1;
    /** A scope an application opened in code with its copy of QueryHound, mirrored in the agent's engine. */
    int SCOPE_CODE = 2;
    /** The same for a test method's scope (the JUnit extension's). */
    int SCOPE_TEST = 3;

    /** Does nothing: what advice sees until the agent is installed, and after it is switched off. */
    Hooks NONE = new Hooks() {
    };

    /** {@code Connection.prepareStatement/prepareCall/createStatement} returned {@code statement}; sql is null for createStatement. */
    default void statementCreated(Object connection, Object statement, String sql) {
    }

    /**
     * Hot path: {@code PreparedStatement.setXxx(position, value, ...)}; {@code position} is the index
     * (an Integer) or, for a {@code CallableStatement}, the parameter name; {@code value} null for setNull.
     */
    default void parameterSet(Object statement, Object position, Object value) {
    }

    /** Hot path: {@code setInt(index, value)}, given unboxed so that binding allocates nothing. */
    default void intParameterSet(Object statement, int position, int value) {
        parameterSet(statement, position, value);
    }

    /** Hot path: {@code setLong(index, value)}, given unboxed. */
    default void longParameterSet(Object statement, int position, long value) {
        parameterSet(statement, position, value);
    }

    /** {@code PreparedStatement.clearParameters()}. */
    default void parametersCleared(Object statement) {
    }

    /** {@code addBatch()} (sql null) or {@code Statement.addBatch(sql)}. */
    default void batchAdded(Object statement, String sql) {
    }

    /** {@code clearBatch()}. */
    default void batchCleared(Object statement) {
    }

    /** Hot path: an execute method starts; {@code sql} is its SQL argument, null for a prepared statement. */
    default Object executeEnter(Object statement, String sql, boolean batch) {
        return null;
    }

    /** Hot path: the execute method ended with {@code result} or {@code thrown}. */
    default void executeExit(Object token, Object result, Throwable thrown) {
    }

    /** {@code Statement.close()}. */
    default void statementClosed(Object statement) {
    }

    /** {@code Statement.getResultSet()} returned {@code resultSet}. */
    default void resultReturned(Object statement, Object resultSet) {
    }

    /** Hot path, once per row: {@code ResultSet.next()} returned {@code hasRow}. */
    default void rowRead(Object resultSet, boolean hasRow) {
    }

    /** {@code ResultSet.close()}. */
    default void resultClosed(Object resultSet) {
    }

    /**
     * QueryHound's own JDBC work begins on this thread (an EXPLAIN and its catalogue queries): until the
     * matching {@link #quietEnd()}, the agent records none of the thread's executions and acquisitions, so
     * they are never reported as the application's queries. Calls nest; each must be paired.
     */
    default void quietBegin() {
    }

    /** Ends what the matching {@link #quietBegin()} began. */
    default void quietEnd() {
    }

    /** {@code DataSource.getConnection} or {@code Driver.connect} starts. */
    default Object acquireEnter() {
        return null;
    }

    /** ... and ended, returning {@code connection} or throwing {@code thrown}. */
    default void acquireExit(Object token, Object source, Object connection, Throwable thrown) {
    }

    /** {@code Connection.close()}. */
    default void connectionClosed(Object connection) {
    }

    /** A unit of work starts: an HTTP request or a configured method. */
    default Object scopeEnter(String name, int kind) {
        return null;
    }

    /** ... and ended. */
    default void scopeExit(Object token) {
    }
}
