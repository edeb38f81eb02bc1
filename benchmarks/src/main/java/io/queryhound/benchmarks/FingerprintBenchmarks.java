package io.queryhound.benchmarks;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.sql.Fingerprinter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * SQL fingerprinting alone. "Cached" is what every execution of a statement already seen costs (the public
 * {@link SqlFingerprint#of} through the shared cache); "uncached" is a miss, the lexer and hash on the whole text.
 * A 10 KB statement is longer than the cache keeps, so it is never cached: both of its figures are the lexer's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FingerprintBenchmarks {

    /** 200 characters, with literals, an IN list and a comment: what an ORM sends every day. */
    static final String SHORT = "SELECT o.id, o.status, o.total, c.name /* orders page */ FROM orders o "
            + "JOIN customer c ON c.id = o.customer_id WHERE o.status IN ('NEW', 'PAID') AND o.created_at > "
            + "'2026-01-01' ORDER BY o.id LIMIT 50";
    static final String LONG = longStatement();

    private static String longStatement() {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; sql.length() < 10_000; i++) {
            sql.append(i == 0 ? "" : ", ").append("t.column_").append(i).append(" AS alias_").append(i);
        }
        return sql.append(" FROM wide_table t WHERE t.id = 42 AND t.name = 'x'").toString();
    }

    @Benchmark
    public SqlFingerprint shortCached() {
        return SqlFingerprint.of(SHORT);
    }

    @Benchmark
    public SqlFingerprint shortUncached() {
        return Fingerprinter.fingerprint(SHORT, SqlDialect.GENERIC);
    }

    @Benchmark
    public SqlFingerprint longCached() {
        return SqlFingerprint.of(LONG);
    }

    @Benchmark
    public SqlFingerprint longUncached() {
        return Fingerprinter.fingerprint(LONG, SqlDialect.GENERIC);
    }
}
