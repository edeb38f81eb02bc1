package io.queryhound.internal.sql;

import io.queryhound.StatementKind;
import io.queryhound.internal.sql.SqlLexer.TokenKind;

/**
 * Reads a statement's kind from the first tokens the template writer sees: the first significant
 * keyword, looking past leading parentheses, a JDBC escape ({@code {call}}, {@code {? = call}})
 * and a leading {@code WITH [RECURSIVE] name [(columns)] AS (...) [, ...]}.
 */
final class StatementKindReader {

    private enum State { LEADING, JDBC_ESCAPE, WITH_CLAUSE, DONE }

    private State state = State.LEADING;
    private StatementKind kind = StatementKind.OTHER;
    private int withDepth;
    private boolean cteNameNext;

    boolean done() {
        return state == State.DONE;
    }

    StatementKind kind() {
        return kind;
    }

    /**
     * @param keyword the token's keyword when it is a WORD, else null
     * @param depth the bracket depth the token stands at (an opening bracket at the depth before it)
     */
    void accept(TokenKind token, Keyword keyword, int depth) {
        switch (state) {
            case LEADING:
                if (token == TokenKind.OPEN_PAREN || token == TokenKind.SEMICOLON) {
                    return;
                }
                if (token == TokenKind.OPEN_BRACE) {
                    state = State.JDBC_ESCAPE;
                } else if (token == TokenKind.WORD && keyword == Keyword.WITH) {
                    state = State.WITH_CLAUSE;
                    withDepth = depth;
                    cteNameNext = true;
                } else {
                    decide(keyword);
                }
                return;
            case JDBC_ESCAPE:
                if (token != TokenKind.PLACEHOLDER && token != TokenKind.OPERATOR) {
                    decide(keyword);
                }
                return;
            case WITH_CLAUSE:
                readWithClause(token, keyword, depth);
                return;
            default:
        }
    }

    /** Everything inside the CTE bodies is deeper than the WITH, so only its own level is read. */
    private void readWithClause(TokenKind token, Keyword keyword, int depth) {
        if (token == TokenKind.SEMICOLON) {
            decide(null);
        } else if (depth != withDepth) {
            return;
        } else if (token == TokenKind.COMMA) {
            cteNameNext = true;
        } else if (token == TokenKind.WORD || token == TokenKind.QUOTED_IDENTIFIER) {
            if (cteNameNext) {
                // The name of a CTE may be any word, even "update"; RECURSIVE comes before the name.
                cteNameNext = keyword == Keyword.RECURSIVE;
            } else if (keyword != null && keyword.statementKind() != null) {
                decide(keyword);
            }
        }
    }

    private void decide(Keyword keyword) {
        StatementKind decided = keyword == null ? null : keyword.statementKind();
        kind = decided == null ? StatementKind.OTHER : decided;
        state = State.DONE;
    }
}
