package io.queryhound.benchmarks;

import io.queryhound.benchmarks.floor.TimingFloor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The JDBC workloads, each run once per {@link Variant}: the agents' forks get {@code -javaagent} from
 * {@link BenchmarkMain}, which also sets {@link #variant}. One thread, H2 in memory: the fastest database there is,
 * so that what QueryHound adds is as visible as it can be.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JdbcBenchmarks {

    /** Literals of the plain-statement workload: far more distinct texts than any statement cache holds. */
    private static final int LITERALS = 1_000_000;

    @Param({"RAW", "RAW_CONTROL", "DATASOURCE_PROXY", "P6SPY", "QUERYHOUND"})
    public String variant;

    private Database database;
    private DataSource pooled;
    private Connection connection;
    private PreparedStatement lookup;
    private PreparedStatement range;
    private PreparedStatement insert;
    private Statement plain;
    private int nextId;
    private int nextLiteral;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        Variant chosen = Variant.valueOf(variant);
        if (chosen == Variant.RAW_CONTROL) {
            iterateLinkedHashSets();
        }
        database = Database.create();
        connection = chosen.over(database.h2()).getConnection();
        pooled = chosen.over(database.pool());
        lookup = connection.prepareStatement(Database.LOOKUP);
        range = connection.prepareStatement(Database.RANGE);
        insert = connection.prepareStatement(Database.INSERT);
        plain = connection.createStatement();
    }

    @TearDown(Level.Iteration)
    public void emptyAudit() throws SQLException {
        database.emptyAudit();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        plain.close();
        insert.close();
        range.close();
        lookup.close();
        connection.close();
        database.close();
        if (Variant.valueOf(variant) == Variant.TIMING_FLOOR_AGENT && TimingFloor.executions() == 0) {
            // Its row would be raw JDBC under another name.
            throw new IllegalStateException("the timing-floor agent timed no execution: was the fork started with it?");
        }
    }

    /**
     * {@link Variant#RAW_CONTROL}: before measuring, the fork iterates LinkedHashSets, as any real application (and
     * the agents' own start-up) does. {@code HashSet.iterator()} has then seen two map types, and C2 no longer removes
     * the iterator H2 allocates for each statement: allocation and time that the agents' rows would otherwise seem
     * to add. The plain raw JDBC fork stays the cleanest JVM there is, and the ratios are to it.
     */
    private static void iterateLinkedHashSets() {
        Set<Integer> set = new LinkedHashSet<>(List.of(1, 2, 3));
        long sum = 0;
        for (int i = 0; i < 200_000; i++) {
            for (Integer value : set) {
                sum += value;
            }
        }
        if (sum == 42) {
            System.out.println(sum);
        }
    }

    private int nextId() {
        int id = nextId + 1;
        nextId = id == Database.ACCOUNTS ? 0 : id;
        return id;
    }

    /** A primary-key lookup through a PreparedStatement prepared once, reading the row. */
    @Benchmark
    public long lookup(Blackhole blackhole) throws SQLException {
        lookup.setInt(1, nextId());
        try (ResultSet row = lookup.executeQuery()) {
            row.next();
            blackhole.consume(row.getString(2));
            return row.getLong(3);
        }
    }

    /** The same through HikariCP: borrow a connection, prepare, execute, read, close everything. */
    @Benchmark
    public long pooledLookup(Blackhole blackhole) throws SQLException {
        try (Connection borrowed = pooled.getConnection();
             PreparedStatement statement = borrowed.prepareStatement(Database.LOOKUP)) {
            statement.setInt(1, nextId());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                blackhole.consume(row.getString(2));
                return row.getLong(3);
            }
        }
    }

    /** 200 rows read one by one: what counting rows costs. */
    @Benchmark
    public long read200Rows(Blackhole blackhole) throws SQLException {
        int first = nextId() % (Database.ACCOUNTS - 200) + 1;
        range.setInt(1, first);
        range.setInt(2, first + 199);
        long sum = 0;
        try (ResultSet rows = range.executeQuery()) {
            while (rows.next()) {
                blackhole.consume(rows.getString(2));
                sum += rows.getLong(3);
            }
        }
        return sum;
    }

    /** One executeBatch of 100 INSERTs. */
    @Benchmark
    public int[] batchInsert100() throws SQLException {
        int base = nextId();
        for (int i = 0; i < 100; i++) {
            insert.setLong(1, base + i);
            insert.setString(2, "batch");
            insert.addBatch();
        }
        return insert.executeBatch();
    }

    /**
     * A plain Statement with its value inlined, a different text nearly every time: each one is fingerprinted
     * afresh, which is the fingerprint cache's worst case.
     */
    @Benchmark
    public boolean plainStatementWithLiterals() throws SQLException {
        int literal = nextLiteral + 1;
        nextLiteral = literal == LITERALS ? 0 : literal;
        try (ResultSet row = plain.executeQuery("select name from account where id = " + literal)) {
            return row.next();
        }
    }
}
