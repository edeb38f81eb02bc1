package io.queryhound.agent.internal.jdbc;

import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.internal.bridge.AgentBridge;
import io.queryhound.internal.bridge.CaptureReceiver;
import io.queryhound.internal.bridge.CapturedExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capture logic the agent's advice calls, driven directly (no bytecode): which calls become
 * executions, with what SQL, parameters, counts and rows. Statements and connections are plain
 * objects here: the hooks only need their identity.
 */
class JdbcCaptureTest {

    /** Receives every execution, as a copy of proxy-core would. */
    static class Received implements CaptureReceiver {
        /**
         * Each execution as it was delivered: the agent resets and reuses an execution once it is done with it,
         * so what a test checks afterwards is a copy.
         */
        final List<CapturedExecution> executed = new ArrayList<>();
        /** The executions themselves, for what is live while a result is read. */
        final List<CapturedExecution> live = new ArrayList<>();
        final List<Long> finishedRows = new ArrayList<>();
        final List<String> acquisitions = new ArrayList<>();

        @Override
        public Object starting(CapturedExecution execution) {
            return "state";
        }

        @Override
        public Object executed(CapturedExecution execution, Object state) {
            executed.add(copyOf(execution));
            live.add(execution);
            return "delivered";
        }

        @Override
        public void resultFinished(CapturedExecution execution, Object state, long rows) {
            finishedRows.add(rows);
        }

        @Override
        public Object acquiring() {
            return null;
        }

        @Override
        public void connectionAcquired(Object state, Object[] sources, String sourceName, long elapsedNanos,
                                       boolean failed) {
            acquisitions.add(sourceName + " via " + sources.length + (failed ? " failed" : ""));
        }
    }

    static CapturedExecution copyOf(CapturedExecution execution) {
        CapturedExecution copy = new CapturedExecution();
        copy.sql = execution.sql;
        copy.batchSql = execution.batchSql == null ? null : execution.batchSql.clone();
        copy.sources = execution.sources == null ? null : execution.sources.clone();
        copy.sourceName = execution.sourceName;
        copy.databaseProduct = execution.databaseProduct;
        copy.startNanos = execution.startNanos;
        copy.elapsedNanos = execution.elapsedNanos;
        copy.updateCount = execution.updateCount;
        copy.batchSize = execution.batchSize;
        copy.batchUpdateCounts = execution.batchUpdateCounts == null ? null : execution.batchUpdateCounts.clone();
        copy.failed = execution.failed;
        copy.sqlState = execution.sqlState;
        copy.prepared = execution.prepared;
        copy.parameterValues = execution.parameterValues == null ? null : execution.parameterValues.clone();
        copy.parameterHash = execution.parameterHash;
        copy.boundValues = execution.boundValues == null ? null
                : java.util.Arrays.copyOf(execution.boundValues, execution.boundValueCount);
        copy.boundPrimitives = execution.boundPrimitives == null ? null
                : java.util.Arrays.copyOf(execution.boundPrimitives, execution.boundValueCount);
        copy.boundValueCount = execution.boundValueCount;
        copy.boundRefusal = execution.boundRefusal;
        copy.resultFollows = execution.resultFollows;
        copy.rowsRead = execution.rowsRead;
        return copy;
    }

    QueryHoundEngine engine;
    JdbcCapture capture;
    Received received;

    @BeforeEach
    void setUp() {
        engine = QueryHound.builder().output("none").shutdownHook(false).build();
        capture = new JdbcCapture(engine);
        received = new Received();
        AgentBridge.register(received);
    }

    @AfterEach
    void tearDown() {
        AgentBridge.unregister(received);
        engine.close();
    }

    private void execute(Object statement, String sql, Object result) {
        capture.executeExit(capture.executeEnter(statement, sql, false), result, null);
    }

    @Test
    void onlyTheOutermostCallOnAThreadIsAnExecution() {
        Object proxy = new Object();
        Object driver = new Object();
        Object outer = capture.executeEnter(proxy, "select 1", false);
        Object inner = capture.executeEnter(driver, "select 1", false);
        assertThat(inner).isNull();
        capture.executeExit(inner, 1, null);
        capture.executeExit(outer, 1, null);

        assertThat(received.executed).hasSize(1);
        assertThat(received.executed.get(0).sql).isEqualTo("select 1");
        assertThat(received.executed.get(0).updateCount).isEqualTo(1);

        execute(proxy, "select 2", null); // the depth is balanced again
        assertThat(received.executed).hasSize(2);
    }

    @Test
    void aPreparedStatementCarriesTheSqlItWasPreparedWithAndAHashOfItsValues() {
        Object connection = new Object();
        Object statement = new Object();
        capture.statementCreated(connection, statement, "select name from customer where id = ?");

        capture.parameterSet(statement, 1, 7);
        execute(statement, null, null);
        capture.parameterSet(statement, 1, 8);
        execute(statement, null, null);
        capture.parameterSet(statement, 1, 7);
        execute(statement, null, null);

        assertThat(received.executed).extracting(e -> e.sql).containsOnly("select name from customer where id = ?");
        long first = received.executed.get(0).parameterHash;
        assertThat(first).isNotZero();
        assertThat(received.executed.get(1).parameterHash).isNotEqualTo(first);
        assertThat(received.executed.get(2).parameterHash).isEqualTo(first);
    }

    @Test
    void theOrderValuesAreBoundInDoesNotMatterButPositionsDo() {
        Object a = new Object();
        Object b = new Object();
        Object c = new Object();
        capture.statementCreated(null, a, "select * from t where x = ? and y = ?");
        capture.statementCreated(null, b, "select * from t where x = ? and y = ?");
        capture.statementCreated(null, c, "select * from t where x = ? and y = ?");
        capture.parameterSet(a, 1, "p");
        capture.parameterSet(a, 2, "q");
        capture.parameterSet(b, 2, "q");
        capture.parameterSet(b, 1, "p");
        capture.parameterSet(c, 1, "q");
        capture.parameterSet(c, 2, "p");
        execute(a, null, null);
        execute(b, null, null);
        execute(c, null, null);

        assertThat(received.executed.get(1).parameterHash).isEqualTo(received.executed.get(0).parameterHash);
        assertThat(received.executed.get(2).parameterHash).isNotEqualTo(received.executed.get(0).parameterHash);
    }

    @Test
    void setNullAndClearParametersChangeTheHash() {
        Object statement = new Object();
        capture.statementCreated(null, statement, "update t set x = ? where id = ?");
        capture.parameterSet(statement, 1, null);
        capture.parameterSet(statement, 2, 1);
        execute(statement, null, 1);
        capture.parametersCleared(statement);
        execute(statement, null, 1);

        assertThat(received.executed.get(0).parameterHash).isNotZero();
        assertThat(received.executed.get(1).parameterHash).isZero();
    }

    @Test
    void aPlainStatementHashesItsSqlText() {
        Object statement = new Object();
        capture.statementCreated(null, statement, null);
        execute(statement, "delete from pets where id = 7", 1);
        execute(statement, "delete from pets where id = 8", 1);
        execute(statement, "delete from pets where id = 7", 1);

        assertThat(received.executed.get(1).parameterHash).isNotEqualTo(received.executed.get(0).parameterHash);
        assertThat(received.executed.get(2).parameterHash).isEqualTo(received.executed.get(0).parameterHash);
    }

    @Test
    void aPreparedBatchIsOneExecutionWithItsSizeAndSummedUpdateCounts() {
        Object statement = new Object();
        capture.statementCreated(null, statement, "insert into t values (?)");
        for (int i = 0; i < 3; i++) {
            capture.parameterSet(statement, 1, i);
            capture.batchAdded(statement, null);
        }
        capture.executeExit(capture.executeEnter(statement, null, true), new int[] {1, 1, 1}, null);
        capture.batchAdded(statement, null);
        capture.executeExit(capture.executeEnter(statement, null, true), new int[] {1}, null);

        assertThat(received.executed).extracting(e -> e.batchSize).containsExactly(3, 1);
        assertThat(received.executed.get(0).updateCount).isEqualTo(3);
        assertThat(received.executed.get(0).batchUpdateCounts).containsExactly(1, 1, 1);
    }

    @Test
    void aStatementBatchKeepsEachSqlTextInOrder() {
        Object statement = new Object();
        capture.statementCreated(null, statement, null);
        capture.batchAdded(statement, "insert into a values (1)");
        capture.batchAdded(statement, "update b set x = 1");
        capture.batchAdded(statement, "insert into a values (2)");
        capture.executeExit(capture.executeEnter(statement, null, true), new long[] {1, 2, 1}, null);
        capture.batchCleared(statement);

        CapturedExecution batch = received.executed.get(0);
        assertThat(received.executed.get(0).batchSql).containsExactly("insert into a values (1)", "update b set x = 1",
                "insert into a values (2)");
        assertThat(batch.sql).isEqualTo("insert into a values (1)");
        assertThat(batch.batchSize).isEqualTo(3);
        assertThat(batch.updateCount).isEqualTo(4);
    }

    @Test
    void aFailedExecutionKeepsTheDriversSqlState() {
        Object statement = new Object();
        Object token = capture.executeEnter(statement, "select * from missing", false);
        capture.executeExit(token, null, new SQLException("Table MISSING not found", "42S02", 42102));

        assertThat(received.executed.get(0).failed).isTrue();
        assertThat(received.executed.get(0).sqlState).isEqualTo("42S02");
    }

    @Test
    void queriesRunWhileAConnectionIsAcquiredAreNotTheApplications() {
        Object pool = new Object();
        Object token = capture.acquireEnter();
        execute(new Object(), "select 1 /* validation */", null);
        capture.acquireExit(token, pool, new Object(), null);

        assertThat(received.executed).isEmpty();
        assertThat(received.acquisitions).containsExactly("object via 1");
    }

    @Test
    void nestedAcquisitionsAreOneWithTheWholeChainOfSources() {
        Object outer = capture.acquireEnter();
        Object inner = capture.acquireEnter();
        assertThat(inner).isNull();
        Object connection = new Object();
        capture.acquireExit(inner, new StringBuilder("driver"), connection, null);
        capture.acquireExit(outer, "pool", connection, null);

        assertThat(received.acquisitions).containsExactly("string via 2");

        Object statement = new Object();
        capture.statementCreated(connection, statement, "select 1");
        execute(statement, null, null);
        CapturedExecution execution = received.executed.get(0);
        assertThat(received.executed.get(0).sources).hasSize(2);
        assertThat(received.executed.get(0).sources[0]).isEqualTo("pool");
        assertThat(execution.sourceName).isEqualTo("string");
    }

    @Test
    void aDoneExecutionKeepsNeitherTheReceiversStatesNorItsSourcesAndIsReused() {
        Object connection = new Object();
        capture.acquireExit(capture.acquireEnter(), "pool", connection, null);
        Object statement = new Object();
        capture.statementCreated(connection, statement, "update orders set total = 0");
        execute(statement, null, 1);

        // Done with (no result follows an update): reset, so that no engine or DataSource stays reachable from it.
        CapturedExecution execution = received.live.get(0);
        assertThat(received.executed.get(0).sources).containsExactly("pool");
        assertThat(received.executed.get(0).updateCount).isEqualTo(1);
        assertThat(received.executed.get(0).resultFollows).isFalse();
        assertThat(execution.receiverStates).containsOnlyNulls();
        assertThat(execution.receivers).isNull();
        assertThat(execution.sources).isNull();
        assertThat(execution.sql).isNull();
        assertThat(execution.updateCount).isEqualTo(CapturedExecution.NO_UPDATE_COUNT);

        // ... and the next execution on this thread reuses it: nothing of the agent's is allocated per query.
        execute(statement, null, 2);
        assertThat(received.live.get(1)).isSameAs(execution);
        assertThat(received.executed.get(1).updateCount).isEqualTo(2);
        assertThat(received.executed.get(1).sql).isEqualTo("update orders set total = 0");
    }

    @Test
    void anExecutionWithAResultIsNotReusedUntilTheResultEnds() {
        Object statement = new Object();
        capture.statementCreated(null, statement, "select id from orders");
        capture.executeExit(capture.executeEnter(statement, null, false), newResultSet(), null);
        Object firstResult = lastResult;
        capture.executeExit(capture.executeEnter(new Object(), "select 2", false), 1, null);
        assertThat(received.live.get(1)).as("a second execution while the first one's result is open")
                .isNotSameAs(received.live.get(0));
        assertThat(received.executed.get(0).resultFollows).isTrue();
        capture.rowRead(firstResult, true);
        assertThat(received.live.get(0).rowsRead).isEqualTo(1);
        capture.resultClosed(firstResult);

        assertThat(received.finishedRows).containsExactly(1L);
        assertThat(received.live.get(0).receivers).as("released once its result ended").isNull();
    }

    @Test
    void aFailedAcquisitionIsReportedAsFailed() {
        capture.acquireExit(capture.acquireEnter(), "pool", null, new SQLException("timeout"));
        assertThat(received.acquisitions).containsExactly("string via 1 failed");
    }

    @Test
    void rowsAreCountedOnTheResultHandedOutAndReportedWhenItEnds() {
        Object statement = new Object();
        capture.statementCreated(null, statement, "select id from orders");
        Object token = capture.executeEnter(statement, null, false);
        capture.executeExit(token, newResultSet(), null);
        Object handedOut = lastResult;
        capture.rowRead(handedOut, true);
        capture.rowRead(handedOut, true);
        assertThat(received.live.get(0).rowsRead).isEqualTo(2); // live while the loop runs
        capture.rowRead(new Object(), true); // another layer's result: not counted
        capture.rowRead(handedOut, false);
        capture.rowRead(handedOut, false); // a second end is not a second report

        assertThat(received.finishedRows).containsExactly(2L);
    }

    @Test
    void aResultFetchedAgainAfterItEndedIsNotCountedTwice() {
        Object statement = new Object();
        capture.statementCreated(null, statement, "select id from orders");
        capture.executeExit(capture.executeEnter(statement, "select id from orders", false), Boolean.TRUE, null);
        Object result = new Object();
        capture.resultReturned(statement, result); // getResultSet()
        capture.rowRead(result, true);
        capture.rowRead(result, true);
        capture.rowRead(result, false);
        capture.resultReturned(statement, result); // getResultSet() again, on the finished result
        capture.rowRead(result, false);
        capture.resultClosed(result);

        assertThat(received.finishedRows).containsExactly(2L);
    }

    @Test
    void aBatchRunByANestedLayerIsForgotten() {
        Object proxy = new Object();
        Object driver = new Object();
        capture.statementCreated(null, proxy, "insert into a values (?)");
        capture.statementCreated(null, driver, "insert into a values (?)");
        for (int round = 0; round < 3; round++) {
            for (int row = 0; row < 4; row++) {
                capture.batchAdded(proxy, null);
                capture.batchAdded(driver, null); // the pool's proxy passes each addBatch on to the driver
            }
            Object outer = capture.executeEnter(proxy, null, true);
            capture.executeExit(capture.executeEnter(driver, null, true), new int[] {1, 1, 1, 1}, null);
            capture.executeExit(outer, new int[] {1, 1, 1, 1}, null);
        }

        assertThat(received.executed).extracting(execution -> execution.batchSize).containsExactly(4, 4, 4);
        assertThat(capture.batchedStatementsOf(driver)).as("batch the driver's statement is remembered with").isZero();
    }

    @Test
    void closingTheStatementOrRunningItAgainEndsItsResult() {
        Object statement = new Object();
        capture.statementCreated(null, statement, "select id from orders");
        capture.executeExit(capture.executeEnter(statement, null, false), newResultSet(), null);
        capture.rowRead(lastResult, true);
        capture.executeExit(capture.executeEnter(statement, null, false), newResultSet(), null);
        capture.statementClosed(statement);

        assertThat(received.finishedRows).containsExactly(1L, 0L);
    }

    @Test
    void closingTheConnectionEndsTheResultsOfItsStatements() {
        Object connection = new Object();
        Object statement = new Object();
        capture.statementCreated(connection, statement, "select id from orders");
        capture.executeExit(capture.executeEnter(statement, null, false), newResultSet(), null);
        capture.rowRead(lastResult, true);
        capture.connectionClosed(connection);

        assertThat(received.finishedRows).containsExactly(1L);
    }

    @Test
    void statementsThatAreNeverClosedAreForgottenOnceTheApplicationDropsThem() throws InterruptedException {
        for (int i = 0; i < 10_000; i++) {
            capture.statementCreated(null, new Object(), "select " + i);
        }
        capture.statementClosed(new Object()); // clears the per-thread reference to the last statement
        for (int attempt = 0; attempt < 50 && capture.trackedStatements() > 100; attempt++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(capture.trackedStatements()).isLessThan(100);
    }

    @Test
    void aStatementWhoseSqlWasNeverSeenIsNotReported() {
        execute(new Object(), null, null);
        assertThat(received.executed).isEmpty();
    }

    @Test
    void withoutReceiversNothingIsBuilt() {
        AgentBridge.unregister(received);
        assertThat(capture.executeEnter(new Object(), "select 1", false)).isNull();
        capture.executeExit(null, null, null);
    }

    private Object lastResult;

    /** A ResultSet stand-in: the hooks only check {@code instanceof ResultSet} on the execute result. */
    private Object newResultSet() {
        lastResult = java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {java.sql.ResultSet.class}, (proxy, method, args) -> {
                    if (method.getName().equals("hashCode")) {
                        return System.identityHashCode(proxy);
                    }
                    if (method.getName().equals("equals")) {
                        return proxy == args[0];
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return lastResult;
    }

    // ---- issue 8: bound values for an EXPLAIN, and QueryHound's own JDBC work ---------------------

    @Test
    void boundValuesAreHandedOverInTheStatementsOwnArrayUntilCleared() {
        AgentBridge.wantBoundValues();
        Object connection = new Object();
        Object statement = new Object();
        capture.statementCreated(connection, statement, "select * from t where a = ? and b = ?");
        capture.parameterSet(statement, 1, "x");
        capture.parameterSet(statement, 2, 42L);
        Object token = capture.executeEnter(statement, null, false);
        CapturedExecution live = (CapturedExecution) token;
        Object[] array = live.boundValues;
        capture.executeExit(token, 0, null);

        assertThat(received.executed.get(0).boundValues).containsExactly("x", 42L);
        assertThat(received.executed.get(0).boundRefusal).isZero();

        capture.parameterSet(statement, 1, "y");
        CapturedExecution second = (CapturedExecution) capture.executeEnter(statement, null, false);
        assertThat(second.boundValues).as("the statement's array, reused, not a copy per execution").isSameAs(array);
        capture.executeExit(second, 0, null);
        assertThat(received.executed.get(1).boundValues).containsExactly("y", 42L);
        assertThat(second.boundValues).as("a released execution keeps no values").isNull();

        capture.parametersCleared(statement);
        assertThat(array).containsOnlyNulls();
    }

    @Test
    void intsAndLongsAreKeptUnboxedAndHashLikeTheirBoxedValues() {
        AgentBridge.wantBoundValues();
        Object connection = new Object();
        Object unboxed = new Object();
        Object boxed = new Object();
        String sql = "select * from t where a = ? and b = ? and c = ?";
        capture.statementCreated(connection, unboxed, sql);
        capture.statementCreated(connection, boxed, sql);
        capture.intParameterSet(unboxed, 1, 100_000);
        capture.longParameterSet(unboxed, 2, 1L << 40);
        capture.parameterSet(unboxed, 3, "x");
        capture.parameterSet(boxed, 1, 100_000);
        capture.parameterSet(boxed, 2, 1L << 40);
        capture.parameterSet(boxed, 3, "x");
        execute(unboxed, null, 0);
        execute(boxed, null, 0);

        CapturedExecution first = received.executed.get(0);
        assertThat(first.parameterHash).as("setInt/setLong or setObject: the same parameters")
                .isEqualTo(received.executed.get(1).parameterHash);
        assertThat(first.boundValues).containsExactly(CapturedExecution.INT_VALUE, CapturedExecution.LONG_VALUE, "x");
        assertThat(first.boundPrimitives[0]).isEqualTo(100_000);
        assertThat(first.boundPrimitives[1]).isEqualTo(1L << 40);
        assertThat(received.executed.get(1).boundValues).containsExactly(100_000, 1L << 40, "x");

        capture.intParameterSet(unboxed, 1, 100_001);
        execute(unboxed, null, 0);
        assertThat(received.executed.get(2).parameterHash).isNotEqualTo(first.parameterHash);
        assertThat(received.executed.get(2).boundPrimitives[0]).isEqualTo(100_001);

        capture.intParameterSet(unboxed, 5000, 1);
        execute(unboxed, null, 0);
        assertThat(received.executed.get(3).boundRefusal).as("beyond the positions kept")
                .isEqualTo(CapturedExecution.REFUSED_TOO_LARGE);
    }

    @Test
    void streamsLargeValuesAndNamesAreNeverKept() {
        AgentBridge.wantBoundValues();
        Object connection = new Object();
        Object stream = new Object();
        capture.statementCreated(connection, stream, "insert into t values (?, ?)");
        capture.parameterSet(stream, 1, new java.io.ByteArrayInputStream(new byte[10]));
        capture.parameterSet(stream, 2, "a".repeat(5000));
        execute(stream, null, 1);
        assertThat(received.executed.get(0).boundValues)
                .containsExactly(CapturedExecution.STREAM_VALUE, CapturedExecution.TOO_LARGE_VALUE);

        Object named = new Object();
        capture.statementCreated(connection, named, "{call p(?)}");
        capture.parameterSet(named, "id", 1);
        execute(named, null, 1);
        assertThat(received.executed.get(1).boundRefusal).isEqualTo(CapturedExecution.REFUSED_NAMED);
    }

    @Test
    void queryHoundsOwnJdbcWorkIsNeverAnExecutionOrAnAcquisition() {
        capture.quietBegin();
        try {
            Object source = new Object();
            Object token = capture.acquireEnter();
            Object connection = new Object();
            capture.acquireExit(token, source, connection, null);
            Object statement = new Object();
            capture.statementCreated(connection, statement, "explain select 1");
            execute(statement, null, Boolean.TRUE);
            execute(new Object(), "select 2", 1);
            capture.statementClosed(statement);
        } finally {
            capture.quietEnd();
        }
        assertThat(received.executed).isEmpty();
        assertThat(received.acquisitions).isEmpty();
        assertThat(capture.trackedStatements()).isZero();

        execute(new Object(), "select 3", 1);
        assertThat(received.executed).extracting(e -> e.sql).containsExactly("select 3");
    }
}
