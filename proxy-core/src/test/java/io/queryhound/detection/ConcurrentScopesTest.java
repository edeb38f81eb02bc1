package io.queryhound.detection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.Scope;
import io.queryhound.testing.RecordingEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scopes on different threads sharing one pool must not see each other's queries; one scope carried
 * to several threads must see all of its own.
 */
class ConcurrentScopesTest {

    private static final int WORKERS = 8;
    private static final int ROUNDS = 2; // below the loop threshold: the driving query itself is no N+1
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static final String DRIVE = "select id from customer where worker = ? and round = ? order by id";
    private static final String ORDERS_BY_CUSTOMER = "select id, total from orders where customer_id = ?";
    private static final String CUSTOMER_BY_ID = "select name from customer where id = ?";

    private RecordingEngine r;
    private HikariDataSource hikari;
    private DataSource ds;

    @BeforeEach
    void setUp() throws SQLException {
        // No slow-query or slow-connection findings from a loaded machine: only N+1s are expected.
        r = new RecordingEngine(QueryHound.builder().set("slowQueryMillis", "60000")
                .set("slowConnectionMillis", "60000"));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:conc" + DATABASES.incrementAndGet() + "_" + System.nanoTime()
                + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setMaximumPoolSize(WORKERS + 2);
        config.setMinimumIdle(WORKERS + 2);
        hikari = new HikariDataSource(config);
        ds = r.wrap(hikari);
        createData();
    }

    @AfterEach
    void tearDown() {
        r.close();
        hikari.close();
    }

    /** Worker {@code w} has {@code 5 + w} customers per round, so every worker's counts differ. */
    private static int customersPerRound(int worker) {
        return 5 + worker;
    }

    private static int customerId(int worker, int round, int i) {
        return worker * 1000 + round * 100 + i;
    }

    private void createData() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("create table customer (id int primary key, worker int, round int, name varchar(40))");
            st.execute("create table orders (id int primary key, customer_id int, total int)");
            StringBuilder customers = new StringBuilder("insert into customer values ");
            StringBuilder orders = new StringBuilder("insert into orders values ");
            int orderId = 1;
            for (int w = 0; w < WORKERS; w++) {
                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < customersPerRound(w); i++) {
                        int id = customerId(w, round, i);
                        customers.append(orderId == 1 ? "" : ", ")
                                .append("(").append(id).append(", ").append(w).append(", ").append(round)
                                .append(", 'c").append(id).append("')");
                        for (int o = 0; o < 2; o++) {
                            orders.append(orderId == 1 ? "" : ", ")
                                    .append("(").append(orderId++).append(", ").append(id).append(", ")
                                    .append(o + 1).append(")");
                        }
                    }
                }
            }
            // One statement each: the set-up itself must not look like a loop.
            st.execute(customers.toString());
            st.execute(orders.toString());
        }
    }

    // ------------------------------------------------------------------ the application code

    /** One worker's unit of work: per round, a driving query and two lookups per row, interleaved. */
    private long work(int worker) throws SQLException {
        long sum = 0;
        for (int round = 0; round < ROUNDS; round++) {
            try (Connection connection = ds.getConnection()) {
                List<Integer> ids = customerIds(connection, worker, round);
                for (int id : ids) {
                    sum += ordersOf(connection, id);
                    sum += nameOf(connection, id).length();
                }
            }
        }
        return sum;
    }

    private static List<Integer> customerIds(Connection connection, int worker, int round) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(DRIVE)) {
            ps.setInt(1, worker);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
        }
        return ids;
    }

    private static long ordersOf(Connection connection, int customerId) throws SQLException {
        long total = 0;
        try (PreparedStatement ps = connection.prepareStatement(ORDERS_BY_CUSTOMER)) {
            ps.setInt(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total += rs.getInt(2);
                }
            }
        }
        return total;
    }

    private static String nameOf(Connection connection, int customerId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(CUSTOMER_BY_ID)) {
            ps.setInt(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void eightWorkerScopesOnOnePoolSeeOnlyTheirOwnLoops() throws Exception {
        CyclicBarrier start = new CyclicBarrier(WORKERS);
        Map<Integer, Scope> scopes = new ConcurrentHashMap<>();
        Map<Integer, String> threadNames = new ConcurrentHashMap<>();
        Map<Integer, Throwable> failures = new ConcurrentHashMap<>();
        // Scopes stay open until every worker has run its first round, so they really overlap.
        CyclicBarrier allRunning = new CyclicBarrier(WORKERS);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            Thread thread = new Thread(() -> {
                try {
                    threadNames.put(worker, Thread.currentThread().getName());
                    start.await(30, TimeUnit.SECONDS);
                    try (Scope s = r.engine.scope("worker-" + worker)) {
                        scopes.put(worker, s);
                        work(worker);
                        allRunning.await(30, TimeUnit.SECONDS);
                    }
                } catch (Throwable e) {
                    failures.put(worker, e);
                }
            }, "qh-worker-thread-" + w);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).isFalse();
        }
        assertThat(failures).isEmpty();
        assertThat(scopes).hasSize(WORKERS);

        for (int w = 0; w < WORKERS; w++) {
            Scope s = scopes.get(w);
            int perLookup = ROUNDS * customersPerRound(w);
            assertThat(s.isClosed()).isTrue();
            assertThat(s.queryCount()).as("queries of worker %d", w).isEqualTo(ROUNDS + 2L * perLookup);
            assertThat(s.findings()).as("findings of worker %d", w)
                    .allMatch(f -> f.type() == FindingType.N_PLUS_ONE);
            Map<String, Finding> loops = s.findings().stream()
                    .collect(Collectors.toMap(Finding::sql, f -> f));
            assertThat(loops).as("N+1s of worker %d", w).containsOnlyKeys(ORDERS_BY_CUSTOMER, CUSTOMER_BY_ID);
            for (Finding loop : loops.values()) {
                assertThat(loop.scope()).isEqualTo("worker-" + w);
                assertThat(loop.scopeId()).isEqualTo(s.id());
                assertThat(loop.thread()).isEqualTo(threadNames.get(w));
                assertThat(loop.count()).as("count of %s in worker %d", loop.sql(), w).isEqualTo(perLookup);
                assertThat(loop.distinctParams()).isEqualTo(perLookup);
                assertThat(loop.callSite()).isNotNull();
                assertThat(loop.callSite().className()).isEqualTo(ConcurrentScopesTest.class.getName());
                assertThat(loop.callSite().methodName())
                        .isEqualTo(loop.sql().equals(ORDERS_BY_CUSTOMER) ? "ordersOf" : "nameOf");
                assertThat(loop.trigger()).isNotNull();
                assertThat(loop.trigger().sql()).isEqualTo(DRIVE);
                // The first round's driving query of this worker: its own row count, no other worker's.
                assertThat(loop.trigger().rows()).isEqualTo(customersPerRound(w));
            }
        }

        r.engine.reportFindings();
        List<Finding> written = r.exporter.findings().stream()
                .filter(f -> f.type() == FindingType.N_PLUS_ONE).collect(Collectors.toList());
        List<FindingSummary> summaries = r.exporter.findingSummaries();
        Set<String> workerNames = scopes.values().stream().map(Scope::name).collect(Collectors.toSet());
        assertThat(r.exporter.findings()).allMatch(f -> workerNames.contains(f.scope()));
        // Every worker's two loops share two keys (statement and line): one written finding per key,
        // the other seven occurrences summarized.
        assertThat(written).hasSize(2);
        long allCounts = 0;
        for (int w = 0; w < WORKERS; w++) {
            allCounts += ROUNDS * customersPerRound(w);
        }
        for (Finding first : written) {
            List<FindingSummary> same = summaries.stream()
                    .filter(s -> s.type() == first.type() && s.fingerprint().equals(first.fingerprint())
                            && s.callSite().equals(first.callSite()))
                    .collect(Collectors.toList());
            long occurrences = same.stream().mapToLong(FindingSummary::occurrences).sum();
            long counts = same.stream().mapToLong(FindingSummary::count).sum();
            assertThat(1 + occurrences).as("occurrences of %s", first.sql()).isEqualTo(WORKERS);
            assertThat(same.get(same.size() - 1).totalOccurrences()).isEqualTo(WORKERS);
            assertThat(first.count() + counts).as("executions of %s", first.sql()).isEqualTo(allCounts);
        }
    }

    @Test
    void oneScopeCarriedToFourPoolThreadsSeesTheWholeLoop() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4, named("qh-pool-"));
        try {
            Scope scope;
            CyclicBarrier together = new CyclicBarrier(4);
            try (Scope s = r.engine.scope("parallel")) {
                scope = s;
                List<Integer> ids = new ArrayList<>();
                try (Connection connection = ds.getConnection()) {
                    for (int round = 0; round < ROUNDS; round++) {
                        ids.addAll(customerIds(connection, 7, round)); // 2 x 12 = 24 customers
                    }
                }
                assertThat(ids).hasSize(24);
                List<Callable<Long>> tasks = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    List<Integer> slice = ids.subList(t * 6, t * 6 + 6);
                    tasks.add(s.wrap(() -> {
                        together.await(30, TimeUnit.SECONDS);
                        long sum = 0;
                        try (Connection connection = ds.getConnection()) {
                            for (int id : slice) {
                                sum += ordersOf(connection, id);
                            }
                        }
                        return sum;
                    }));
                }
                for (Future<Long> future : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                    assertThat(future.get()).isPositive();
                }
            }
            assertThat(scope.queryCount()).isEqualTo(2 + 24);
            List<Finding> loops = scope.findings().stream()
                    .filter(f -> f.type() == FindingType.N_PLUS_ONE).collect(Collectors.toList());
            assertThat(loops).as("findings %s", scope.findings()).hasSize(1);
            Finding loop = loops.get(0);
            assertThat(loop.sql()).isEqualTo(ORDERS_BY_CUSTOMER);
            assertThat(loop.count()).isEqualTo(24);
            assertThat(loop.distinctParams()).isEqualTo(24);
            assertThat(loop.scope()).isEqualTo("parallel");
            assertThat(loop.thread()).startsWith("qh-pool-");
            assertThat(loop.callSite().methodName()).isEqualTo("ordersOf");
            assertThat(loop.trigger()).isNotNull();
            assertThat(loop.trigger().sql()).isEqualTo(DRIVE);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPropagatingExecutorRunsEachTaskInTheScopeThatSubmittedIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, named("qh-prop-"));
        Executor propagating = r.engine.propagating(pool);
        try {
            List<Scope> scopes = new ArrayList<>();
            for (int request = 0; request < 2; request++) {
                try (Scope s = r.engine.scope("request-" + request)) {
                    scopes.add(s);
                    List<Integer> ids;
                    try (Connection connection = ds.getConnection()) {
                        ids = customerIds(connection, request, 0);
                    }
                    List<CompletableFuture<Void>> futures = new ArrayList<>();
                    for (int id : ids) {
                        futures.add(CompletableFuture.runAsync(() -> {
                            try (Connection connection = ds.getConnection()) {
                                nameOf(connection, id);
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }, propagating));
                    }
                    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
                    assertThat(s.queryCount()).isEqualTo(1 + ids.size());
                }
            }
            for (Scope s : scopes) {
                List<Finding> loops = s.findings().stream()
                        .filter(f -> f.type() == FindingType.N_PLUS_ONE).collect(Collectors.toList());
                assertThat(loops).as("findings of %s", s.name()).hasSize(1);
                assertThat(loops.get(0).scope()).isEqualTo(s.name());
                assertThat(loops.get(0).count()).isEqualTo(s.queryCount() - 1);
            }
            // Outside any scope the task runs as it is: its query goes to the pool thread's implicit scope.
            AtomicReference<Scope> outside = new AtomicReference<>();
            CompletableFuture.runAsync(() -> outside.set(r.engine.currentScope()), propagating).get(60, TimeUnit.SECONDS);
            assertThat(outside.get()).isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aScopeExecutorCarriesTheScopeToEveryTask() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4, named("qh-exec-"));
        try {
            Scope scope;
            CyclicBarrier together = new CyclicBarrier(4);
            AtomicReference<Scope> seenInTask = new AtomicReference<>();
            try (Scope s = r.engine.scope("parallel-executor")) {
                scope = s;
                List<Integer> ids;
                try (Connection connection = ds.getConnection()) {
                    ids = customerIds(connection, 3, 0); // 8 customers
                }
                List<CompletableFuture<Void>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    List<Integer> slice = ids.subList(t * 2, t * 2 + 2);
                    futures.add(CompletableFuture.runAsync(() -> {
                        try {
                            together.await(30, TimeUnit.SECONDS);
                            seenInTask.compareAndSet(null, r.engine.currentScope());
                            try (Connection connection = ds.getConnection()) {
                                for (int id : slice) {
                                    nameOf(connection, id);
                                }
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, s.executor(pool)));
                }
                CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            }
            assertThat(seenInTask.get()).isSameAs(scope);
            assertThat(scope.queryCount()).isEqualTo(1 + 8);
            List<Finding> loops = scope.findings().stream()
                    .filter(f -> f.type() == FindingType.N_PLUS_ONE).collect(Collectors.toList());
            assertThat(loops).as("findings %s", scope.findings()).hasSize(1);
            assertThat(loops.get(0).sql()).isEqualTo(CUSTOMER_BY_ID);
            assertThat(loops.get(0).count()).isEqualTo(8);
            assertThat(loops.get(0).scope()).isEqualTo("parallel-executor");
            // Pool threads leave no trace of the scope once their task is done.
            Map<String, Scope> after = new HashMap<>();
            List<Future<?>> probes = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                probes.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    synchronized (after) {
                        after.put(Thread.currentThread().getName(), r.engine.currentScope());
                    }
                    return null;
                }));
            }
            for (Future<?> probe : probes) {
                probe.get(60, TimeUnit.SECONDS);
            }
            assertThat(after).hasSize(4);
            assertThat(after.values()).containsOnlyNulls();
        } finally {
            pool.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
