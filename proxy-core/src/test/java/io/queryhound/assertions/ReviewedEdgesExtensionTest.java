package io.queryhound.assertions;

import io.queryhound.Scope;
import io.queryhound.internal.record.Recording;
import io.queryhound.internal.record.Recordings;
import io.queryhound.junit.ExpectQueries;
import io.queryhound.junit.NoNPlusOne;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryLog;
import io.queryhound.junit.QueryScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failedRow;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.query;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edge cases found in review: separate calls that only look like a loop, tasks carried onto a
 * thread that inherited another test's recording, early scope closes, contradictory counts, and
 * recordings that must end (and be forgotten) however a test ends.
 */
class ReviewedEdgesExtensionTest {

    static final DataSource DB = database(
            "create table item(id int primary key, name varchar(20))",
            "insert into item values (1, 'a'), (2, 'b'), (3, 'c')");

    static int findById(int id) {
        return query(DB, "select name from item where id = ?", id); // the same line for every caller
    }

    static class Lookups {
        @Test
        @NoNPlusOne
        void twoSeparateLookupsFromTwoLines() {
            findById(1);
            findById(2);
        }

        @Test
        @NoNPlusOne
        void aLoopOverTheSameCall() {
            for (int id = 1; id <= 2; id++) {
                findById(id);
            }
        }
    }

    @Test
    void twoSeparateCallsOfOneMethodAreNotALoopButALoopOfTwoIs() {
        EngineExecutionResults results = run(Lookups.class);
        assertPassed(results, "twoSeparateLookupsFromTwoLines");
        assertThat(failure(results, "aLoopOverTheSameCall").getMessage())
                .containsPattern(failedRow("N+1", "none", 1))
                .contains("N+1: same call site, 2 distinct parameter sets");
    }

    static volatile ExecutorService shared;
    static volatile EngineExecutionResults carried;

    /** Creates the shared pool, so its thread inherits this test's recording, then lets another test carry work to it. */
    @QueryScope(propagate = true)
    static class CreatesThePool {
        @Test
        @ExpectQueries(select = 0)
        void createsTheSharedPool() throws Exception {
            shared = Executors.newSingleThreadExecutor();
            shared.submit(() -> { }).get(); // the worker exists now, created while this test records
            Thread other = new Thread(() -> carried = run(CarriesToThePool.class));
            other.start();
            other.join();
        }
    }

    static class CarriesToThePool {
        @Test
        @ExpectQueries(select = 1)
        void carriesItsTask(Scope scope) throws Exception {
            CompletableFuture.runAsync(() -> findById(1), scope.executor(shared)).get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTaskCarriedToAThreadThatInheritedAnotherTestCountsOnlyForTheTestThatCarriedIt() {
        try {
            EngineExecutionResults creator = run(CreatesThePool.class);
            assertPassed(creator, "createsTheSharedPool");
            assertPassed(carried, "carriesItsTask");
        } finally {
            shared.shutdownNow();
        }
    }

    static class ClosesItsScope {
        @Test
        @ExpectQueries(select = 2)
        void closesItsScopeEarly(Scope scope) {
            findById(1);
            findById(2);
            scope.close(); // later queries no longer count; the two before still do
            findById(3);
        }

        @Test
        @ExpectQueries(select = 3)
        void expectsTheQueriesAfterTheClose(Scope scope) {
            findById(1);
            scope.close();
            findById(2);
        }
    }

    @Test
    void aTestThatClosesItsScopeIsJudgedOnWhatRanBefore() {
        EngineExecutionResults results = run(ClosesItsScope.class);
        assertPassed(results, "closesItsScopeEarly");
        assertThat(failure(results, "expectsTheQueriesAfterTheClose"))
                .isExactlyInstanceOf(QueryExpectationError.class)
                .hasMessageContaining("Query expectations failed in ReviewedEdgesExtensionTest.ClosesItsScope."
                        + "expectsTheQueriesAfterTheClose()");
    }

    static class Contradictions {
        @Test
        @ExpectQueries(total = 1, strict = true)
        void strictWithATotalAndNoKind() {
            findById(1);
        }

        @Test
        @ExpectQueries(total = 1, select = 2)
        void kindsAddingUpToMoreThanTheTotal() {
            findById(1);
        }

        @Test
        @ExpectQueries(total = 2, select = 2, strict = true)
        void strictAndConsistent() {
            findById(1);
            findById(2);
        }
    }

    @Test
    void countsThatCanNeverAllHoldAreRefusedBeforeTheTestRuns() {
        EngineExecutionResults results = run(Contradictions.class);
        assertPassed(results, "strictAndConsistent");
        assertThat(failure(results, "strictWithATotalAndNoKind"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@ExpectQueries(total = 1) on ReviewedEdgesExtensionTest.Contradictions"
                        + ".strictWithATotalAndNoKind() can never pass: the kinds it names add up to 0 and strict = true"
                        + " makes every other kind 0; make the counts agree, or leave total out");
        assertThat(failure(results, "kindsAddingUpToMoreThanTheTotal"))
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("the kinds it names add up to 2;");
    }

    @QueryScope(includeSetUp = true)
    static class FailingSetUp {
        @BeforeEach
        void setUp() {
            findById(1);
            throw new IllegalStateException("set-up failed");
        }

        @Test
        @ExpectQueries(select = 1)
        void neverRuns() {
        }
    }

    @Test
    void aTestWhoseSetUpFailsLeavesNoRecordingOpen() {
        EngineExecutionResults results = run(FailingSetUp.class);
        assertThat(failure(results, "neverRuns")).hasMessage("set-up failed");
        assertThat(Recordings.anyOpen()).as("no recording left open in this JVM").isFalse();
    }

    @Test
    void aThreadThatInheritedARecordingDoesNotKeepItsLogReachable() throws Exception {
        Recording recording = new Recording("inherited", true);
        Recording[] previous = Recordings.bind(recording, false);
        CountDownLatch release = new CountDownLatch(1);
        Thread child;
        try {
            child = new Thread(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            child.start(); // holds the recording through its inherited binding
            findById(1);
        } finally {
            Recordings.restore(previous);
        }
        QueryLog log = recording.finish();
        assertThat(log.count()).isEqualTo(1);
        assertThat(recording.finish()).as("the log is handed out once, not kept").isNull();
        WeakReference<QueryLog> reference = new WeakReference<>(log);
        log = null;
        for (int i = 0; i < 50 && reference.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(reference.get()).as("the log, while the inheriting thread still runs").isNull();
        assertThat(child.isAlive()).isTrue();
        release.countDown();
        child.join();
    }
}
