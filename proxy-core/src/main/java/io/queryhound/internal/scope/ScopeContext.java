package io.queryhound.internal.scope;

import io.queryhound.Finding;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.Scope;
import io.queryhound.internal.detect.Detection;
import io.queryhound.internal.stats.ScopeStatisticsTable;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What every scope of one QueryHound instance shares: detection settings, ids, the clock, where
 * findings go, and the implicit windows waiting to be reported. Kept apart from
 * {@link ScopeManager} on purpose: scopes sit in per-thread state, and if they could reach the
 * manager's {@code ThreadLocal}, that state would keep its own key alive and an engine could never
 * be collected from a long-lived thread.
 */
final class ScopeContext {

    /** Implicit windows remembered for interval reports; beyond this, a window is reported only by its own thread. */
    static final int MAX_OPEN_WINDOWS = 4096;

    final Detection detection;
    final long idleNanos;
    private final Clock clock;
    private final Consumer<List<Finding>> sink;
    private final ScopeStatisticsTable scopeStatistics;
    private final LongSupplier ticker;
    private final AtomicLong ids = new AtomicLong();
    private final Set<ActiveScope> openWindows = ConcurrentHashMap.newKeySet();
    volatile boolean closed;

    ScopeContext(Detection detection, Clock clock, long idleNanos, Consumer<List<Finding>> sink,
                 ScopeStatisticsTable scopeStatistics, LongSupplier ticker) {
        this.detection = detection;
        this.scopeStatistics = scopeStatistics;
        this.ticker = ticker;
        this.clock = clock;
        this.idleNanos = idleNanos;
        this.sink = sink;
    }

    Instant now() {
        return clock.instant();
    }

    /** Nanoseconds for scope durations; 0 when scopes are not timed. */
    long ticks() {
        return scopeStatistics == null ? 0 : ticker.getAsLong();
    }

    /** A scope (not an implicit one) closed: counted in the statistics of its name. */
    void closed(String name, Scope.Kind kind, long statements, long sqlNanos, long openedTicks) {
        if (scopeStatistics != null) {
            scopeStatistics.record(name, kind, statements, sqlNanos, ticker.getAsLong() - openedTicks);
        }
    }

    String nextId() {
        return Long.toString(ids.incrementAndGet());
    }

    void report(List<Finding> findings) {
        if (!findings.isEmpty()) {
            sink.accept(findings);
        }
    }

    void windowStarted(ActiveScope implicit) {
        if (openWindows.size() < MAX_OPEN_WINDOWS) {
            openWindows.add(implicit);
        } else {
            Diagnostics.warnOnce("open-windows", "more than " + MAX_OPEN_WINDOWS + " threads ran queries outside"
                    + " any scope in one statistics interval: the implicit windows of further threads are reported"
                    + " only when that thread runs its next query after an idle gap");
        }
    }

    void endImplicitWindows() {
        for (ActiveScope scope : openWindows) {
            openWindows.remove(scope);
            try {
                scope.endWindow();
            } catch (Throwable e) {
                Diagnostics.internalError("implicit scope", e);
            }
        }
    }
}
