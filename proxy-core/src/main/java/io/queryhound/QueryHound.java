package io.queryhound;

import io.queryhound.internal.capture.AgentCapture;
import io.queryhound.internal.config.Settings;
import io.queryhound.internal.config.SettingsLoader;
import io.queryhound.internal.export.Exporters;
import io.queryhound.junit.QueryBlock;
import io.queryhound.junit.QueryExpectation;
import io.queryhound.junit.QueryExpectations;
import io.queryhound.junit.QueryLog;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * QueryHound's front door. {@code QueryHound.wrap(dataSource)} returns a DataSource whose every
 * query is fingerprinted, timed and summarised per statement; the output goes where the
 * {@code output} setting says (stderr by default) as one JSON object per line.
 *
 * <pre>{@code
 * DataSource dataSource = QueryHound.wrap(hikariDataSource);
 * ...
 * QueryHound.close(); // or at JVM shutdown: writes the summary
 * }</pre>
 *
 * The static methods use one process-wide {@link QueryHoundEngine}, configured from
 * {@code queryhound.properties}, environment variables and system properties; {@link #builder()}
 * makes independent ones.
 */
public final class QueryHound {

    /** Read without a lock on every {@code scope()} and {@code wrap()}; written under the class lock. */
    /** The default clock of engines; under the agent, the agent's own readings of it are used as they are. */
    static final LongSupplier SYSTEM_TICKER = System::nanoTime;

    private static volatile QueryHoundEngine global;

    private QueryHound() {
    }

    /**
     * Wraps {@code dataSource} with the process-wide instance; see {@link QueryHoundEngine#wrap(DataSource)}.
     * Under the agent it is returned as it is and the agent's own engine, which plays the process-wide part
     * there, reports its queries (no second engine, no second output).
     */
    public static DataSource wrap(DataSource dataSource) {
        return AgentCapture.agentAttached() ? Objects.requireNonNull(dataSource, "dataSource")
                : global().wrap(dataSource);
    }

    /** Wraps {@code dataSource} under {@code name}; see {@link QueryHoundEngine#wrap(DataSource, String)}. */
    public static DataSource wrap(DataSource dataSource, String name) {
        return AgentCapture.agentAttached() ? Objects.requireNonNull(dataSource, "dataSource")
                : global().wrap(dataSource, name);
    }

    /**
     * Opens an explicit scope on the current thread with the process-wide instance:
     * {@code try (Scope s = QueryHound.scope("nightly-import")) { ... }}. See {@link Scope}.
     */
    public static Scope scope(String name) {
        return global().scope(name);
    }

    /** Opens a scope of {@code kind} with the process-wide instance. */
    public static Scope scope(String name, Scope.Kind kind) {
        return global().scope(name, kind);
    }

    /** See {@link QueryHoundEngine#propagating(java.util.concurrent.Executor)}; uses the process-wide instance. */
    public static java.util.concurrent.Executor propagating(java.util.concurrent.Executor executor) {
        return global().propagating(executor);
    }

    /**
     * Runs {@code block} and returns the log of the queries it ran on this thread (and on threads
     * its tasks were carried to with {@link Scope#executor} or {@link #propagating}), whichever
     * QueryHound instance or agent captured them:
     * {@code QueryLog log = QueryHound.record(() -> orders.load(42));}. What the block throws
     * reaches the caller unchanged.
     *
     * An empty log from a JVM where nothing captures queries fails the first count assertion with
     * an {@link IllegalStateException} that says what to wrap.
     */
    public static QueryLog record(Callable<?> block) {
        return QueryExpectations.of().record(block);
    }

    /** As {@link #record(Callable)} for a block without a result. */
    public static QueryLog record(QueryBlock block) {
        return QueryExpectations.of().record(block);
    }

    /**
     * Expectations to check against the queries of a block:
     * {@code Order order = QueryHound.expect(select(2), noNPlusOne()).during(() -> orders.load(42));}
     * with the factories of {@link QueryExpectation} imported statically.
     */
    public static QueryExpectations expect(QueryExpectation... expectations) {
        return QueryExpectations.of(expectations);
    }

    /**
     * The execution plan of {@code sql} with {@code values} bound, now, on a new connection from
     * {@code dataSource}; see {@link QueryHoundEngine#explain}.
     */
    public static QueryPlan explain(DataSource dataSource, String sql, Object... values) {
        return global().explain(dataSource, sql, values);
    }

    /** The process-wide instance, created from the settings on first use (and again after {@link #close()}). */
    public static QueryHoundEngine global() {
        QueryHoundEngine engine = global;
        if (engine != null && !engine.isClosed()) {
            return engine;
        }
        synchronized (QueryHound.class) {
            if (global == null || global.isClosed()) {
                global = builder().build();
            }
            return global;
        }
    }

    /** Writes the process-wide instance's final statistics summary and closes it. */
    public static void close() {
        QueryHoundEngine engine;
        synchronized (QueryHound.class) {
            engine = global;
            global = null;
        }
        if (engine != null) {
            engine.close(); // outside the lock: writing the summary must not hold up scope() on other threads
        }
    }

    /** A builder for an independent instance; its explicit values override every other settings source. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configures a {@link QueryHoundEngine}. Values set here win over system properties, environment
     * variables and {@code queryhound.properties}; everything else comes from those sources.
     */
    public static final class Builder {

        private final Map<String, String> explicit = new LinkedHashMap<>();
        private Exporter exporter;
        private LongSupplier ticker = SYSTEM_TICKER;
        private Clock clock = Clock.systemUTC();
        private boolean shutdownHook = true;
        private String settingsSource = "QueryHound.builder()";

        private Builder() {
        }

        /**
         * How warnings about the values given to {@link #set} name where they came from (default
         * {@code QueryHound.builder()}); front ends such as the agent name their own source.
         */
        public Builder settingsSource(String source) {
            this.settingsSource = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Sets any setting by its key, as it would be written in {@code queryhound.properties}. An
         * unknown key or a bad value is reported once and the default is used.
         */
        public Builder set(String key, String value) {
            explicit.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** {@code stdout}, {@code stderr}, {@code slf4j}, {@code none}, or a file path to append JSON lines to. */
        public Builder output(String output) {
            return set(Settings.OUTPUT.key(), output);
        }

        /** Seconds between statistics records (default 60). */
        public Builder statsIntervalSeconds(int seconds) {
            return set(Settings.STATS_INTERVAL_SECONDS.key(), Integer.toString(seconds));
        }

        /** Distinct statements that keep their own statistics (default 1000); the rest are counted together. */
        public Builder maxStatements(int maxStatements) {
            return set(Settings.MAX_STATEMENTS.key(), Integer.toString(maxStatements));
        }

        /** The SQL dialect for fingerprinting; by default it is read from the database product name. */
        public Builder dialect(SqlDialect dialect) {
            return set(Settings.DIALECT.key(), dialect.name());
        }

        /** {@code false} makes {@link QueryHoundEngine#wrap} return DataSources unchanged. */
        public Builder enabled(boolean enabled) {
            return set(Settings.ENABLED.key(), Boolean.toString(enabled));
        }

        /** Sends records to {@code exporter} instead of the {@code output} setting's destination. */
        public Builder exporter(Exporter exporter) {
            this.exporter = Objects.requireNonNull(exporter, "exporter");
            return this;
        }

        /** The nanosecond time source for latencies (default {@code System::nanoTime}); tests advance their own. */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** The wall clock for record timestamps (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Whether JVM shutdown writes the final summary (default true). */
        public Builder shutdownHook(boolean shutdownHook) {
            this.shutdownHook = shutdownHook;
            return this;
        }

        public QueryHoundEngine build() {
            Settings settings = SettingsLoader.load(explicit, settingsSource);
            Exporter target = exporter != null ? exporter : Exporters.forOutput(settings.get(Settings.OUTPUT),
                    settings.get(Settings.FORMAT) == Settings.Format.TEXT);
            return new QueryHoundEngine(settings, target, ticker, clock, shutdownHook);
        }
    }
}
