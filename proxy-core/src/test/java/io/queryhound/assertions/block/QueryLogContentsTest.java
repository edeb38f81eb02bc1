package io.queryhound.assertions.block;

import io.queryhound.CallSite;
import io.queryhound.QueryHound;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;
import io.queryhound.junit.QueryCounter;
import io.queryhound.junit.QueryLog;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.RecordingEngine;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.queryhound.assertions.block.BlockDb.drain;
import static io.queryhound.assertions.block.BlockDb.here;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a {@link QueryLog} holds for a known sequence of JDBC calls, field by field: every
 * execution in order with its exact SQL, fingerprint, kind, rows, update count, batch size,
 * failure, thread and call site; the statements grouped by fingerprint in their documented order
 * with their sites; and the counts per {@link QueryCounter}.
 */
class QueryLogContentsTest {

    private static final String FILE = "QueryLogContentsTest.java";
    private static final String CLASS = QueryLogContentsTest.class.getName();

    static final String SELECT = "select id, name from customers where id <= 3 order by id";
    static final String INSERT = "insert into customers (id, name) values (100, 'new customer')";
    static final String UPDATE = "update customers set name = 'renamed' where id in (1, 2)";
    static final String DELETE = "delete from customers where id = 100";
    static final String BATCH = "insert into orders (id, customer_id, total) values (?, ?, ?)";
    static final String FAILING = "select no_such_column from customers";
    static final String MERGE = "merge into customers (id, name) key (id) values (200, 'merged')";
    static final String CALL = "call twice(21)";

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private RecordingEngine hound;
    private DataSource ds;
    /** The line of each statement's JDBC call, by its constant. */
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws SQLException {
        JdbcDataSource h2 = BlockDb.withCustomers(5);
        hound = new RecordingEngine();
        ds = hound.wrap(h2);
    }

    @AfterEach
    void tearDown() {
        hound.close();
        assertThat(diagnostics.text()).as("QueryHound's own diagnostics").doesNotContain("internal error");
    }

    /** The sequence every test here checks; each JDBC call is on the line recorded for it. */
    private void runSequence() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            lines.put(SELECT, here()); assertThat(drain(st.executeQuery(SELECT))).isEqualTo(3);
            lines.put(INSERT, here()); assertThat(st.executeUpdate(INSERT)).isEqualTo(1);
            lines.put(UPDATE, here()); assertThat(st.executeUpdate(UPDATE)).isEqualTo(2);
            lines.put(DELETE, here()); assertThat(st.executeUpdate(DELETE)).isEqualTo(1);
            try (PreparedStatement ps = c.prepareStatement(BATCH)) {
                for (int i = 1; i <= 5; i++) {
                    ps.setInt(1, 1000 + i);
                    ps.setInt(2, i);
                    ps.setInt(3, i * 7);
                    ps.addBatch();
                }
                lines.put(BATCH, here()); assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 1, 1);
            }
            try {
                lines.put(FAILING, here()); st.executeQuery(FAILING);
                throw new AssertionError("H2 accepted " + FAILING);
            } catch (SQLException expected) {
                assertThat(expected.getMessage()).containsIgnoringCase("no_such_column");
            }
            lines.put(MERGE, here()); assertThat(st.executeUpdate(MERGE)).isEqualTo(1);
            lines.put(CALL, here()); st.execute(CALL);
        }
    }

    @Test
    void everyExecutionIsLoggedInOrderWithItsExactSqlFingerprintKindResultAndCallSite() {
        QueryLog log = QueryHound.record(this::runSequence);

        List<String> order = List.of(SELECT, INSERT, UPDATE, DELETE, BATCH, FAILING, MERGE, CALL);
        assertThat(log.executions()).extracting(QueryLog.Execution::sql).containsExactlyElementsOf(order);
        assertThat(log.executions()).extracting(QueryLog.Execution::index).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(log.isComplete()).isTrue();
        assertThat(log.count()).isEqualTo(8);

        String thread = Thread.currentThread().getName();
        for (QueryLog.Execution execution : log.executions()) {
            String sql = execution.sql();
            SqlFingerprint expected = SqlFingerprint.of(sql, SqlDialect.H2);
            assertThat(execution.fingerprint()).as(sql).isEqualTo(expected);
            assertThat(execution.fingerprint().id()).as(sql).isEqualTo(expected.id())
                    .isEqualTo(SqlFingerprint.of(sql).id());
            assertThat(execution.template()).as(sql).isEqualTo(expected.template());
            assertThat(execution.thread()).as(sql).isEqualTo(thread);
            assertThat(execution.callSite()).as(sql)
                    .isEqualTo(new CallSite(CLASS, "runSequence", FILE, lines.get(sql)));
            // The site's callers: the block's lambda, then this test method (QueryHound's frames and JUnit's are skipped).
            assertThat(execution.stack()).as(sql).isNotEmpty();
            assertThat(execution.stack()).as(sql).allSatisfy(caller -> assertThat(caller.className()).isEqualTo(CLASS));
            assertThat(execution.stack()).as(sql).extracting(CallSite::methodName)
                    .contains("everyExecutionIsLoggedInOrderWithItsExactSqlFingerprintKindResultAndCallSite");
            assertThat(execution.duration()).as(sql).isPositive();
        }

        QueryLog.Execution select = log.executions().get(0);
        assertThat(select.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(select.template()).isEqualTo("select id, name from customers where id <= ? order by id");
        assertThat(select.rows()).isEqualTo(3);
        assertThat(select.updateCount()).isEqualTo(-1);
        assertThat(select.batchSize()).isZero();
        assertThat(select.failed()).isFalse();

        QueryLog.Execution insert = log.executions().get(1);
        assertThat(insert.kind()).isEqualTo(StatementKind.INSERT);
        assertThat(insert.template()).isEqualTo("insert into customers (id, name) values (?, ?)");
        assertThat(insert.rows()).isZero();
        assertThat(insert.updateCount()).isEqualTo(1);
        assertThat(insert.batchSize()).isZero();
        assertThat(insert.failed()).isFalse();

        QueryLog.Execution update = log.executions().get(2);
        assertThat(update.kind()).isEqualTo(StatementKind.UPDATE);
        assertThat(update.updateCount()).isEqualTo(2);
        assertThat(update.failed()).isFalse();

        QueryLog.Execution delete = log.executions().get(3);
        assertThat(delete.kind()).isEqualTo(StatementKind.DELETE);
        assertThat(delete.template()).isEqualTo("delete from customers where id = ?");
        assertThat(delete.updateCount()).isEqualTo(1);

        QueryLog.Execution batch = log.executions().get(4);
        assertThat(batch.kind()).isEqualTo(StatementKind.INSERT);
        assertThat(batch.template()).isEqualTo(BATCH);
        assertThat(batch.batchSize()).isEqualTo(5);
        assertThat(batch.updateCount()).isEqualTo(5);
        assertThat(batch.rows()).isZero();
        assertThat(batch.failed()).isFalse();

        QueryLog.Execution failing = log.executions().get(5);
        assertThat(failing.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(failing.failed()).isTrue();
        assertThat(failing.rows()).isZero();
        assertThat(failing.updateCount()).isEqualTo(-1);
        assertThat(failing.batchSize()).isZero();

        QueryLog.Execution merge = log.executions().get(6);
        assertThat(merge.kind()).isEqualTo(StatementKind.MERGE);
        assertThat(merge.updateCount()).isEqualTo(1);
        assertThat(merge.failed()).isFalse();

        QueryLog.Execution call = log.executions().get(7);
        assertThat(call.kind()).isEqualTo(StatementKind.CALL);
        assertThat(call.failed()).isFalse();
    }

    @Test
    void countsPerCounterAndKindTreatMergeAsOtherAndABatchAsOneExecution() {
        QueryLog log = QueryHound.record(this::runSequence);

        assertThat(log.count()).isEqualTo(8);
        assertThat(log.count(QueryCounter.TOTAL)).isEqualTo(8);
        assertThat(log.selectCount()).isEqualTo(2).isEqualTo(log.count(QueryCounter.SELECT)); // the failed one counts
        assertThat(log.insertCount()).isEqualTo(2).isEqualTo(log.count(QueryCounter.INSERT)); // 1 + one executeBatch of 5
        assertThat(log.updateCount()).isEqualTo(1).isEqualTo(log.count(QueryCounter.UPDATE));
        assertThat(log.deleteCount()).isEqualTo(1).isEqualTo(log.count(QueryCounter.DELETE));
        assertThat(log.callCount()).isEqualTo(1).isEqualTo(log.count(QueryCounter.CALL));
        assertThat(log.otherCount()).isEqualTo(1).isEqualTo(log.count(QueryCounter.OTHER)); // the MERGE

        assertThat(log.count(StatementKind.SELECT)).isEqualTo(2);
        assertThat(log.count(StatementKind.INSERT)).isEqualTo(2);
        assertThat(log.count(StatementKind.MERGE)).isEqualTo(1);
        assertThat(log.count(StatementKind.CALL)).isEqualTo(1);
        assertThat(log.count(StatementKind.DDL)).isZero();
        assertThat(log.count(StatementKind.OTHER)).isZero();
    }

    @Test
    void totalTimeIsTheSumOfTheExecutionsDurationsAndOfTheGroupsTimes() {
        QueryLog log = QueryHound.record(this::runSequence);

        Duration sum = log.executions().stream().map(QueryLog.Execution::duration).reduce(Duration.ZERO, Duration::plus);
        assertThat(sum).isPositive();
        assertThat(log.totalTime()).isEqualTo(sum);
        Duration groups = log.statements().stream().map(QueryLog.StatementGroup::totalTime)
                .reduce(Duration.ZERO, Duration::plus);
        assertThat(groups).isEqualTo(sum);
        for (QueryLog.StatementGroup group : log.statements()) {
            // one execution each: the slowest is the only one
            assertThat(group.maxTime()).isEqualTo(group.totalTime()).isEqualTo(group.executions().get(0).duration());
        }
    }

    @Test
    void groupsOfDistinctStatementsRunOnceEachKeepTheOrderTheyWereFirstSeenIn() {
        QueryLog log = QueryHound.record(this::runSequence);

        assertThat(log.statements()).extracting(QueryLog.StatementGroup::fingerprint).containsExactly(
                SqlFingerprint.of(SELECT), SqlFingerprint.of(INSERT), SqlFingerprint.of(UPDATE), SqlFingerprint.of(DELETE),
                SqlFingerprint.of(BATCH), SqlFingerprint.of(FAILING), SqlFingerprint.of(MERGE), SqlFingerprint.of(CALL));
        for (int i = 0; i < log.statements().size(); i++) {
            QueryLog.StatementGroup group = log.statements().get(i);
            QueryLog.Execution only = log.executions().get(i);
            assertThat(group.count()).isEqualTo(1);
            assertThat(group.kind()).isEqualTo(only.kind());
            assertThat(group.template()).isEqualTo(only.template());
            assertThat(group.executions()).containsExactly(only);
            assertThat(group.rows()).isEqualTo(only.rows());
            assertThat(group.failures()).isEqualTo(only.failed() ? 1 : 0);
            assertThat(group.batches()).isEqualTo(only.batchSize() > 0 ? 1 : 0);
            assertThat(group.sites()).hasSize(1);
            assertThat(group.sites().get(0).count()).isEqualTo(1);
            assertThat(group.sites().get(0).callSite()).isEqualTo(only.callSite());
            assertThat(group.sites().get(0).stack()).isEqualTo(only.stack());
        }
        assertThat(log.statements().get(0).rows()).isEqualTo(3);
        assertThat(log.statements().get(4).batches()).isEqualTo(1);
        assertThat(log.statements().get(5).failures()).isEqualTo(1);
        assertThat(log.describe()).contains("1 failed").contains("executeBatch");
    }

    // ------------------------------------------------------------------ grouping with repeats and two call sites

    static final String COUNT_CUSTOMERS = "select count(*) from customers";
    static final String COUNT_ORDERS = "select count(*) from orders";
    static final String NAME = "select name from customers where id = ?";
    private int siteA;
    private int siteB;

    private String nameFromSiteA(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NAME)) {
            ps.setInt(1, id);
            siteA = here(); ResultSet rs = ps.executeQuery();
            try (rs) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private String nameFromSiteB(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NAME)) {
            ps.setInt(1, id);
            siteB = here(); ResultSet rs = ps.executeQuery();
            try (rs) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void runRepeats() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            drain(st.executeQuery(COUNT_CUSTOMERS));          // 1: seen first, once
            drain(st.executeQuery(COUNT_ORDERS));             // 2: twice, seen before ORDER_TOTAL
            assertThat(BlockDb.orderTotal(c, 1)).isEqualTo(10); // 3: twice
            assertThat(BlockDb.orderTotal(c, 2)).isEqualTo(20);
            assertThat(nameFromSiteB(c, 5)).isEqualTo("customer-5"); // 5: four times, site B once (first) ...
            for (int id = 1; id <= 3; id++) {
                assertThat(nameFromSiteA(c, id)).isEqualTo("customer-" + id); // ... site A three times
            }
            drain(st.executeQuery(COUNT_ORDERS));
        }
    }

    @Test
    void groupsAreOrderedByCountThenFirstSeenAndSitesByCount() {
        QueryLog log = QueryHound.record(this::runRepeats);

        assertThat(log.count()).isEqualTo(9);
        assertThat(log.statements()).extracting(QueryLog.StatementGroup::template).containsExactly(
                NAME, COUNT_ORDERS, BlockDb.ORDER_TOTAL, COUNT_CUSTOMERS);
        assertThat(log.statements()).extracting(QueryLog.StatementGroup::count).containsExactly(4L, 2L, 2L, 1L);

        QueryLog.StatementGroup name = log.statements().get(0);
        assertThat(name.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(name.failures()).isZero();
        assertThat(name.batches()).isZero();
        assertThat(name.rows()).isEqualTo(4);
        assertThat(name.executions()).extracting(QueryLog.Execution::index).containsExactly(5, 6, 7, 8);
        assertThat(name.sites()).hasSize(2);
        QueryLog.SiteCount first = name.sites().get(0);
        QueryLog.SiteCount second = name.sites().get(1);
        assertThat(first.callSite()).isEqualTo(new CallSite(CLASS, "nameFromSiteA", FILE, siteA));
        assertThat(first.count()).isEqualTo(3);
        assertThat(second.callSite()).isEqualTo(new CallSite(CLASS, "nameFromSiteB", FILE, siteB));
        assertThat(second.count()).isEqualTo(1);
        assertThat(first.stack()).extracting(CallSite::methodName).startsWith("runRepeats");
        assertThat(second.stack()).extracting(CallSite::methodName).startsWith("runRepeats");

        QueryLog.StatementGroup countOrders = log.statements().get(1);
        assertThat(countOrders.executions()).extracting(QueryLog.Execution::index).containsExactly(2, 9);
        assertThat(countOrders.sites()).hasSize(2); // two lines of runRepeats
        assertThat(countOrders.sites()).extracting(QueryLog.SiteCount::count).containsExactly(1L, 1L);

        // One line in BlockDb, called from two lines of runRepeats: two paths, shown apart, so two
        // separate calls never read as one loop.
        QueryLog.StatementGroup orderTotal = log.statements().get(2);
        assertThat(orderTotal.sites()).hasSize(2);
        for (QueryLog.SiteCount site : orderTotal.sites()) {
            assertThat(site.count()).isEqualTo(1);
            assertThat(site.callSite().className()).isEqualTo(BlockDb.class.getName());
            assertThat(site.callSite().methodName()).isEqualTo("orderTotal");
            assertThat(site.stack()).extracting(CallSite::methodName).startsWith("runRepeats");
        }
        assertThat(orderTotal.sites().get(0).stack().get(0).lineNumber())
                .isNotEqualTo(orderTotal.sites().get(1).stack().get(0).lineNumber());

        // The report prints both sites of NAME with their counts, the larger first.
        String describe = log.describe();
        assertThat(describe).contains("  #1 x4 SELECT " + SqlFingerprint.of(NAME).id());
        assertThat(describe).contains("at " + first.callSite() + "  x3");
        assertThat(describe).contains("at " + second.callSite() + "  x1");
        assertThat(describe.indexOf(first.callSite() + "  x3")).isLessThan(describe.indexOf(second.callSite() + "  x1"));
    }

    @Test
    void logIsImmutable() {
        QueryLog log = QueryHound.record(this::runRepeats);

        assertThatThrownBy(() -> log.executions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> log.statements().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> log.statements().get(0).sites().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> log.findings().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringNamesTheRecordingMethodAndTheStatementCount() {
        QueryLog log = QueryHound.record(this::runRepeats);

        assertThat(log.name()).isEqualTo("QueryLogContentsTest.toStringNamesTheRecordingMethodAndTheStatementCount()");
        assertThat(log.toString()).startsWith("QueryLog[" + log.name() + ", 9 statements]\n"
                + "Statements by fingerprint (9 statements, 4 fingerprints, ");
        assertThat(log.toString()).endsWith(log.describe());
    }

    // ------------------------------------------------------------------------------------ rows and batches

    @Test
    void rowsAreCountedForResultsReadThroughExecuteAndGetResultSet() {
        QueryLog log = QueryHound.record(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                assertThat(st.execute("select id from customers order by id")).isTrue();
                assertThat(drain(st.getResultSet())).isEqualTo(5);
                try (PreparedStatement ps = c.prepareStatement("select id from customers where id > ?")) {
                    ps.setInt(1, 3);
                    assertThat(ps.execute()).isTrue();
                    assertThat(drain(ps.getResultSet())).isEqualTo(2);
                }
            }
        });
        assertThat(log.executions()).extracting(QueryLog.Execution::rows).containsExactly(5L, 2L);
        assertThat(log.executions()).extracting(QueryLog.Execution::updateCount).containsExactly(-1L, -1L);
    }

    @Test
    void aResultStillOpenWhenTheBlockEndsHasTheRowsReadSoFarAndTheLogDoesNotChangeAfterwards() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            ResultSet[] open = new ResultSet[1];
            QueryLog log = QueryHound.record(() -> {
                open[0] = st.executeQuery("select id from customers order by id");
                assertThat(open[0].next()).isTrue();
                assertThat(open[0].next()).isTrue();
            });
            assertThat(log.executions().get(0).rows()).isEqualTo(2);
            assertThat(drain(open[0])).isEqualTo(3); // the rest, read after the block
            assertThat(log.executions().get(0).rows()).isEqualTo(2);
            assertThat(log.statements().get(0).rows()).isEqualTo(2);
        }
    }

    @Test
    void aStatementBatchOfDifferentStatementsCountsOncePerDistinctStatement() {
        QueryLog log = QueryHound.record(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.addBatch("insert into customers (id, name) values (300, 'a')");
                st.addBatch("update customers set name = 'b' where id <= 2");
                st.addBatch("insert into customers (id, name) values (301, 'c')");
                assertThat(st.executeBatch()).containsExactly(1, 2, 1);
            }
        });
        // one executeBatch call, recorded as one execution per distinct statement, each with its own share
        assertThat(log.count()).isEqualTo(2);
        assertThat(log.insertCount()).isEqualTo(1);
        assertThat(log.updateCount()).isEqualTo(1);
        QueryLog.Execution inserts = log.executions().get(0);
        assertThat(inserts.kind()).isEqualTo(StatementKind.INSERT);
        assertThat(inserts.sql()).isEqualTo("insert into customers (id, name) values (300, 'a')");
        assertThat(inserts.batchSize()).isEqualTo(2);
        assertThat(inserts.updateCount()).isEqualTo(2);
        QueryLog.Execution update = log.executions().get(1);
        assertThat(update.kind()).isEqualTo(StatementKind.UPDATE);
        assertThat(update.batchSize()).isEqualTo(1);
        assertThat(update.updateCount()).isEqualTo(2);
        assertThat(log.statements()).allSatisfy(group -> assertThat(group.batches()).isEqualTo(1));
        assertThat(inserts.callSite()).isEqualTo(update.callSite());
    }

    @Test
    void aPreparedBatchCountsOnceWhateverItsSize() {
        QueryLog log = QueryHound.record(() -> {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(BATCH)) {
                for (int round = 0; round < 2; round++) {
                    for (int i = 1; i <= 50; i++) {
                        ps.setInt(1, 1000 + round * 100 + i);
                        ps.setInt(2, i);
                        ps.setInt(3, i);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        });
        assertThat(log.count()).isEqualTo(2);
        assertThat(log.insertCount()).isEqualTo(2);
        assertThat(log.executions()).extracting(QueryLog.Execution::batchSize).containsExactly(50, 50);
        assertThat(log.executions()).extracting(QueryLog.Execution::updateCount).containsExactly(50L, 50L);
        assertThat(log.statements().get(0).batches()).isEqualTo(2);
        assertThat(log.findings()).as("executeBatch is the fix, not a finding").isEmpty();
    }

    @Test
    void aFailedBatchIsOneFailedExecution() {
        QueryLog log = QueryHound.record(() -> {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(BATCH)) {
                for (int id : new int[] {2000, 1, 2001}) { // order 1 exists already
                    ps.setInt(1, id);
                    ps.setInt(2, 1);
                    ps.setInt(3, 1);
                    ps.addBatch();
                }
                assertThatThrownBy(ps::executeBatch).isInstanceOf(java.sql.BatchUpdateException.class);
            }
        });
        assertThat(log.count()).isEqualTo(1);
        assertThat(log.insertCount()).isEqualTo(1);
        QueryLog.Execution batch = log.executions().get(0);
        assertThat(batch.failed()).isTrue();
        assertThat(batch.batchSize()).isEqualTo(3);
        assertThat(log.statements().get(0).failures()).isEqualTo(1);
        assertThat(log.statements().get(0).batches()).isEqualTo(1);
        assertThat(log.describe()).contains("1 failed; executeBatch");
    }

    @Test
    void ddlAndSessionStatementsCountAsOther() {
        QueryLog log = QueryHound.record(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("create table scratch (id int)");
                st.execute("set lock_timeout 5000");
                st.execute("drop table scratch");
            }
        });
        assertThat(log.count()).isEqualTo(3);
        assertThat(log.otherCount()).isEqualTo(3);
        assertThat(log.selectCount() + log.insertCount() + log.updateCount() + log.deleteCount() + log.callCount())
                .isZero();
        assertThat(log.count(StatementKind.DDL)).isEqualTo(2);
        assertThat(log.count(StatementKind.OTHER)).isEqualTo(1);
        assertThat(log.executions()).extracting(QueryLog.Execution::kind)
                .containsExactly(StatementKind.DDL, StatementKind.OTHER, StatementKind.DDL);
    }
}
