package io.queryhound.assertions;

import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.testing.H2;
import io.queryhound.testing.SqlFunctions;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Shared plumbing for the tests of the JUnit extension: wrapped H2 databases for fixtures, JDBC
 * one-liners, running a fixture class with the {@link EngineTestKit} and picking its results apart.
 *
 * <p>Every fixture database is wrapped by one engine that times queries on the per-thread virtual
 * clock of {@link SqlFunctions}: a query takes no time at all unless it calls {@code advance_micros},
 * so no expectation ever depends on how fast the machine is.
 */
final class ExtensionFixtures {

    /** Writes nothing anywhere and times queries on the virtual clock. */
    static final QueryHoundEngine ENGINE = QueryHound.builder()
            .output("none")
            .statsIntervalSeconds(3600)
            .shutdownHook(false)
            .ticker(SqlFunctions::virtualNanos)
            .build();

    private ExtensionFixtures() {
    }

    /**
     * A fresh in-memory H2 database wrapped by {@link #ENGINE}, with the functions of
     * {@link SqlFunctions} registered and {@code statements} run (outside any test, so uncounted).
     */
    static DataSource database(String... statements) {
        DataSource dataSource = ENGINE.wrap(H2.newDataSource());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            SqlFunctions.register(s);
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("fixture schema", e);
        }
        return dataSource;
    }

    /** Runs a SELECT (prepared, with {@code params}) and returns how many rows it read. */
    static int query(DataSource dataSource, String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs any other statement (prepared, with {@code params}) and returns its update count. */
    static int update(DataSource dataSource, String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            ps.execute();
            return ps.getUpdateCount();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    // ---------------------------------------------------------------- running fixtures

    static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .selectors(selectClass(fixture))
                .execute();
    }

    /** The finished events of the tests (or template invocations) of the method called {@code method}. */
    static List<Event> finished(EngineExecutionResults results, String method) {
        return results.testEvents().finished().stream()
                .filter(event -> event.getTestDescriptor().getSource()
                        .filter(MethodSource.class::isInstance)
                        .map(source -> ((MethodSource) source).getMethodName().equals(method))
                        .orElse(false))
                .collect(Collectors.toList());
    }

    /** The one finished event of the test method {@code method}. */
    static Event finishedOnce(EngineExecutionResults results, String method) {
        List<Event> events = finished(results, method);
        if (events.size() != 1) {
            throw new AssertionError("expected exactly one finished test '" + method + "' but found "
                    + events.size() + " in " + results.testEvents().finished().list());
        }
        return events.get(0);
    }

    static TestExecutionResult result(Event event) {
        return event.getPayload(TestExecutionResult.class)
                .orElseThrow(() -> new AssertionError("no result in " + event));
    }

    /** Asserts that every test or invocation of {@code method} ran and passed, showing the failure if not. */
    static void assertPassed(EngineExecutionResults results, String... methods) {
        for (String method : methods) {
            List<Event> events = finished(results, method);
            if (events.isEmpty()) {
                throw new AssertionError("fixture test '" + method + "' did not run: "
                        + results.allEvents().list());
            }
            for (Event event : events) {
                TestExecutionResult result = result(event);
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    throw new AssertionError("fixture test '" + method + "' ("
                            + event.getTestDescriptor().getDisplayName() + ") should have passed but was "
                            + result.getStatus() + ":\n" + result.getThrowable().map(ExtensionFixtures::stackTrace)
                            .orElse("(no throwable)"));
                }
            }
        }
    }

    /** Asserts that the one test {@code method} failed, and returns what it failed with. */
    static Throwable failure(EngineExecutionResults results, String method) {
        return failure(finishedOnce(results, method), method);
    }

    static Throwable failure(Event event, String method) {
        TestExecutionResult result = result(event);
        if (result.getStatus() != TestExecutionResult.Status.FAILED) {
            throw new AssertionError("fixture test '" + method + "' (" + event.getTestDescriptor().getDisplayName()
                    + ") should have failed but was " + result.getStatus());
        }
        return result.getThrowable().orElseThrow(() -> new AssertionError("no throwable for " + method));
    }

    static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    // ---------------------------------------------------------------- reading failure messages

    /**
     * A pattern for one row of the counter table, tolerant of the padding: {@code select  2  5  X}
     * for a failed check, {@code select  2  2} (nothing after the actual count) for a passed one.
     */
    static Pattern row(String label, String expected, long actual, boolean failed) {
        return Pattern.compile("(?m)^ +" + Pattern.quote(label) + " {2,}" + Pattern.quote(expected) + " {2,}"
                + actual + (failed ? " +X" : "") + "$");
    }

    static Pattern failedRow(String label, String expected, long actual) {
        return row(label, expected, actual, true);
    }

    static Pattern passedRow(String label, String expected, long actual) {
        return row(label, expected, actual, false);
    }

    /** The counter table of a failure message: the text before the statements (or before "No statement"). */
    static String table(String message) {
        int end = message.indexOf("Statements by fingerprint");
        if (end < 0) {
            end = message.indexOf("No statement was recorded.");
        }
        return end < 0 ? message : message.substring(0, end);
    }

    /** The source file of a top-level test class in this package, read from the module's directory. */
    static Path sourceOf(Class<?> testClass) {
        Class<?> top = testClass;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return Path.of(System.getProperty("user.dir"), "src", "test", "java",
                top.getName().replace('.', '/') + ".java");
    }

    /** The 1-based number of the only line of {@code testClass}'s source file that contains {@code marker}. */
    static int lineOf(Class<?> testClass, String marker) {
        try {
            List<String> lines = Files.readAllLines(sourceOf(testClass));
            int found = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(marker)) {
                    if (found != -1) {
                        throw new AssertionError("marker " + marker + " is on lines " + found + " and " + (i + 1));
                    }
                    found = i + 1;
                }
            }
            if (found == -1) {
                throw new AssertionError("marker " + marker + " not found in " + sourceOf(testClass));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
