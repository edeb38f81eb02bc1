package io.queryhound.plan;

import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryPlan;
import io.queryhound.Scope;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.plan.PlanFetcher;
import io.queryhound.testing.CapturedDiagnostics;
import io.queryhound.testing.H2;
import io.queryhound.testing.StatementSpy;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of {@link PlanFetcher} against a real H2: one EXPLAIN per fingerprint per interval (on an
 * injected clock), a full queue drops and counts instead of blocking the application's thread, a plan
 * not ready by the reporting thread's deadline is a note, and the fingerprints remembered are bounded.
 */
class PlanFetcherTest {

    private static final long SECOND = 1_000_000_000L;

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private JdbcDataSource database;
    private final AtomicLong clock = new AtomicLong();

    @BeforeEach
    void createTable() throws SQLException {
        database = H2.newDataSource();
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table t (id int primary key, v int)");
            s.execute("insert into t select x, x from system_range(1, 100)");
        }
    }

    private PlanFetcher fetcher() {
        return new PlanFetcher(false, 5, 600, 10, clock::get);
    }

    private static SqlFingerprint statement(String sql) {
        return SqlFingerprint.of(sql, SqlDialect.H2);
    }

    private static Finding slowQuery(SqlFingerprint statement) {
        return new Finding(FindingType.SLOW_QUERY, Instant.EPOCH, "s", Scope.Kind.EXPLICIT, "1", "app", "ds", statement,
                statement.template(), 1, -1, 200, 200, -1, 100, null, List.of(), null, "", null, List.of(), List.of());
    }

    private static long in(long seconds) {
        return System.nanoTime() + seconds * SECOND;
    }

    @Test
    void onePlanPerFingerprintPerIntervalAndTheLastPlanServesTheFindingsInBetween() {
        StatementSpy spy = new StatementSpy();
        DataSource source = spy.over(database);
        String sql = "select id from t where v = ?";
        SqlFingerprint statement = statement(sql);
        try (PlanFetcher fetcher = fetcher()) {
            for (int i = 0; i < 100; i++) {
                clock.addAndGet(SECOND); // 100 slow executions over 100 s, inside the 600 s interval
                fetcher.slowExecution(source, SqlDialect.H2, sql, statement, new Object[] {i}, null);
            }
            QueryPlan plan = fetcher.complete(slowQuery(statement), in(5)).plan();
            assertThat(plan.summary()).startsWith("full scan of PUBLIC.T (100 rows");
            assertThat(fetcher.explainedCount()).isEqualTo(1);
            assertThat(fetcher.rateLimitedCount()).isEqualTo(99);

            clock.addAndGet(600 * SECOND); // the interval is over: the next slow execution is explained again
            fetcher.slowExecution(source, SqlDialect.H2, sql, statement, new Object[] {1}, null);
            assertThat(fetcher.complete(slowQuery(statement), in(5)).plan().isExplained()).isTrue();
            assertThat(fetcher.explainedCount()).isEqualTo(2);
        }
        assertThat(spy.explains()).hasSize(2).allMatch(e -> e.thread().equals("queryhound-explain"));
    }

    @Test
    void aFullQueueDropsAndCountsAndAPlanNotReadyInTimeIsANote() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstTaken = new CountDownLatch(1);
        // A pool with no free connection: getConnection waits, as the explain thread would on a busy pool.
        DataSource busy = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        firstTaken.countDown();
                        release.await(30, TimeUnit.SECONDS);
                    }
                    return method.invoke(database, args);
                });
        try (PlanFetcher fetcher = fetcher()) {
            SqlFingerprint first = statement("select id from t where v = 0");
            fetcher.slowExecution(busy, SqlDialect.H2, first.template(), first, new Object[0], null);
            assertThat(firstTaken.await(10, TimeUnit.SECONDS)).isTrue();
            SqlFingerprint last = null;
            for (int i = 1; i <= 40; i++) { // 32 wait, 8 are dropped; none of it blocks this thread
                last = statement("select id" + i + " from t where v = ?"); // a distinct statement each time
                fetcher.slowExecution(busy, SqlDialect.H2, last.template(), last, new Object[] {i}, null);
            }
            assertThat(fetcher.droppedCount()).isEqualTo(8);
            assertThat(fetcher.complete(slowQuery(last), in(1)).plan().note())
                    .isEqualTo("not explained: 32 EXPLAINs were already waiting");
            assertThat(fetcher.complete(slowQuery(first), System.nanoTime() + 50_000_000L).plan().note())
                    .startsWith("the plan was not ready when the finding was written");
            assertThat(diagnostics.lines()).filteredOn(l -> l.contains("EXPLAINs waiting")).hasSize(1);
            release.countDown();
            assertThat(fetcher.complete(slowQuery(first), in(10)).plan().isExplained()).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void rememberedFingerprintsAreBounded() {
        try (PlanFetcher fetcher = fetcher()) {
            for (int i = 0; i < 3000; i++) {
                SqlFingerprint statement = statement("select c" + i + " from t");
                fetcher.slowExecution(null, SqlDialect.H2, statement.template(), statement, null,
                        "not fetched: the connection's DataSource is unknown");
            }
            assertThat(fetcher.droppedCount()).isEqualTo(3000 - 2048);
            assertThat(diagnostics.lines()).filteredOn(l -> l.contains("distinct slow statements")).hasSize(1);
            clock.addAndGet(601 * SECOND); // expired ones make room again
            SqlFingerprint later = statement("select later from t");
            fetcher.slowExecution(null, SqlDialect.H2, later.template(), later, null, "not fetched: unknown DataSource");
            assertThat(fetcher.complete(slowQuery(later), in(1)).plan().note()).isEqualTo("not fetched: unknown DataSource");
        }
    }

    /**
     * Under -javaagent the DataSource belongs to the application's class loader, not ours: the explain thread runs
     * it with that loader as its context class loader (pools and drivers look classes up through it), whatever the
     * thread inherited when it was started.
     */
    @Test
    void theExplainThreadRunsTheDataSourceWithItsClassLoaderAsContextClassLoader() throws Exception {
        ClassLoader foreign = new java.net.URLClassLoader(new java.net.URL[0], null);
        List<ClassLoader> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch asked = new CountDownLatch(2);
        DataSource source = (DataSource) Proxy.newProxyInstance(PlanFetcherTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        seen.add(Thread.currentThread().getContextClassLoader());
                        asked.countDown();
                        return database.getConnection();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Thread thread = Thread.currentThread();
        ClassLoader own = thread.getContextClassLoader();
        try (PlanFetcher fetcher = fetcher()) {
            thread.setContextClassLoader(foreign); // the explain thread, started now, inherits it
            try {
                fetcher.slowExecution(source, SqlDialect.H2, "select v from t where id = ?", statement("select v from t"
                        + " where id = ?"), new Object[] {1}, null);
            } finally {
                thread.setContextClassLoader(own);
            }
            fetcher.slowExecution(source, SqlDialect.H2, "select id from t where v = ?",
                    statement("select id from t where v = ?"), new Object[] {2}, null);
            assertThat(asked.await(10, TimeUnit.SECONDS)).as("both EXPLAINs asked for a connection").isTrue();
        }
        assertThat(seen).as("the explain thread's context class loader during getConnection")
                .containsExactly(source.getClass().getClassLoader(), source.getClass().getClassLoader());
    }
}
