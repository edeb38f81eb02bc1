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

/**
 * Renders an execution's bound values as short strings, only when {@code logParameters=true}: no
 * value is kept as an object (values can be large or secret), long ones are cut, and binary data and
 * streams are described, never read. Masking by column name happens where samples are kept.
 */
final class ParameterSample {

    static final int MAX_VALUES = 32;
    static final int MAX_LENGTH = 64;

    private ParameterSample() {
    }

    /** The masked sample of one execution; {@code maskColumns} are lower-case column-name fragments. */
    static String[] of(ExecutionInfo execInfo, QueryInfo query, String sql, SqlDialect dialect,
                       List<String> maskColumns) {
        if (execInfo.getStatementType() == StatementType.STATEMENT) {
            String[] literals = ParameterColumns.literals(sql, dialect);
            String[] sample = new String[Math.min(literals.length, MAX_VALUES)];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = cut(literals[i]);
            }
            return mask(sample, ParameterColumns.ofLiterals(sql, dialect), maskColumns);
        }
        return mask(bound(query), ParameterColumns.ofPlaceholders(sql, dialect), maskColumns);
    }

    /** Replaces the values bound to a column whose name contains a mask fragment by {@code ****}. */
    static String[] mask(String[] sample, String[] columns, List<String> maskColumns) {
        for (int i = 0; i < sample.length && i < columns.length; i++) {
            String column = columns[i];
            if (column == null) {
                continue;
            }
            String lower = column.toLowerCase(java.util.Locale.ROOT);
            for (String fragment : maskColumns) {
                if (lower.contains(fragment)) {
                    sample[i] = "****";
                    break;
                }
            }
        }
        return sample;
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
    private static String render(Object value) {
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
