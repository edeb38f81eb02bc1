package io.queryhound.internal.plan;

import io.queryhound.SqlDialect;

/**
 * Finds the pattern of the n-th {@code LIKE} of a statement as it was executed: the literal written
 * after it, or the value bound to the placeholder there. The template has replaced both with {@code ?},
 * but whether a LIKE can use an index depends on the pattern's first character, so this one fact is
 * read from the original text. The pattern is used for that decision only and never leaves
 * {@link IndexAdvisor}.
 *
 * <p>A deliberately small scanner: it skips quoted text and comments, counts {@code ?} placeholders and
 * reads {@code $n}; anything else after a LIKE (a concatenation, a column, an {@code ESCAPE} trick)
 * makes the pattern unknown.
 */
final class LikePatterns {

    private LikePatterns() {
    }

    /** The pattern of LIKE number {@code ordinal} (0-based, counting ILIKE too), or {@code null} if not known. */
    static String pattern(String sql, SqlDialect dialect, Object[] parameters, int ordinal) {
        if (sql == null || ordinal < 0) {
            return null;
        }
        boolean mysql = dialect == SqlDialect.MYSQL;
        int likes = 0;
        int placeholders = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || (c == '"' && mysql)) {
                i = quoteEnd(sql, i, c, mysql);
            } else if (c == '"' || c == '`') {
                i = quoteEnd(sql, i, c, false);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#' && mysql) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '?') {
                placeholders++;
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                String word = sql.substring(start, i);
                if (word.equalsIgnoreCase("like") || word.equalsIgnoreCase("ilike")) {
                    if (likes++ == ordinal) {
                        return operand(sql, i, dialect, parameters, placeholders);
                    }
                }
            } else {
                i++;
            }
        }
        return null;
    }

    private static String operand(String sql, int from, SqlDialect dialect, Object[] parameters, int placeholdersBefore) {
        int i = from;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        if (i >= sql.length()) {
            return null;
        }
        char c = sql.charAt(i);
        if (c == '?') {
            return value(parameters, placeholdersBefore);
        }
        if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
            int end = i + 1;
            while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                end++;
            }
            try {
                return value(parameters, Integer.parseInt(sql.substring(i + 1, end)) - 1);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (c == '\'' || c == '"' && dialect == SqlDialect.MYSQL) {
            int end = quoteEnd(sql, i, c, dialect == SqlDialect.MYSQL);
            return end > i + 1 ? sql.substring(i + 1, end - 1) : null;
        }
        return null;
    }

    private static String value(Object[] parameters, int index) {
        if (parameters == null || index < 0 || index >= parameters.length || parameters[index] == null) {
            return null;
        }
        Object value = parameters[index];
        return value instanceof CharSequence ? value.toString() : null;
    }

    /** The index after the quoted text starting at {@code start}; doubled quotes (and, for MySQL, backslashes) escape. */
    private static int quoteEnd(String sql, int start, char quote, boolean backslashes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }
}
