package io.queryhound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.queryhound.SqlFingerprint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;

/**
 * The check that the agent counts every statement exactly once: for each fingerprint, the {@code count} of the
 * agent's summary statistics must equal the executions H2 itself counted for the statements with that
 * fingerprint ({@code INFORMATION_SCHEMA.QUERY_STATISTICS}, printed by the app as {@code H2_COUNT} lines).
 *
 * <p>Two kinds of statement are treated apart:
 * <ul>
 * <li>the app's measuring statements ({@code HARNESS} lines: switching statistics on, reading them), which run on
 * a raw H2 connection and which H2 counts incompletely (the statistics query cannot count itself): the agent must
 * count each exactly as often as the app announced it;</li>
 * <li>{@link #DRIVER_HOUSEKEEPING}: statements H2 runs inside itself to implement a JDBC method that is not a
 * statement execution; the agent must not count them at all (expected count 0).</li>
 * </ul>
 */
public final class StatementCounts {

    /**
     * Statements in H2 2.3's statistics that no application code executed: H2 runs them as internal commands
     * ({@code JdbcConnection.prepareCommand}, never a {@code java.sql.Statement}) to implement connection methods
     * that HikariCP and Hibernate call while setting up or checking out connections. The agent records statement
     * executions only, and must not report driver or pool housekeeping as the application's queries (PITFALLS,
     * OpenTelemetry #9538).
     */
    static final List<Pattern> DRIVER_HOUSEKEEPING = List.of(
            // Driver.connect: H2 applies each setting of the JDBC URL (";DB_CLOSE_DELAY=-1") with a SET command.
            Pattern.compile("SET DB_CLOSE_DELAY -1"),
            // Connection.isReadOnly()
            Pattern.compile(Pattern.quote("CALL READONLY()")),
            // Connection.getCatalog()
            Pattern.compile(Pattern.quote("CALL DATABASE()")),
            // Connection.getTransactionIsolation() reads the isolation level from the settings table.
            Pattern.compile(Pattern.quote("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME=?")),
            // Connection.commit() and rollback(), as a pool calls them when it resets a connection.
            Pattern.compile("COMMIT"),
            Pattern.compile("ROLLBACK"));

    /**
     * Statements QueryHound itself runs to explain a slow statement (issue 8): the EXPLAIN and the catalogue query
     * for a table's size. They pass through the same instrumented driver, so H2 counts them, but they are not the
     * application's: the agent must not count them at all (expected count 0).
     */
    static final List<Pattern> QUERYHOUND_OWN = List.of(
            Pattern.compile("EXPLAIN .*", Pattern.DOTALL),
            // Statement.setQueryTimeout on the EXPLAIN's statements: H2 applies it with an internal command.
            Pattern.compile(Pattern.quote("SET QUERY_TIMEOUT ?")),
            Pattern.compile(Pattern.quote("SELECT ROW_COUNT_ESTIMATE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?")
                    + ".*"));

    private StatementCounts() {
    }

    public static void assertEveryStatementCountedOnce(ChildRun run) {
        Map<String, Long> expected = new TreeMap<>();
        Map<String, String> sqlByFingerprint = new LinkedHashMap<>();
        Map<String, String> origin = new TreeMap<>();
        for (String line : run.stdoutLines("H2_COUNT")) {
            int space = line.indexOf(' ');
            long executions = Long.parseLong(line.substring(0, space));
            String sql = line.substring(space + 1);
            String fingerprint = SqlFingerprint.of(sql).id();
            sqlByFingerprint.putIfAbsent(fingerprint, sql);
            if (isHousekeeping(sql)) {
                expected.put(fingerprint, 0L);
                origin.put(fingerprint, "H2-internal housekeeping, ran " + executions + "x: not a statement execution");
                continue;
            }
            if (isQueryHoundsOwn(sql)) {
                expected.put(fingerprint, 0L);
                origin.put(fingerprint, "QueryHound's own EXPLAIN work, ran " + executions + "x: not the app's");
                continue;
            }
            expected.merge(fingerprint, executions, Long::sum);
            origin.put(fingerprint, "H2");
        }
        Map<String, Long> harness = new TreeMap<>();
        for (String sql : run.stdoutLines("HARNESS")) {
            String fingerprint = SqlFingerprint.of(sql).id();
            harness.merge(fingerprint, 1L, Long::sum);
            sqlByFingerprint.putIfAbsent(fingerprint, sql);
        }
        harness.forEach((fingerprint, executions) -> {
            expected.put(fingerprint, executions);
            origin.put(fingerprint, "app's HARNESS lines");
        });
        if (run.stdoutLines("H2_COUNT").isEmpty()) {
            fail("Expecting the app to print H2's statement statistics (H2_COUNT lines), but it printed none%n%s",
                    run.describe());
        }

        Map<String, Long> actual = new TreeMap<>();
        Map<String, JsonNode> summaries = run.summaryStatistics();
        summaries.forEach((fingerprint, record) -> {
            actual.put(fingerprint, record.get("count").asLong());
            sqlByFingerprint.putIfAbsent(fingerprint, "(agent) " + ChildRun.text(record, "sql"));
        });

        TreeSet<String> fingerprints = new TreeSet<>(expected.keySet());
        fingerprints.addAll(actual.keySet());
        StringBuilder differences = new StringBuilder();
        int differing = 0;
        for (String fingerprint : fingerprints) {
            long want = expected.getOrDefault(fingerprint, 0L);
            long got = actual.getOrDefault(fingerprint, 0L);
            if (want == got) {
                continue;
            }
            differing++;
            differences.append(String.format("  %s  expected %-5d (%s)  agent %-5s  %s%n", fingerprint, want,
                    origin.getOrDefault(fingerprint, "not executed according to H2"),
                    actual.containsKey(fingerprint) ? got : "none", sqlByFingerprint.get(fingerprint)));
        }
        if (differing > 0) {
            StringBuilder all = new StringBuilder();
            for (String fingerprint : fingerprints) {
                all.append(String.format("  %s  expected %-5s agent %-5s  %s%n", fingerprint,
                        expected.getOrDefault(fingerprint, 0L), actual.getOrDefault(fingerprint, 0L),
                        sqlByFingerprint.get(fingerprint)));
            }
            fail("Expecting the agent's summary statistics to count every statement exactly once (count = H2's "
                    + "EXECUTION_COUNT per fingerprint), but %d of %d fingerprints differ:%n%s"
                    + "All fingerprints:%n%s%s", differing, fingerprints.size(), differences, all, run.describe());
        }
    }

    static boolean isQueryHoundsOwn(String sql) {
        String trimmed = sql.trim();
        for (Pattern pattern : QUERYHOUND_OWN) {
            if (pattern.matcher(trimmed).matches()) {
                return true;
            }
        }
        return false;
    }

    static boolean isHousekeeping(String sql) {
        String trimmed = sql.trim();
        for (Pattern pattern : DRIVER_HOUSEKEEPING) {
            if (pattern.matcher(trimmed).matches()) {
                return true;
            }
        }
        return false;
    }
}
