package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import io.queryhound.internal.sql.SqlLexer.TokenKind;

/**
 * Suggests the one statement that replaces an N+1 loop: a SELECT or DELETE that is run once per
 * key, {@code ... where o.customer_id = ?}, becomes {@code ... where o.customer_id in (?)}, ready to
 * take all the keys at once.
 *
 * <p>The rewrite is offered only where it is plainly safe: the comparison must be a conjunct of the
 * statement's own WHERE clause (not inside brackets, a CASE or an OR), since only then does the
 * batched statement return exactly the union of the rows the loop returned; and it must hold the
 * only placeholder of that clause, since any other one would have to be the same in every
 * iteration, which a template cannot tell. Everything but the comparison is kept character for
 * character, including placeholders outside the WHERE clause.
 */
public final class InListRewrite {

    private InListRewrite() {
    }

    /**
     * The statement that does the work of a loop over {@code template}, or null when no safe rewrite
     * is known. Never throws; linear in the length of the input.
     */
    public static String rewrite(String template, SqlDialect dialect) {
        if (template == null || template.isEmpty()) {
            return null;
        }
        try {
            return new Scan(template, dialect == null ? SqlDialect.GENERIC : dialect).run();
        } catch (RuntimeException unexpected) {
            // A suggestion is optional: a bug here must never disturb the application's query.
            return null;
        }
    }

    private static final class Scan {

        // Progress through "column = ?" or "? = column", each right after WHERE or a conjunction.
        private static final int NONE = 0;
        private static final int COLUMN = 1;
        private static final int COLUMN_DOT = 2;
        private static final int COLUMN_EQUALS = 3;
        private static final int COLUMN_EQUALS_VALUE = 4;
        private static final int VALUE = 5;
        private static final int VALUE_EQUALS = 6;
        private static final int VALUE_EQUALS_COLUMN = 7;
        private static final int VALUE_EQUALS_COLUMN_DOT = 8;

        private final String sql;
        private final SqlLexer lexer;
        private final boolean mysql;
        private final StringBuilder scratch = new StringBuilder(16);

        private int depth;
        private boolean whereSeen;
        private boolean inWhere;
        private int valuesInWhere;
        private boolean betweenPending;
        private boolean prevConjunction;
        private TokenKind prevKind;

        private int phase = NONE;
        private int columnStart;
        private int columnEnd;
        private int valueStart;
        private int valueEnd;

        private boolean matched;
        private int replaceStart;
        private int replaceEnd;
        private int matchColumnStart;
        private int matchColumnEnd;
        private int matchValueStart;
        private int matchValueEnd;

        Scan(String sql, SqlDialect dialect) {
            this.sql = sql;
            this.lexer = new SqlLexer(sql, dialect);
            this.mysql = dialect == SqlDialect.MYSQL;
        }

        String run() {
            TokenKind kind = lexer.next();
            Keyword first = kind == TokenKind.WORD ? keyword(lexer.tokenStart(), lexer.tokenEnd()) : null;
            // A leading WITH or bracket would need the statement's structure read past it: not worth it.
            if (first != Keyword.SELECT && first != Keyword.DELETE) {
                return null;
            }
            prevKind = kind;
            boolean ended = false;
            for (kind = lexer.next(); kind != TokenKind.END; kind = lexer.next()) {
                if (ended) {
                    if (kind != TokenKind.SEMICOLON) {
                        return null; // a second statement: the suggestion would not be a single one
                    }
                    continue;
                }
                if (!token(kind)) {
                    return null;
                }
                ended = kind == TokenKind.SEMICOLON && depth == 0;
                prevKind = kind;
            }
            if (inWhere) {
                endOfClause();
            }
            if (!matched || valuesInWhere != 1 || depth != 0) {
                return null;
            }
            StringBuilder out = new StringBuilder(sql.length() + 8);
            out.append(sql, 0, replaceStart)
                    .append(sql, matchColumnStart, matchColumnEnd)
                    .append(" in (")
                    .append(sql, matchValueStart, matchValueEnd)
                    .append(')')
                    .append(sql, replaceEnd, sql.length());
            return out.toString();
        }

        /** Reads one token; false when the statement is certainly not rewritable. */
        private boolean token(TokenKind kind) {
            int start = lexer.tokenStart();
            int end = lexer.tokenEnd();
            if (kind == TokenKind.OPEN_PAREN || kind == TokenKind.OPEN_BRACKET || kind == TokenKind.OPEN_BRACE) {
                return depth++ > 0 || topLevel(kind, null, start, end, true);
            }
            if (kind == TokenKind.CLOSE_PAREN || kind == TokenKind.CLOSE_BRACKET || kind == TokenKind.CLOSE_BRACE) {
                if (--depth < 0) {
                    return false;
                }
                return depth > 0 || topLevel(kind, null, start, end, false);
            }
            if (inWhere && (kind == TokenKind.PLACEHOLDER || kind == TokenKind.NAMED_PARAMETER && !isOperand(prevKind))) {
                valuesInWhere++;
            }
            if (depth > 0) {
                return true;
            }
            Keyword keyword = kind == TokenKind.WORD && prevKind != TokenKind.DOT ? keyword(start, end) : null;
            return topLevel(kind, keyword, start, end, false);
        }

        /**
         * A token at the statement's own level (an opening bracket counts as one, before its
         * contents, which are skipped).
         */
        private boolean topLevel(TokenKind kind, Keyword keyword, int start, int end, boolean opens) {
            if (keyword == Keyword.UNION || keyword == Keyword.INTERSECT || keyword == Keyword.EXCEPT) {
                // Batching one branch of a set operation does not batch the statement.
                return false;
            }
            if (keyword == Keyword.LIMIT || keyword == Keyword.OFFSET || keyword == Keyword.FETCH) {
                // A row limit per key would become one limit for all keys together.
                return false;
            }
            if (keyword == Keyword.WHERE) {
                if (whereSeen) {
                    return false;
                }
                whereSeen = true;
                inWhere = true;
                prevConjunction = true;
                return true;
            }
            if (!inWhere) {
                return true;
            }
            if (kind == TokenKind.SEMICOLON || endsWhere(keyword)) {
                endOfClause();
                return true;
            }
            if (keyword == Keyword.OR || keyword == Keyword.CASE || isWord(kind, start, end, "xor")
                    || (mysql && kind == TokenKind.OPERATOR && end - start == 2 && sql.startsWith("||", start))) {
                // The comparison would no longer be a conjunct of the whole clause.
                return false;
            }
            boolean conjunction = false;
            if (keyword == Keyword.BETWEEN) {
                betweenPending = true;
            } else if (keyword == Keyword.AND) {
                conjunction = !betweenPending;
                betweenPending = false;
            }
            boolean name = !opens && isName(kind, keyword, start);
            boolean equals = kind == TokenKind.OPERATOR && end - start == 1 && sql.charAt(start) == '=';
            boolean placeholder = kind == TokenKind.PLACEHOLDER;
            switch (phase) {
                case COLUMN:
                    phase = kind == TokenKind.DOT ? COLUMN_DOT : equals ? COLUMN_EQUALS : NONE;
                    break;
                case COLUMN_DOT:
                    phase = name ? COLUMN : NONE;
                    columnEnd = end;
                    break;
                case COLUMN_EQUALS:
                    phase = placeholder ? COLUMN_EQUALS_VALUE : NONE;
                    valueStart = start;
                    valueEnd = end;
                    break;
                case COLUMN_EQUALS_VALUE:
                    if (conjunction) {
                        match(columnStart, valueEnd);
                    }
                    phase = NONE;
                    break;
                case VALUE:
                    phase = equals ? VALUE_EQUALS : NONE;
                    break;
                case VALUE_EQUALS:
                    phase = name ? VALUE_EQUALS_COLUMN : NONE;
                    columnStart = start;
                    columnEnd = end;
                    break;
                case VALUE_EQUALS_COLUMN_DOT:
                    phase = name ? VALUE_EQUALS_COLUMN : NONE;
                    columnEnd = end;
                    break;
                case VALUE_EQUALS_COLUMN:
                    if (conjunction) {
                        match(valueStart, columnEnd);
                    }
                    phase = kind == TokenKind.DOT ? VALUE_EQUALS_COLUMN_DOT : NONE;
                    break;
                default:
                    if (prevConjunction && name) {
                        phase = COLUMN;
                        columnStart = start;
                        columnEnd = end;
                    } else if (prevConjunction && placeholder) {
                        phase = VALUE;
                        valueStart = start;
                        valueEnd = end;
                    }
                    break;
            }
            prevConjunction = conjunction;
            return true;
        }

        /** The WHERE clause ends: a comparison still open at its last token is complete. */
        private void endOfClause() {
            if (phase == COLUMN_EQUALS_VALUE) {
                match(columnStart, valueEnd);
            } else if (phase == VALUE_EQUALS_COLUMN) {
                match(valueStart, columnEnd);
            }
            phase = NONE;
            inWhere = false;
        }

        private void match(int from, int to) {
            matched = true;
            replaceStart = from;
            replaceEnd = to;
            matchColumnStart = columnStart;
            matchColumnEnd = columnEnd;
            matchValueStart = valueStart;
            matchValueEnd = valueEnd;
        }

        private boolean isName(TokenKind kind, Keyword keyword, int start) {
            if (kind == TokenKind.QUOTED_IDENTIFIER) {
                return true;
            }
            // A MySQL @variable is no column of the table.
            return kind == TokenKind.WORD && sql.charAt(start) != '@'
                    && (prevKind == TokenKind.DOT || ParameterColumns.namesColumn(keyword));
        }

        private static boolean endsWhere(Keyword keyword) {
            if (keyword == null) {
                return false;
            }
            switch (keyword) {
                case GROUP: case ORDER: case LIMIT: case OFFSET: case FETCH: case FOR: case HAVING:
                case WINDOW: case RETURNING:
                    return true;
                default:
                    return false;
            }
        }

        private static boolean isOperand(TokenKind kind) {
            switch (kind) {
                case WORD: case QUOTED_IDENTIFIER: case STRING: case NUMBER: case PLACEHOLDER:
                case NAMED_PARAMETER: case CLOSE_PAREN: case CLOSE_BRACKET: case CLOSE_BRACE:
                    return true;
                default:
                    return false;
            }
        }

        private boolean isWord(TokenKind kind, int start, int end, String word) {
            return kind == TokenKind.WORD && prevKind != TokenKind.DOT && end - start == word.length()
                    && sql.regionMatches(true, start, word, 0, word.length());
        }

        private Keyword keyword(int start, int end) {
            return ParameterColumns.keyword(sql, start, end, scratch);
        }
    }
}
