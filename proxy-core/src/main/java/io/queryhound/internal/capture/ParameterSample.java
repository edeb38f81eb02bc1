package io.queryhound.internal.capture;

import io.queryhound.SqlDialect;
import io.queryhound.internal.sql.ParameterColumns;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.StatementType;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;

import java.io.InputStream;
import java.io.Reader;
import java.sql.Blob;
import java.sql.Clob;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders an execution's bound values as short strings, only when {@code logParameters=true}: no
 * value is kept as an object (values can be large or secret), long ones are cut, and binary data and
 * streams are described, never read, and values of sensitive columns are masked here, before
 * anything else sees them. Runs on every execution, but only with {@code logParameters=true}.
 */
public final class ParameterSample {

    public static final int MAX_VALUES = 32;
    static final int MAX_LENGTH = 64;
    /** Prepared statements whose placeholder columns are remembered; the map is emptied when full. */
    static final int MAX_CACHED_STATEMENTS = 512;
    /** Longer statements are analysed each time rather than kept as keys. */
    static final int MAX_CACHED_SQL_LENGTH = 4096;

    /**
     * The placeholder columns of a prepared statement's SQL, which is the same text on every
     * execution: analysed once instead of once per execution.
     */
    private static final Map<String, String[]> PLACEHOLDER_COLUMNS = new ConcurrentHashMap<>();

    private ParameterSample() {
    }

    /** The masked sample of one execution; {@code maskColumns} are lower-case column-name fragments. */
    static String[] of(ExecutionInfo execInfo, QueryInfo query, String sql, SqlDialect dialect,
                       List<String> maskColumns) {
        if (execInfo.getStatementType() == StatementType.STATEMENT) {
            return ofLiterals(sql, dialect, maskColumns);
        }
        return mask(sql, bound(query), placeholderColumns(sql, dialect), maskColumns);
    }

    /**
     * Agent mode: the masked sample of an execution whose values the agent rendered with {@link #render}
     * ({@code rendered} null for a plain statement, whose values are the SQL's literals).
     */
    public static String[] of(String[] rendered, String sql, SqlDialect dialect, List<String> maskColumns) {
        if (rendered == null) {
            return ofLiterals(sql, dialect, maskColumns);
        }
        return mask(sql, rendered.clone(), placeholderColumns(sql, dialect), maskColumns);
    }

    private static String[] ofLiterals(String sql, SqlDialect dialect, List<String> maskColumns) {
        String[] literals = ParameterColumns.literals(sql, dialect);
        String[] sample = new String[Math.min(literals.length, MAX_VALUES)];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = cut(literals[i]);
        }
        return mask(sql, sample, ParameterColumns.ofLiterals(sql, dialect), maskColumns);
    }

    private static String[] placeholderColumns(String sql, SqlDialect dialect) {
        if (sql.length() > MAX_CACHED_SQL_LENGTH) {
            return ParameterColumns.ofPlaceholders(sql, dialect);
        }
        String key = dialect.name() + '\u0000' + sql;
        String[] columns = PLACEHOLDER_COLUMNS.get(key);
        if (columns == null) {
            columns = ParameterColumns.ofPlaceholders(sql, dialect);
            if (PLACEHOLDER_COLUMNS.size() >= MAX_CACHED_STATEMENTS) {
                PLACEHOLDER_COLUMNS.clear(); // crude but bounded; only with logParameters=true
            }
            PLACEHOLDER_COLUMNS.put(key, columns);
        }
        return columns;
    }

    /**
     * Replaces by {@code ****} the values bound to a column whose name contains a mask fragment, and,
     * when the statement mentions a fragment anywhere ({@code {call set_password(?, ?)}}, an INSERT
     * without a column list into a table with a password column...), every value whose column is
     * unknown: a value is only written when it is known not to be one to hide.
     */
    static String[] mask(String sql, String[] sample, String[] columns, List<String> maskColumns) {
        boolean sensitiveStatement = mentions(sql.toLowerCase(Locale.ROOT), maskColumns);
        for (int i = 0; i < sample.length; i++) {
            String column = i < columns.length ? columns[i] : null;
            if (column == null ? sensitiveStatement : mentions(column.toLowerCase(Locale.ROOT), maskColumns)) {
                sample[i] = "****";
            }
        }
        return sample;
    }

    private static boolean mentions(String lowerCase, List<String> fragments) {
        for (String fragment : fragments) {
            if (lowerCase.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    private static String[] bound(QueryInfo query) {
        List<List<ParameterSetOperation>> sets = query.getParametersList();
        if (sets.isEmpty()) {
            return new String[0];
        }
        List<ParameterSetOperation> operations = sets.get(0);
        int count = 0;
        String[] byIndex = new String[Math.min(operations.size(), MAX_VALUES)];
        for (ParameterSetOperation operation : operations) {
            Object[] args = operation.getArgs();
            if (args == null || args.length == 0 || !(args[0] instanceof Integer index)) {
                continue; // named parameters of CallableStatement: position unknown
            }
            if (index < 1 || index > byIndex.length) {
                continue;
            }
            byIndex[index - 1] = operation.getMethod().getName().equals("setNull") || args.length < 2
                    ? null : render(args[1]);
            count = Math.max(count, index);
        }
        String[] sample = new String[count];
        System.arraycopy(byIndex, 0, sample, 0, count);
        return sample;
    }

    /** Null stays null (a JSON null in output), so an SQL NULL is not confused with the text "null". */
    public static String render(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return "<" + bytes.length + " bytes>";
        }
        if (value instanceof InputStream || value instanceof Reader || value instanceof Blob || value instanceof Clob) {
            return "<" + value.getClass().getSimpleName() + ">";
        }
        try {
            return cut(String.valueOf(value));
        } catch (RuntimeException e) {
            return "<" + value.getClass().getSimpleName() + ">";
        }
    }

    private static String cut(String value) {
        return value.length() <= MAX_LENGTH ? value : value.substring(0, MAX_LENGTH) + "...";
    }
}
