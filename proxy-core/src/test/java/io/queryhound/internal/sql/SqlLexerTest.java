package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import io.queryhound.internal.sql.SqlLexer.TokenKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token boundaries where a word meets a quote, an ampersand or a character that is not ASCII: plain words take
 * a short path in {@link SqlLexer#next()}, and everything that only looks like a word at its first character
 * (a prefixed string, a MySQL character-set introducer) must still be lexed as the general path does.
 */
class SqlLexerTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // words, and where they end
        "generic|select a1_b$c from t|WORD:select WORD:a1_b$c WORD:from WORD:t",
        "generic|_x|WORD:_x",
        "generic|abc'x'|WORD:abc STRING:'x'",
        "generic|t.col|WORD:t DOT:. WORD:col",
        "generic|café = ?|WORD:café OPERATOR:= PLACEHOLDER:?",
        "generic|naïve|WORD:naïve",
        "generic|\u00e9t\u00e9|WORD:\u00e9t\u00e9",
        // prefixed strings: one token, in either case
        "generic|E'a\\'b'|STRING:E'a\\'b'",
        "generic|e'x'|STRING:e'x'",
        "generic|N'n' X'0f' b'01'|STRING:N'n' STRING:X'0f' STRING:b'01'",
        "generic|U&'d\\0061' u&\"x\"|STRING:U&'d\\0061' QUOTED_IDENTIFIER:u&\"x\"",
        // a word that only starts like a prefix
        "generic|ex'y'|WORD:ex STRING:'y'",
        "generic|u&x|WORD:u OPERATOR:& WORD:x",
        "generic|a&b|WORD:a OPERATOR:& WORD:b",
        "mysql|U&'x'|WORD:U OPERATOR:& STRING:'x'",
        // MySQL's character-set introducer is a string there, a word and a string elsewhere
        "mysql|_utf8mb4'abc'|STRING:_utf8mb4'abc'",
        "mysql|_utf8mb4 'abc'|WORD:_utf8mb4 STRING:'abc'",
        "postgresql|_utf8mb4'abc'|WORD:_utf8mb4 STRING:'abc'",
        // digits running into letters are a name (MySQL's 2024_orders)
        "mysql|select 2024_orders|WORD:select WORD:2024_orders",
    })
    void tokensAroundWords(String dialect, String sql, String expected) {
        assertThat(tokens(sql, SqlDialect.valueOf(dialect.toUpperCase(java.util.Locale.ROOT)))).isEqualTo(expected);
    }

    private static String tokens(String sql, SqlDialect dialect) {
        SqlLexer lexer = new SqlLexer(sql, dialect);
        List<String> tokens = new ArrayList<>();
        for (TokenKind kind = lexer.next(); kind != TokenKind.END; kind = lexer.next()) {
            tokens.add(kind + ":" + sql.substring(lexer.tokenStart(), lexer.tokenEnd()));
        }
        return String.join(" ", tokens);
    }
}
