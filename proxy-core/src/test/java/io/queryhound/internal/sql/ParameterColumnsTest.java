package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class ParameterColumnsTest {

    /** The columns as one comma-separated string, "-" for an unknown one: keeps the table below readable. */
    private static String columns(String sql, SqlDialect dialect) {
        String[] columns = ParameterColumns.of(sql, dialect);
        return String.join(",", Arrays.stream(columns).map(c -> c == null ? "-" : c).toArray(String[]::new));
    }

    // '~' never occurs, so the SQL's quotes stay as written.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', emptyValue = "", textBlock = """
            select * from t where col = ?                                            | col
            select * from t where ? = col                                            | col
            select * from t where ? = t.col and b = ?                                | col,b
            select * from t where col <> ?                                           | col
            select * from t where col != ? and d >= ? and e < ?                      | col,d,e
            select * from t where col like ?                                         | col
            select * from t where col not like ? escape '!'                          | col,-
            select * from t where col in (?, ?, ?)                                   | col,col,col
            select * from t where col not in (?, ?)                                  | col,col
            select * from t where col between ? and ?                                | col,col
            select * from t where col between ? and ? and x = ?                      | col,col,x
            update t set a = ?, b = ? where id = ?                                   | a,b,id
            insert into users (name, password_hash) values (?, ?)                    | name,password_hash
            insert into users (name, password_hash) values (?, ?), (?, ?)            | name,password_hash,name,password_hash
            insert into t values (?, ?)                                              | -,-
            insert into s.t (a, b) values (?, lower(?)) on conflict (a) do update set b = ?  | a,b,b
            insert ignore into t (a, b) value (?, ?)                                 | a,b
            insert into "Users" ("Name", "Password") values (?, ?)                   | name,password
            select * from t where lower(email) = ?                                   | email
            select * from t where o1_0.customer_id = ?                               | customer_id
            select * from t where "User"."PassWord" = ?                              | password
            select * from t where a = 5 and b = ?                                    | a,b
            select * from t where a = -5 and b = +2.5e3                              | a,b
            select * from t where a - 1 = ?                                          | -,-
            select * from t where a = $1 and b = $2                                  | a,b
            select * from t where a = :a and b[1:n] = ?                              | a,-,b
            select * from t where active = true and deleted is not false             | active
            select * from t where name = 'a' 'b' and x = ?                           | name,x
            select * from t where id = any (?)                                       | id
            select * from t where created > date '2020-01-01'                        | created
            select * from t where x in (select y from u where z = ?)                 | z
            select * from t where x = (select max(y) from u) and z = ?               | z
            select * from t where x::text = ?                                        | x
            select count(*) from t where a = ? group by b order by 1, 2 limit ?      | a,-
            select cast(x as varchar(255)) from t where a = ?                        | a
            select ?, 1 from t                                                       | -,-
            select * from t where a = ? limit ? offset ?                             | a,-,-
            select * from t where (a, b) in ((?, ?)) and coalesce(x, y) = ?          | -,-,-
            select * from t where lower(u.email) like lower(?) and upper(t.x) = ?    | email,x
            select * from t where x in (values (1), (2))                             | -,-
            insert into t (a, b) values (1, (select x from y where z = ?))           | a,z
            merge into t using s on t.id = s.id when not matched then insert (a, b) values (?, ?)  | a,b
            """)
    void namesTheColumnOfEachValue(String sql, String expected) {
        assertThat(columns(sql, SqlDialect.GENERIC)).isEqualTo(expected);
    }

    @Test
    void emptyWhenThereAreNoValues() {
        assertThat(ParameterColumns.of("select * from t where a is null", SqlDialect.GENERIC)).isEmpty();
        assertThat(ParameterColumns.of("", SqlDialect.GENERIC)).isEmpty();
        assertThat(ParameterColumns.of(null, SqlDialect.GENERIC)).isEmpty();
        assertThat(ParameterColumns.literals(null, SqlDialect.GENERIC)).isEmpty();
    }

    @Test
    void mixedLiteralsAndPlaceholders() {
        String sql = "select * from t where a = 5 and b = ?";
        assertThat(ParameterColumns.of(sql, SqlDialect.GENERIC)).containsExactly("a", "b");
        assertThat(ParameterColumns.literals(sql, SqlDialect.GENERIC)).containsExactly("5");
    }

    @Test
    void postgresPlaceholders() {
        String sql = "update users set password_hash = $1, updated = now() where id = $2";
        assertThat(ParameterColumns.of(sql, SqlDialect.POSTGRESQL)).containsExactly("password_hash", "id");
        assertThat(ParameterColumns.literals(sql, SqlDialect.POSTGRESQL)).isEmpty();
    }

    @Test
    void mysqlQuotesAndVariables() {
        assertThat(ParameterColumns.of("update `users` set `Password` = \"x\" where id = 1", SqlDialect.MYSQL))
                .containsExactly("password", "id");
        assertThat(ParameterColumns.literals("update `users` set `Password` = \"x\" where id = 1", SqlDialect.MYSQL))
                .containsExactly("x", "1");
        assertThat(ParameterColumns.of("set @password = ?", SqlDialect.MYSQL)).containsExactly("password");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            select * from t where a = 'it''s' and b = 7                  | it's,7
            select * from t where a = ? and b = 'x'                      | x
            select * from t where a = -1 and b = 0x1F and c = 1.5e-3     | -1,0x1F,1.5e-3
            select * from t where a - 1 > 0                              | 1,0
            select * from t where a = E'tab\\t' and b = N'nat'           | tab\\t,nat
            select * from t where a = $$dollar 'quoted'$$                | dollar 'quoted'
            select * from t where a = $tag$x$tag$ and b = TRUE           | x,TRUE
            select * from t where a = 'a' 'b'                            | ab
            select * from t where a is true and b = false                | false
            select * from t order by 1, 2 limit 10                       | 10
            insert into t (a) values ('x''y'), ('z')                     | x'y,z
            select * from t where a = 'unterminated                      | unterminated
            """)
    void literalsAreListedWithoutQuotes(String sql, String expected) {
        assertThat(String.join(",", ParameterColumns.literals(sql, SqlDialect.GENERIC))).isEqualTo(expected);
    }

    @Test
    void literalsAreCappedAt64() {
        StringBuilder sql = new StringBuilder("select * from t where a in (");
        for (int i = 0; i < 500; i++) {
            sql.append(i == 0 ? "" : ", ").append('\'').append(i).append('\'');
        }
        sql.append(')');
        String[] literals = ParameterColumns.literals(sql.toString(), SqlDialect.GENERIC);
        assertThat(literals).hasSize(ParameterColumns.MAX_LITERALS).startsWith("0", "1", "2");
    }

    @Test
    void aHundredThousandItemInListIsCappedAndTakesOnePass() {
        StringBuilder sql = new StringBuilder("select * from t where password in (");
        for (int i = 0; i < 100_000; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        String[] columns = ParameterColumns.of(sql.toString(), SqlDialect.GENERIC);
        assertThat(columns).hasSize(ParameterColumns.MAX_POSITIONS).containsOnly("password");
    }

    @Test
    void deepNestingDoesNotRecurse() {
        String sql = "select * from t where a = " + "(".repeat(200_000) + "?" + ")".repeat(200_000) + " and b = ?";
        assertThat(ParameterColumns.of(sql, SqlDialect.GENERIC)).containsExactly(null, "b");
        String shallow = "select * from t where a in (" + "(".repeat(100) + "?" + ")".repeat(100) + ")";
        assertThat(ParameterColumns.of(shallow, SqlDialect.GENERIC)).containsExactly("a");
    }

    @Test
    void multiRowValuesKeepTheirColumnsAcrossManyRows() {
        StringBuilder sql = new StringBuilder("insert into users (name, password_hash) values ");
        for (int i = 0; i < 2_000; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?)");
        }
        String[] columns = ParameterColumns.of(sql.toString(), SqlDialect.GENERIC);
        assertThat(columns).hasSize(ParameterColumns.MAX_POSITIONS);
        assertThat(columns[998]).isEqualTo("name");
        assertThat(columns[999]).isEqualTo("password_hash");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select * from t where a = 'unterminated",
        "select * from t where a = ? and (b = ?",
        "select * from t where a = ?)) and b = ?",
        "insert into t (a, b values (?, ?",
        "insert into t (a, b) values (?, ?)), (?",
        "select * from t where a = \"open",
        "select * from t where a = $$never closed",
        "select * from t where a = $tag$",
        "select * from t where a = ? /* open comment",
        "select * from t where a = E'\\",
        "select * from t where a between ? and",
        "?",
        ")))(((",
        "'",
    })
    void malformedSqlReturnsWithoutException(String sql) {
        for (SqlDialect dialect : SqlDialect.values()) {
            assertThatCode(() -> ParameterColumns.of(sql, dialect)).doesNotThrowAnyException();
            assertThatCode(() -> ParameterColumns.literals(sql, dialect)).doesNotThrowAnyException();
        }
        assertThat(ParameterColumns.of("select * from t where a = ? and (b = ?", SqlDialect.GENERIC))
                .containsExactly("a", "b");
        assertThat(ParameterColumns.of("insert into t (a, b) values (?, ?)), (?", SqlDialect.GENERIC))
                .hasSize(3).startsWith("a", "b");
    }

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void randomInputNeverThrows(SqlDialect dialect) {
        Random random = new Random(11);
        String alphabet = "select insert into values where and between in like = <> ? $1 :a ( ) [ ] ' \" ` $ $$ -- /* */ . , ; a b 1 - + \\ \n";
        for (int i = 0; i < 3_000; i++) {
            StringBuilder sql = new StringBuilder();
            int length = random.nextInt(60);
            for (int j = 0; j < length; j++) {
                sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = sql.toString();
            assertThatCode(() -> ParameterColumns.of(input, dialect)).doesNotThrowAnyException();
            assertThatCode(() -> ParameterColumns.literals(input, dialect)).doesNotThrowAnyException();
        }
    }

    @Test
    void positionsLineUpWithTheTemplatesPlaceholders() {
        String sql = "insert into t (a, b, c) values (1, 'x', ?) on conflict (a) do update set c = -2";
        String template = Fingerprinter.fingerprint(sql, SqlDialect.GENERIC).template();
        long placeholders = template.chars().filter(c -> c == '?').count();
        assertThat(ParameterColumns.of(sql, SqlDialect.GENERIC)).containsExactly("a", "b", "c", "c").hasSize((int) placeholders);
    }

    @Test
    void placeholderAndLiteralColumnsSeparateAStatementThatMixesThem() {
        String sql = "update users set password_hash = ?, status = 'ACTIVE' where id = 7 and tenant = ?";
        // JDBC parameter 1 is password_hash and parameter 2 is tenant, whatever literals sit between them.
        assertThat(ParameterColumns.ofPlaceholders(sql, SqlDialect.GENERIC)).containsExactly("password_hash", "tenant");
        assertThat(ParameterColumns.ofLiterals(sql, SqlDialect.GENERIC)).containsExactly("status", "id");
        assertThat(ParameterColumns.literals(sql, SqlDialect.GENERIC)).containsExactly("ACTIVE", "7");
        assertThat(ParameterColumns.ofPlaceholders("", SqlDialect.GENERIC)).isEmpty();
        assertThat(ParameterColumns.ofLiterals(null, SqlDialect.GENERIC)).isEmpty();
    }
}
