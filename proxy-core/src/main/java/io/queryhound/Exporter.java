package io.queryhound;

import io.queryhound.internal.config.Diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where QueryHound's records go: JSON lines to a file or console, SLF4J, memory for tests, or a
 * destination of the user's. Called from QueryHound's reporting thread, never from a thread that
 * is executing a query. Every method has a default so that methods added later do not break an
 * implementation.
 */
public interface Exporter extends AutoCloseable {

    /** Drops everything. */
    Exporter NONE = new Exporter() {
        @Override
        public String toString() {
            return "none";
        }
    };

    /** One statistics record (an interval or the final summary) of one statement. */
    default void statistics(StatementStatistics statistics) {
    }

    /**
     * What the scopes of one name cost over a period (an interval or the final summary): statements
     * and duration per scope, for HTTP scopes per endpoint.
     */
    default void scopeStatistics(ScopeStatistics statistics) {
    }

    /**
     * The first occurrence of a finding (type, fingerprint and call site) since QueryHound started,
     * written when the scope that produced it ends. Later occurrences of the same finding arrive
     * counted in {@link #findingSummary}.
     */
    default void finding(Finding finding) {
    }

    /**
     * How often a finding already passed to {@link #finding} recurred over one statistics interval
     * (or since the previous summary, at close); only for findings seen again in that period.
     */
    default void findingSummary(FindingSummary summary) {
    }

    /** Called after a batch of records, so buffered destinations can write them out. */
    default void flush() {
    }

    /** Called once when QueryHound closes, after the last records. */
    @Override
    default void close() {
    }

    /**
     * An exporter that hands every record to each of {@code exporters} in order; one that throws is
     * reported once and does not keep the record from the others.
     */
    static Exporter all(Exporter... exporters) {
        List<Exporter> list = new ArrayList<>();
        for (Exporter exporter : exporters) {
            if (exporter != null && exporter != NONE) {
                list.add(exporter);
            }
        }
        if (list.isEmpty()) {
            return NONE;
        }
        if (list.size() == 1) {
            return list.get(0);
        }
        Exporter[] targets = list.toArray(new Exporter[0]);
        return new Exporter() {
            @Override
            public void statistics(StatementStatistics statistics) {
                each(target -> target.statistics(statistics));
            }

            @Override
            public void scopeStatistics(ScopeStatistics statistics) {
                each(target -> target.scopeStatistics(statistics));
            }

            @Override
            public void finding(Finding finding) {
                each(target -> target.finding(finding));
            }

            @Override
            public void findingSummary(FindingSummary summary) {
                each(target -> target.findingSummary(summary));
            }

            @Override
            public void flush() {
                each(Exporter::flush);
            }

            @Override
            public void close() {
                each(Exporter::close);
            }

            private void each(Consumer<Exporter> call) {
                for (Exporter target : targets) {
                    try {
                        call.accept(target);
                    } catch (Throwable e) {
                        // Errors too: a user's exporter failing with an AssertionError or a missing class
                        // must not keep the record from the exporters after it.
                        Diagnostics.internalError("exporter " + target, e);
                    }
                }
            }

            @Override
            public String toString() {
                return List.of(targets).toString();
            }
        };
    }
}
