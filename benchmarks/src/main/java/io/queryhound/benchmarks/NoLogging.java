package io.queryhound.benchmarks;

import com.p6spy.engine.logging.Category;
import com.p6spy.engine.spy.appender.P6Logger;

/** p6spy's appender for "logging off": every category disabled, nothing written. */
public final class NoLogging implements P6Logger {

    @Override
    public void logSQL(int connectionId, String now, long elapsed, Category category, String prepared, String sql,
                       String url) {
    }

    @Override
    public void logException(Exception e) {
    }

    @Override
    public void logText(String text) {
    }

    @Override
    public boolean isCategoryEnabled(Category category) {
        return false;
    }
}
