package io.queryhound.assertions;

import io.queryhound.junit.ExpectQueries;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failedRow;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.passedRow;
import static io.queryhound.assertions.ExtensionFixtures.query;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static io.queryhound.assertions.ExtensionFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests running in parallel count only their own queries. Four fixture tests run at once on a
 * JUnit pool of four threads; a barrier holds each of them before its first query and again between
 * its queries, so all four recordings are open, and fed, at the same time.
 */
class ParallelExtensionTest {

    static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

    private static EngineExecutionResults allRight;
    private static EngineExecutionResults oneWrong;
    private static EngineExecutionResults propagating;

    @BeforeAll
    static void runFixtures() {
        allRight = run(AllRight.class, PARALLEL);
        oneWrong = run(OneWrong.class, PARALLEL);
        propagating = run(AllRightPropagating.class, PARALLEL);
    }

    @Test
    void fourOverlappingTestsEachSeeExactlyTheirOwnCounts() {
        assertPassed(allRight, "one", "two", "three", "four");
        allRight.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4).failed(0));
        assertOverlapped(AllRight.OVERLAP);
    }

    @Test
    void onlyTheWrongTestFailsAndWithItsOwnNumbers() {
        assertPassed(oneWrong, "one", "two", "four");
        oneWrong.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
        assertOverlapped(OneWrong.OVERLAP);

        Throwable thrown = failure(oneWrong, "three");
        assertThat(thrown).isExactlyInstanceOf(QueryExpectationError.class);
        String message = thrown.getMessage();
        assertThat(message)
                .startsWith("Query expectations failed in ParallelExtensionTest.OneWrong.three()\n")
                .containsPattern(failedRow("total", "6", 5))
                .containsPattern(failedRow("select", "4", 3))
                .containsPattern(passedRow("insert", "2", 2))
                .contains("Statements by fingerprint (5 statements, 2 fingerprints, ")
                .contains("select name from t3 where id = ?")
                .contains("insert into t3 values (?, ?)")
                .doesNotContainPattern("\\bt[124]\\b");
        assertThat(((QueryExpectationError) thrown).log().executions())
                .extracting(execution -> execution.thread())
                .containsOnly(OneWrong.OVERLAP.threadOf.get(3));
    }

    @Test
    void parallelTestsThatPropagateStillSeeOnlyTheirOwnQueries() {
        assertPassed(propagating, "one", "two", "three", "four");
        propagating.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4).failed(0));
        assertOverlapped(AllRightPropagating.OVERLAP);
    }

    /**
     * A thread that inherited a running test's recording (a pool thread created while it ran) and
     * then runs another test must count that test's queries for that test only. Made deterministic
     * by having the first test start a thread that runs the second test itself.
     */
    @Test
    void aThreadThatInheritedOneTestsRecordingCountsAnotherTestsQueriesOnlyForThatOne() {
        EngineExecutionResults creator = run(Creator.class);
        assertPassed(creator, "startsAThreadThatRunsAnotherTest");
        assertThat(Creator.inner).isNotNull();
        assertPassed(Creator.inner, "runsOnTheInheritingThread");
        assertThat(Creator.innerThread).isEqualTo("inheriting-thread");
    }

    private static void assertOverlapped(Overlap overlap) {
        assertThat(overlap.maxRunning.get()).as("tests running at the same time").isEqualTo(4);
        assertThat(overlap.passedMiddle.get()).as("tests that got past the barrier between their queries").isEqualTo(4);
        assertThat(Set.copyOf(overlap.threadOf.values())).as("threads the four tests ran on").hasSize(4);
    }

    /** What the four tests of one fixture class saw. */
    static final class Overlap {
        final CyclicBarrier barrier = new CyclicBarrier(4);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger passedMiddle = new AtomicInteger();
        final Map<Integer, String> threadOf = new ConcurrentHashMap<>();

        /** Test {@code test}: {@code selects} SELECTs and {@code inserts} INSERTs on its own table, overlapping the others. */
        void work(DataSource db, int test, int selects, int inserts) throws Exception {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            threadOf.put(test, Thread.currentThread().getName());
            try {
                barrier.await(20, TimeUnit.SECONDS); // all four have started
                query(db, "select name from t" + test + " where id = ?", 1);
                barrier.await(20, TimeUnit.SECONDS); // all four have run a query and have more to run
                passedMiddle.incrementAndGet();
                for (int i = 1; i < selects; i++) {
                    query(db, "select name from t" + test + " where id = ?", 1 + i);
                }
                for (int i = 0; i < inserts; i++) {
                    update(db, "insert into t" + test + " values (?, ?)", 10 + i, "x");
                }
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @QueryScope(propagate = true)
    static class Creator {
        static final DataSource DB = fourTables();
        static volatile EngineExecutionResults inner;
        static volatile String innerThread;

        @Test
        @ExpectQueries(select = 1)
        void startsAThreadThatRunsAnotherTest() throws InterruptedException {
            query(DB, "select name from t1 where id = ?", 1);
            Thread thread = new Thread(() -> inner = run(Victim.class), "inheriting-thread");
            thread.start();
            thread.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(thread.isAlive()).isFalse();
        }
    }

    static class Victim {
        @Test
        @ExpectQueries(select = 2)
        void runsOnTheInheritingThread() {
            Creator.innerThread = Thread.currentThread().getName();
            query(Creator.DB, "select name from t2 where id = ?", 1);
            query(Creator.DB, "select name from t2 where id = ?", 2);
        }
    }

    static DataSource fourTables() {
        return database(
                "create table t1(id int, name varchar(20))", "create table t2(id int, name varchar(20))",
                "create table t3(id int, name varchar(20))", "create table t4(id int, name varchar(20))");
    }

    /** Test k runs k SELECTs and 5 - k INSERTs. */
    abstract static class FourTests {
        abstract Overlap overlap();

        abstract DataSource db();

        @Test
        @ExpectQueries(total = 5, select = 1, insert = 4)
        void one() throws Exception {
            overlap().work(db(), 1, 1, 4);
        }

        @Test
        @ExpectQueries(total = 5, select = 2, insert = 3)
        void two() throws Exception {
            overlap().work(db(), 2, 2, 3);
        }

        @Test
        @ExpectQueries(total = 5, select = 3, insert = 2)
        void three() throws Exception {
            overlap().work(db(), 3, 3, 2);
        }

        @Test
        @ExpectQueries(total = 5, select = 4, insert = 1)
        void four() throws Exception {
            overlap().work(db(), 4, 4, 1);
        }
    }

    static class AllRight extends FourTests {
        static final Overlap OVERLAP = new Overlap();
        static final DataSource DB = fourTables();

        @Override
        Overlap overlap() {
            return OVERLAP;
        }

        @Override
        DataSource db() {
            return DB;
        }
    }

    static class OneWrong extends FourTests {
        static final Overlap OVERLAP = new Overlap();
        static final DataSource DB = fourTables();

        @Override
        Overlap overlap() {
            return OVERLAP;
        }

        @Override
        DataSource db() {
            return DB;
        }

        /** Runs three SELECTs and two INSERTs, as before, but expects one SELECT more. */
        @Override
        @Test
        @ExpectQueries(total = 6, select = 4, insert = 2)
        void three() throws Exception {
            overlap().work(db(), 3, 3, 2);
        }
    }

    /** Threads the pool creates while one test runs inherit its recording; the others' queries must still not reach it. */
    @QueryScope(propagate = true)
    static class AllRightPropagating extends FourTests {
        static final Overlap OVERLAP = new Overlap();
        static final DataSource DB = fourTables();

        @Override
        Overlap overlap() {
            return OVERLAP;
        }

        @Override
        DataSource db() {
            return DB;
        }
    }
}
