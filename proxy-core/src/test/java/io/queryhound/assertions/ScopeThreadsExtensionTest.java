package io.queryhound.assertions;

import io.queryhound.QueryHound;
import io.queryhound.Scope;
import io.queryhound.junit.ExpectQueries;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failedRow;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.query;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which threads' queries a test counts: its own by default; also threads it starts (directly or
 * through a pool it creates) with {@code @QueryScope(propagate = true)}; and tasks carried to a pool
 * that already existed with the {@code Scope} parameter's executor or {@code QueryHound.propagating}.
 */
class ScopeThreadsExtensionTest {

    private static EngineExecutionResults results;

    @BeforeAll
    static void runFixture() {
        try {
            results = run(Threads.class);
        } finally {
            Threads.EXISTING.shutdownNow();
        }
    }

    @Test
    void everyFixtureTestRan() {
        results.testEvents().assertStatistics(stats -> stats.started(14).succeeded(10).failed(4));
    }

    @Test
    void theExistingPoolsThreadsWereStartedBeforeAnyTest() {
        assertThat(Threads.EXISTING.getLargestPoolSize()).isEqualTo(2);
    }

    @Test
    void byDefaultQueriesOfOtherThreadsAreNotCounted() {
        assertPassed(results, "threadNotCountedByDefault", "executorCreatedInTestNotCountedByDefault");
        assertThat(failure(results, "threadNotCountedByDefaultFailing").getMessage())
                .startsWith("Query expectations failed in ScopeThreadsExtensionTest.Threads.threadNotCountedByDefaultFailing()\n")
                .containsPattern(failedRow("select", "2", 1))
                .contains("Statements by fingerprint (1 statement, 1 fingerprint, ");
    }

    @Test
    void propagateCountsAThreadTheTestStarts() {
        assertPassed(results, "newThreadPropagated");
        Throwable thrown = failure(results, "newThreadPropagatedFailing");
        assertThat(thrown.getMessage()).containsPattern(failedRow("select", "1", 3));
        assertThat(((QueryExpectationError) thrown).log().executions())
                .extracting(execution -> execution.thread())
                .contains("fixture-started-thread");
    }

    @Test
    void propagateCountsAPoolCreatedInTheTest() {
        assertPassed(results, "executorCreatedInTestPropagated");
    }

    @Test
    void propagateDoesNotReachAPoolThatAlreadyExisted() {
        assertPassed(results, "existingPoolNotPropagated");
    }

    @Test
    void theScopeParameterCarriesTasksToAPoolThatAlreadyExisted() {
        assertPassed(results, "scopeExecutorCarriesExistingPool", "scopeWrapCarriesATask");
        Throwable thrown = failure(results, "scopeExecutorFailing");
        assertThat(thrown.getMessage()).containsPattern(failedRow("select", "2", 3));
        assertThat(((QueryExpectationError) thrown).log().executions())
                .extracting(execution -> execution.thread())
                .allMatch(thread -> thread.startsWith("existing-pool-"));
    }

    @Test
    void queryHoundPropagatingCarriesTasksToAPoolThatAlreadyExisted() {
        assertPassed(results, "propagatingCarriesExistingPool");
    }

    @Test
    void aTestWhoseQueriesAllRanElsewhereGetsTheHintAboutThreads() {
        Throwable thrown = failure(results, "onlyAnotherThreadRanQueries");
        assertThat(thrown).isExactlyInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage())
                .startsWith("Query expectations failed in ScopeThreadsExtensionTest.Threads.onlyAnotherThreadRanQueries()\n")
                .containsPattern(failedRow("select", "1", 0))
                .contains("No statement was recorded.")
                .contains("No statement ran on the test's thread.")
                .contains("@QueryScope(propagate = true)")
                .contains("scope.executor(executor)");
    }

    @Test
    void theHintIsOnlyGivenWhenNothingWasRecorded() {
        assertThat(failure(results, "threadNotCountedByDefaultFailing").getMessage())
                .doesNotContain("@QueryScope(propagate = true)");
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Threads {
        static final DataSource DB = database(
                "create table item(id int, name varchar(50))",
                "insert into item values (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");

        /** A pool whose threads all exist before any test runs, like an application's task executor. */
        static final ThreadPoolExecutor EXISTING = existingPool();

        private static ThreadPoolExecutor existingPool() {
            int[] count = {0};
            ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    task -> {
                        Thread thread = new Thread(task, "existing-pool-" + (++count[0]));
                        thread.setDaemon(true);
                        return thread;
                    });
            pool.prestartAllCoreThreads();
            return pool;
        }

        static void select(int id) {
            assertThat(query(DB, "select name from item where id = ?", id)).isEqualTo(1);
        }

        static void onNewThread(Runnable task) throws InterruptedException {
            Thread thread = new Thread(task, "fixture-started-thread");
            thread.start();
            thread.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(thread.isAlive()).isFalse();
        }

        static void onNewPool(int tasks) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 1; i <= tasks; i++) {
                    int id = i;
                    futures.add(pool.submit(() -> select(id)));
                }
                for (Future<?> future : futures) {
                    future.get(20, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdown();
                assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
            }
        }

        // ---------------------------------------------------------------- default: the test's thread only

        @Test
        @ExpectQueries(select = 1)
        void threadNotCountedByDefault() throws InterruptedException {
            select(1);
            onNewThread(() -> select(2));
        }

        @Test
        @ExpectQueries(select = 2)
        void threadNotCountedByDefaultFailing() throws InterruptedException {
            select(1);
            onNewThread(() -> select(2));
        }

        @Test
        @ExpectQueries(select = 1)
        void executorCreatedInTestNotCountedByDefault() throws Exception {
            select(1);
            onNewPool(3);
        }

        @Test
        @ExpectQueries(select = 1)
        void onlyAnotherThreadRanQueries() throws InterruptedException {
            onNewThread(() -> select(2));
        }

        // ---------------------------------------------------------------- propagate = true

        @Test
        @QueryScope(propagate = true)
        @ExpectQueries(select = 2)
        void newThreadPropagated() throws InterruptedException {
            select(1);
            onNewThread(() -> select(2));
        }

        @Test
        @QueryScope(propagate = true)
        @ExpectQueries(select = 1)
        void newThreadPropagatedFailing() throws InterruptedException {
            select(1);
            onNewThread(() -> {
                select(2);
                select(3);
            });
        }

        @Test
        @QueryScope(propagate = true)
        @ExpectQueries(select = 5)
        void executorCreatedInTestPropagated() throws Exception {
            select(1);
            onNewPool(4);
        }

        @Test
        @QueryScope(propagate = true)
        @ExpectQueries(select = 1)
        void existingPoolNotPropagated() throws Exception {
            select(1);
            EXISTING.submit(() -> select(2)).get(20, TimeUnit.SECONDS);
        }

        // ---------------------------------------------------------------- carried explicitly

        @Test
        @ExpectQueries(select = 3)
        void scopeExecutorCarriesExistingPool(Scope scope) {
            assertThat(scope.kind()).isEqualTo(Scope.Kind.TEST);
            assertThat(scope.name()).isEqualTo("ScopeThreadsExtensionTest.Threads.scopeExecutorCarriesExistingPool()");
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> select(1), scope.executor(EXISTING)),
                    CompletableFuture.runAsync(() -> select(2), scope.executor(EXISTING)),
                    CompletableFuture.runAsync(() -> select(3), scope.executor(EXISTING))
            ).orTimeout(20, TimeUnit.SECONDS).join();
            assertThat(scope.queryCount()).isEqualTo(3);
        }

        @Test
        @ExpectQueries(select = 2)
        void scopeExecutorFailing(Scope scope) {
            for (int id = 1; id <= 3; id++) {
                int key = id;
                CompletableFuture.runAsync(() -> select(key), scope.executor(EXISTING))
                        .orTimeout(20, TimeUnit.SECONDS).join();
            }
        }

        @Test
        @ExpectQueries(select = 2)
        void scopeWrapCarriesATask(Scope scope) throws InterruptedException {
            onNewThread(scope.wrap(() -> select(1)));
            onNewThread(scope.wrap(() -> select(2)));
        }

        @Test
        @ExpectQueries(select = 2)
        void propagatingCarriesExistingPool() {
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> select(1), QueryHound.propagating(EXISTING)),
                    CompletableFuture.runAsync(() -> select(2), QueryHound.propagating(EXISTING))
            ).orTimeout(20, TimeUnit.SECONDS).join();
        }

        /** The pool's threads are the same from test to test: what a test carried there must not stick to them. */
        @Test
        @Order(Integer.MAX_VALUE) // after the tests that carried their recordings to the pool
        @ExpectQueries(select = 0)
        void existingPoolThreadsCarryNothingAfterwards() throws Exception {
            for (int i = 0; i < 4; i++) {
                EXISTING.submit(() -> select(4)).get(20, TimeUnit.SECONDS);
            }
        }

        /** A Scope parameter alone, with @QueryScope and no expectation: the extension only provides it. */
        @Test
        @QueryScope
        void scopeParameterWithoutExpectations(Scope scope) {
            select(1);
            assertThat(scope.queryCount()).isEqualTo(1);
            assertThat(scope.isClosed()).isFalse();
        }
    }
}
