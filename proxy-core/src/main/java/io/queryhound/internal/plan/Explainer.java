package io.queryhound.internal.plan;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.StatementKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the database's own {@code EXPLAIN} for one statement and reads the plan into a
 * {@link PlanSummary}. One subclass per database family; {@link #forDialect} picks it.
 *
 * <p>{@link #explain} never throws: whatever goes wrong (a statement that cannot be explained, a
 * permission the connection lacks, a timeout, a plan that cannot be read) comes back as
 * {@link Explanation#failed(String) a reason}. It never changes data: data-changing statements are only
 * explained, never run, and a SELECT is run ({@code ANALYZE}) only when asked, inside a transaction that
 * is always rolled back. The connection must be one the caller obtained for this purpose (not one the
 * application is using): it is left open, in its original auto-commit mode.
 *
 * <p>Bound values are bound to the EXPLAIN statement (the plan depends on them) and are otherwise kept
 * out of everything this class returns, including database error messages.
 */
public abstract class Explainer {

    /** Plan rows read at most; a longer plan is reported as unreadable rather than held in memory. */
    static final int MAX_PLAN_LENGTH = PlanJson.MAX_LENGTH;
    /** Distinct tables whose size is looked up after a plan; a larger join keeps the rest unknown. */
    private static final int MAX_TABLE_SIZE_LOOKUPS = 16;

    private final SqlDialect dialect;
    private final boolean analyze;
    private final int timeoutSeconds;

    Explainer(SqlDialect dialect, boolean analyze, int timeoutSeconds) {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("timeoutSeconds must be at least 1, was " + timeoutSeconds);
        }
        this.dialect = dialect;
        this.analyze = analyze;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * The explainer for {@code dialect}, or one that explains nothing (with the reason) for
     * {@link SqlDialect#GENERIC}.
     *
     * @param analyze        whether to run SELECTs to measure them, where the database allows it
     *                       (H2 and PostgreSQL; MySQL plans are always estimates)
     * @param timeoutSeconds statement timeout of every statement this explainer runs
     */
    public static Explainer forDialect(SqlDialect dialect, boolean analyze, int timeoutSeconds) {
        if (dialect == null) {
            dialect = SqlDialect.GENERIC;
        }
        return switch (dialect) {
            case H2 -> new H2Explainer(analyze, timeoutSeconds);
            case POSTGRESQL -> new PostgresExplainer(analyze, timeoutSeconds);
            case MYSQL -> new MySqlExplainer(timeoutSeconds);
            default -> new Unsupported(timeoutSeconds);
        };
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /**
     * The plan of {@code sql} as the database would run it with {@code parameters} bound to its
     * {@code ?} placeholders (in order; {@code null} or empty when there are none).
     */
    public final Explanation explain(Connection connection, String sql, Object[] parameters) {
        Object[] values = parameters == null ? new Object[0] : parameters;
        try {
            if (connection == null || sql == null) {
                return Explanation.failed("not explained: no connection or no statement");
            }
            SqlFingerprint fingerprint = SqlFingerprint.of(sql, dialect);
            String refusal = refusal(fingerprint);
            if (refusal != null) {
                return Explanation.failed(refusal);
            }
            boolean measured = analyze && isSafeToRun(fingerprint);
            String planText = measured
                    ? inRolledBackTransaction(connection, () -> planText(connection, explainStatement(sql, true), values))
                    : planText(connection, explainStatement(sql, false), values);
            PlanSummary plan = read(planText, measured);
            return Explanation.of(withTableSizes(connection, plan));
        } catch (SQLException e) {
            return Explanation.failed(reason(e, values));
        } catch (UnreadablePlanException e) {
            return Explanation.failed(e.getMessage());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return Explanation.failed("explain failed: " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + masked(e.getMessage(), values)));
        }
    }

    // ---------------------------------------------------------------- per database

    /** The statement that explains {@code sql}; {@code measured} only for statements {@link #isSafeToRun}. */
    abstract String explainStatement(String sql, boolean measured);

    /** Reads the text the EXPLAIN statement returned (its rows joined by line breaks). */
    abstract PlanSummary read(String planText, boolean measured);

    /**
     * The table's size in rows from the database's statistics, or {@code -1}. Runs a small catalogue
     * query with the same timeout; the default knows nothing.
     */
    long tableRows(Connection connection, PlanSummary.TableAccess table) throws SQLException {
        return -1;
    }

    /** Runs once inside the rolled-back transaction of a measured plan, before the EXPLAIN. */
    void beforeMeasuring(Connection connection) throws SQLException {
    }

    // ---------------------------------------------------------------- what is explained

    /** Why {@code fingerprint}'s statement is not explained at all, or {@code null} when it can be. */
    String refusal(SqlFingerprint fingerprint) {
        StatementKind kind = fingerprint.kind();
        if (kind != StatementKind.SELECT && !kind.isWrite()) {
            return "not explained: " + kind + " statements are not explained";
        }
        String template = fingerprint.template();
        int semicolon = template.indexOf(';');
        if (semicolon >= 0 && !template.substring(semicolon + 1).isBlank()) {
            return "not explained: the text holds more than one statement";
        }
        return null;
    }

    /**
     * Whether running the statement to measure it cannot change anything: a plain SELECT, not one that
     * locks rows, creates a table ({@code SELECT ... INTO}) or hides a write in a {@code WITH} clause. A
     * function with side effects outside the transaction (a sequence, a call out) is beyond what can be
     * seen from the text; PostgreSQL's read-only transaction stops those that write.
     */
    static boolean isSafeToRun(SqlFingerprint fingerprint) {
        if (fingerprint.kind() != StatementKind.SELECT) {
            return false;
        }
        for (String word : words(fingerprint.template())) {
            switch (word) {
                case "insert", "update", "delete", "merge", "into", "share", "lock", "nowait" -> {
                    return false; // a write in a WITH clause, SELECT INTO, or FOR UPDATE / FOR SHARE
                }
                default -> {
                }
            }
        }
        return true;
    }

    /** The unquoted words of a template, lower-case as the template has them. */
    static List<String> words(String template) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c == '"' || c == '`' || c == '\'') {
                int end = template.indexOf(c, i + 1);
                i = end < 0 ? n : end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(template.charAt(i)) || template.charAt(i) == '_'
                        || template.charAt(i) == '$')) {
                    i++;
                }
                words.add(template.substring(start, i));
            } else {
                i++;
            }
        }
        return words;
    }

    // ---------------------------------------------------------------- running it

    private String planText(Connection connection, String explain, Object[] values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(explain)) {
            statement.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                StringBuilder text = new StringBuilder(1024);
                while (rows.next()) {
                    String line = rows.getString(1);
                    if (line == null) {
                        continue;
                    }
                    if (text.length() + line.length() + 1 > MAX_PLAN_LENGTH) {
                        throw new UnreadablePlanException("plan longer than " + MAX_PLAN_LENGTH + " characters");
                    }
                    if (text.length() > 0) {
                        text.append('\n');
                    }
                    text.append(line);
                }
                return text.toString();
            }
        }
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction that is rolled back whatever happens: a new one in auto-commit
     * mode (which is restored), or a savepoint inside the connection's open transaction.
     */
    private <T> T inRolledBackTransaction(Connection connection, SqlWork<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        Savepoint savepoint = null;
        if (autoCommit) {
            connection.setAutoCommit(false);
        } else {
            savepoint = connection.setSavepoint();
        }
        try {
            beforeMeasuring(connection);
            return work.run();
        } finally {
            try {
                if (savepoint != null) {
                    connection.rollback(savepoint);
                } else {
                    connection.rollback();
                }
            } finally {
                if (autoCommit) {
                    connection.setAutoCommit(true);
                }
            }
        }
    }

    private PlanSummary withTableSizes(Connection connection, PlanSummary plan) {
        if (plan.tables().isEmpty()) {
            return plan;
        }
        Map<String, Long> sizes = new HashMap<>();
        List<PlanSummary.TableAccess> tables = new ArrayList<>(plan.tables().size());
        for (PlanSummary.TableAccess table : plan.tables()) {
            if (table.tableRows() >= 0) {
                tables.add(table);
                continue;
            }
            String key = table.schema() + "." + table.table();
            Long rows = sizes.get(key);
            if (rows == null && sizes.size() < MAX_TABLE_SIZE_LOOKUPS) {
                try {
                    rows = tableRows(connection, table);
                } catch (SQLException | RuntimeException e) {
                    rows = -1L; // the size only sharpens the advice; the plan stands without it
                }
                sizes.put(key, rows);
            }
            tables.add(rows == null ? table : table.withTableRows(rows));
        }
        return plan.withTables(tables);
    }

    int timeoutSeconds() {
        return timeoutSeconds;
    }

    // ---------------------------------------------------------------- failures

    static String reason(SQLException e, Object[] values) {
        String state = e.getSQLState();
        if (e instanceof SQLTimeoutException || "57014".equals(state)) {
            return "explain timed out or was cancelled (" + firstLine(masked(e.getMessage(), values)) + ")";
        }
        return "the database refused the explain"
                + (state == null ? "" : " (SQLSTATE " + state + ")") + ": " + firstLine(masked(e.getMessage(), values));
    }

    /**
     * {@code message} with every bound value that appears in it replaced by {@code ?}: databases quote
     * the offending value in messages such as {@code invalid input syntax for type integer: "abc"}.
     */
    static String masked(String message, Object[] values) {
        if (message == null) {
            return "(no message)";
        }
        String out = message;
        for (Object value : values) {
            if (value == null) {
                continue;
            }
            String text = value instanceof byte[] ? null : String.valueOf(value);
            if (text != null && text.length() >= 2 && out.contains(text)) {
                out = out.replace(text, "?");
            }
        }
        return out;
    }

    private static String firstLine(String message) {
        String line = message.strip();
        int end = line.indexOf('\n');
        if (end >= 0) {
            line = line.substring(0, end).strip();
        }
        if (line.endsWith("; SQL statement:")) { // H2 puts the statement on the next line; the cut leaves this
            line = line.substring(0, line.length() - "; SQL statement:".length());
        }
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** For databases QueryHound has no plan reader for. */
    private static final class Unsupported extends Explainer {

        Unsupported(int timeoutSeconds) {
            super(SqlDialect.GENERIC, false, timeoutSeconds);
        }

        @Override
        String refusal(SqlFingerprint fingerprint) {
            return "not explained: QueryHound reads the plans of H2, PostgreSQL and MySQL/MariaDB only";
        }

        @Override
        String explainStatement(String sql, boolean measured) {
            throw new UnsupportedOperationException();
        }

        @Override
        PlanSummary read(String planText, boolean measured) {
            throw new UnsupportedOperationException();
        }
    }
}
