package io.queryhound.benchmarks;

import com.p6spy.engine.spy.P6DataSource;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;

/**
 * What stands between the benchmark and H2. The in-process variants wrap the DataSource; the agents are given
 * to the fork with {@code -javaagent} (see {@link BenchmarkMain}) and the code then runs as raw JDBC does.
 */
public enum Variant {

    RAW("raw JDBC", false),
    /** Raw JDBC in a fork that iterated LinkedHashSets first: see {@code JdbcBenchmarks#iterateLinkedHashSets}. */
    RAW_CONTROL("raw JDBC, control: JVM that iterated a LinkedHashSet", false),
    /** Not a tool: the least any agent that times queries costs here (see {@code floor.TimingFloorAgent}). */
    TIMING_FLOOR_AGENT("floor: an agent that only times each execution", true),
    DATASOURCE_PROXY("datasource-proxy 1.11, no-op listener", false),
    P6SPY("p6spy 3.9, logging off", false),
    OPENTELEMETRY_AGENT("OpenTelemetry Java agent 2.22, exporters none", true),
    QUERYHOUND("QueryHound library (wrap)", false),
    QUERYHOUND_AGENT("QueryHound agent", true);

    private final String label;
    private final boolean agent;

    Variant(String label, boolean agent) {
        this.label = label;
        this.agent = agent;
    }

    public String label() {
        return label;
    }

    /** Whether the variant is an agent given to the fork, rather than a wrapper made here. */
    public boolean isAgent() {
        return agent;
    }

    /** The DataSource the benchmark uses over {@code target}. */
    public DataSource over(DataSource target) {
        return switch (this) {
            case RAW, RAW_CONTROL, OPENTELEMETRY_AGENT, QUERYHOUND_AGENT, TIMING_FLOOR_AGENT -> target;
            case DATASOURCE_PROXY -> ProxyDataSourceBuilder.create(target).listener(new NoOpListener()).build();
            case P6SPY -> p6spy(target);
            case QUERYHOUND -> Library.ENGINE.wrap(target);
        };
    }

    private static DataSource p6spy(DataSource target) {
        // p6spy reads these once, when it first initialises: every category excluded, so no statement is
        // formatted, and an appender that would drop anything that still came through.
        System.setProperty("p6spy.config.appender", NoLogging.class.getName());
        System.setProperty("p6spy.config.excludecategories",
                "info,debug,result,resultset,batch,commit,rollback,statement,error,outage");
        System.setProperty("p6spy.config.jmx", "false");
        System.setProperty("p6spy.config.autoflush", "false");
        return new P6DataSource(target);
    }

    /** datasource-proxy's cost with nothing to do: the proxies and the ExecutionInfo/QueryInfo it builds. */
    static final class NoOpListener implements QueryExecutionListener {
        @Override
        public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        }

        @Override
        public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        }
    }

    /** One engine per fork, writing JSON lines to a temporary file as a deployed application would. */
    static final class Library {
        static final QueryHoundEngine ENGINE = QueryHound.builder()
                .output(outputFile("queryhound-library").toString()).shutdownHook(false).build();
    }

    /** A fresh file in the temporary directory for a variant's output. */
    static Path outputFile(String prefix) {
        try {
            Path file = Files.createTempFile(prefix, ".jsonl");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
