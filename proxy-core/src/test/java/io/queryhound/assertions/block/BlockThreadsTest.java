package io.queryhound.assertions.block;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.CallSite;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryLog;
import io.queryhound.testing.CapturedDiagnostics;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.queryhound.assertions.block.BlockDb.row;
import static io.queryhound.junit.QueryExpectation.noNPlusOne;
import static io.queryhound.junit.QueryExpectation.select;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which threads' queries a block counts: its own thread's, and those of tasks handed on with
 * {@code QueryHound.propagating} or {@code engine.propagating} inside the block; not those of a
 * plain executor or of a thread the block starts itself.
 */
class BlockThreadsTest {

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private JdbcDataSource h2;
    private QueryHoundEngine engine;
    private DataSource ds;
    private ExecutorService pool;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @BeforeEach
    void setUp() throws SQLException {
        h2 = BlockDb.withCustomers(8);
        engine = QueryHound.builder().output("none").shutdownHook(false).build();
        ds = engine.wrap(h2);
        pool = Executors.newFixedThreadPool(2, named("block-worker"));
    }

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        engine.close();
        assertThat(diagnostics.text()).as("QueryHound's own diagnostics").doesNotContain("internal error");
    }

    private static int count(DataSource dataSource, String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            return BlockDb.ints(st.executeQuery("select count(*) from " + table)).get(0);
        }
    }

    @Test
    void aQueryOnAPlainExecutorIsNotCounted() throws Exception {
        QueryLog log = QueryHound.record(() -> {
            assertThat(count(ds, "customers")).isEqualTo(8);
            Future<Integer> elsewhere = pool.submit(() -> count(ds, "orders"));
            assertThat(elsewhere.get(10, TimeUnit.SECONDS)).isEqualTo(8); // it ran, through the wrapped DataSource
        });
        assertThat(log.count()).isEqualTo(1);
        assertThat(log.executions()).extracting(QueryLog.Execution::sql).containsExactly("select count(*) from customers");
        assertThat(log.executions().get(0).thread()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aThreadTheBlockStartsItselfIsNotCounted() throws Exception {
        int[] result = new int[1];
        QueryLog log = QueryHound.record(() -> {
            Thread thread = new Thread(() -> {
                try {
                    result[0] = count(ds, "orders");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "started-in-block");
            thread.start();
            thread.join();
        });
        assertThat(result[0]).isEqualTo(8);
        assertThat(log.count()).isZero();
    }

    @Test
    void aTaskSubmittedThroughQueryHoundPropagatingIsCounted() {
        QueryLog log = QueryHound.record(() -> {
            count(ds, "customers");
            CompletableFuture.supplyAsync(() -> {
                try {
                    return count(ds, "orders");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, QueryHound.propagating(pool)).get(10, TimeUnit.SECONDS);
        });
        assertThat(log.count()).isEqualTo(2);
        assertThat(log.executions()).extracting(QueryLog.Execution::sql)
                .containsExactly("select count(*) from customers", "select count(*) from orders");
        assertThat(log.executions().get(1).thread()).startsWith("block-worker-");
        CallSite site = log.executions().get(1).callSite();
        assertThat(site.className()).isEqualTo(BlockThreadsTest.class.getName());
        assertThat(site.methodName()).isEqualTo("count");

        // the pool is not left bound: the same executor used plainly afterwards counts nothing
        QueryLog later = QueryHound.record(() -> pool.submit(() -> count(ds, "orders")).get(10, TimeUnit.SECONDS));
        assertThat(later.count()).isZero();
    }

    @Test
    void aTaskSubmittedThroughAnEnginesPropagatingIsCountedWhicheverEngineWrappedTheDataSource() {
        try (QueryHoundEngine other = QueryHound.builder().output("none").shutdownHook(false).build()) {
            QueryLog log = QueryHound.record(() -> {
                CompletableFuture.runAsync(() -> {
                    try {
                        count(ds, "orders");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, engine.propagating(pool)).get(10, TimeUnit.SECONDS);
                // an engine that did not wrap the DataSource carries the recording as well
                CompletableFuture.runAsync(() -> {
                    try {
                        count(ds, "customers");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, other.propagating(pool)).get(10, TimeUnit.SECONDS);
            });
            assertThat(log.count()).isEqualTo(2);
            assertThat(log.executions()).extracting(QueryLog.Execution::sql)
                    .containsExactly("select count(*) from orders", "select count(*) from customers");
            assertThat(log.executions()).allSatisfy(e -> assertThat(e.thread()).startsWith("block-worker-"));
        }
    }

    @Test
    void anExecutorMadeByPropagatingBeforeTheBlockCarriesTheRecordingOfTheBlockATaskIsSubmittedIn() {
        // propagating() captures the recording per task, at submission: an executor made before the
        // block still carries the block's recording to tasks submitted inside it
        var carrying = QueryHound.propagating(pool);
        QueryLog log = QueryHound.record(() -> CompletableFuture.runAsync(() -> {
            try {
                count(ds, "orders");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, carrying).get(10, TimeUnit.SECONDS));
        assertThat(log.count()).isEqualTo(1);
        assertThat(log.executions().get(0).thread()).startsWith("block-worker-");
    }

    @Test
    void aTaskThatRunsOnTheSubmittingThreadIsCountedOnce() {
        QueryLog log = QueryHound.record(() -> QueryHound.propagating(Runnable::run).execute(() -> {
            try {
                count(ds, "orders");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(log.count()).isEqualTo(1);
        assertThat(log.executions().get(0).thread()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aCarriedTaskCountsForEveryBlockOpenOnTheSubmittingThread() {
        QueryLog[] inner = new QueryLog[1];
        QueryLog outer = QueryHound.record(() -> {
            inner[0] = QueryHound.record(() -> CompletableFuture.runAsync(() -> {
                try {
                    count(ds, "orders");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, QueryHound.propagating(pool)).get(10, TimeUnit.SECONDS));
            count(ds, "customers");
        });
        assertThat(inner[0].count()).isEqualTo(1);
        assertThat(outer.count()).isEqualTo(2);
        assertThat(outer.executions()).extracting(QueryLog.Execution::sql)
                .containsExactly("select count(*) from orders", "select count(*) from customers");
    }

    @Test
    void aCarriedTaskThatRunsAfterTheBlockEndedIsNotCountedAndLeavesTheWorkerClean() throws Exception {
        CountDownLatch blockEnded = new CountDownLatch(1);
        AtomicReference<CompletableFuture<Integer>> late = new AtomicReference<>();
        QueryLog log = QueryHound.record(() -> {
            count(ds, "customers");
            late.set(CompletableFuture.supplyAsync(() -> {
                try {
                    assertThat(blockEnded.await(10, TimeUnit.SECONDS)).isTrue();
                    return count(ds, "orders");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, QueryHound.propagating(pool)));
        });
        blockEnded.countDown();
        assertThat(late.get().get(10, TimeUnit.SECONDS)).isEqualTo(8);
        assertThat(log.count()).isEqualTo(1);

        // the worker kept nothing bound: a block that waits for it through a plain submit sees nothing
        QueryLog next = QueryHound.record(() -> {
            for (int i = 0; i < 4; i++) {
                pool.submit(() -> count(ds, "orders")).get(10, TimeUnit.SECONDS);
            }
        });
        assertThat(next.count()).isZero();
    }

    // ------------------------------------------------------------------------------------- a real pool

    private HikariDataSource hikari() {
        HikariConfig config = new HikariConfig();
        config.setDataSource(h2);
        config.setMaximumPoolSize(6);
        config.setMinimumIdle(1);
        config.setPoolName("block-hikari");
        HikariDataSource hikari = new HikariDataSource(config);
        toClose.add(hikari);
        return hikari;
    }

    /** Each worker waits for the other three, then looks up its share of the customers one by one. */
    private static void lookUp(DataSource dataSource, List<Integer> ids, CyclicBarrier together, List<Integer> totals)
            throws Exception {
        together.await(10, TimeUnit.SECONDS);
        try (Connection c = dataSource.getConnection()) {
            for (int id : ids) {
                int total = BlockDb.orderTotal(c, id);
                synchronized (totals) {
                    totals.add(total);
                }
            }
        }
    }

    @Test
    void anNPlusOneLoopSplitAcrossFourHikariWorkersIsCountedAndFound() throws Exception {
        DataSource pooled = QueryHound.wrap(hikari());
        ExecutorService workers = Executors.newFixedThreadPool(4, named("hikari-worker"));
        toClose.add(workers::shutdownNow);
        CyclicBarrier together = new CyclicBarrier(4);
        List<Integer> totals = new ArrayList<>();

        QueryExpectationError error = null;
        try {
            QueryHound.expect(select(9), noNPlusOne()).during(() -> {
                List<Integer> ids;
                try (Connection c = pooled.getConnection(); Statement st = c.createStatement()) {
                    ids = BlockDb.ints(st.executeQuery(BlockDb.CUSTOMER_IDS));
                }
                var carrying = QueryHound.propagating(workers);
                List<CompletableFuture<Void>> parts = new ArrayList<>();
                for (int worker = 0; worker < 4; worker++) {
                    List<Integer> share = ids.subList(worker * 2, worker * 2 + 2);
                    parts.add(CompletableFuture.runAsync(() -> {
                        try {
                            lookUp(pooled, share, together, totals);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, carrying));
                }
                CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            });
        } catch (QueryExpectationError e) {
            error = e;
        }
        assertThat(totals).containsExactlyInAnyOrder(10, 20, 30, 40, 50, 60, 70, 80);
        assertThat(error).as("noNPlusOne must fail").isNotNull();

        QueryLog log = error.log();
        assertThat(log.count()).isEqualTo(9);
        assertThat(log.selectCount()).isEqualTo(9);
        assertThat(log.isComplete()).isTrue();
        assertThat(log.executions().stream().filter(e -> e.sql().equals(BlockDb.ORDER_TOTAL))
                .map(QueryLog.Execution::thread).distinct()).hasSize(4)
                .allSatisfy(thread -> assertThat(thread).startsWith("hikari-worker-"));
        assertThat(log.executions().get(0).thread()).isEqualTo(Thread.currentThread().getName());

        QueryLog.StatementGroup loop = log.statements().get(0);
        assertThat(loop.template()).isEqualTo(BlockDb.ORDER_TOTAL);
        assertThat(loop.count()).isEqualTo(8);
        assertThat(loop.sites()).hasSize(1);
        assertThat(loop.sites().get(0).count()).isEqualTo(8);
        assertThat(log.findings(FindingType.N_PLUS_ONE)).hasSize(1);
        assertThat(log.findings(FindingType.N_PLUS_ONE).get(0).count()).isEqualTo(8);

        String message = error.getMessage();
        assertThat(message).containsPattern(row("select", "9", 9, false));
        assertThat(message).containsPattern(row("N+1", "none", 1, true));
        assertThat(message).contains("N+1: same call site, 8 distinct parameter sets");
        System.out.println(message);
    }
}
