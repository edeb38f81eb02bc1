package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class InListRewriteTest {

    // An empty expected column means: no safe rewrite (null). '~' never occurs, so quotes stay as written.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            select * from orders where customer_id = ?                          | select * from orders where customer_id in (?)
            select o.id, o.total from orders o where o.customer_id = ?          | select o.id, o.total from orders o where o.customer_id in (?)
            select c1_0.id,c1_0.name from customer c1_0 where c1_0.id=?         | select c1_0.id,c1_0.name from customer c1_0 where c1_0.id in (?)
            select * from t where a = ? and deleted = false                     | select * from t where a in (?) and deleted = false
            select * from t where deleted = false and a = ?                     | select * from t where deleted = false and a in (?)
            select * from t where ? = a                                         | select * from t where a in (?)
            select * from t where ? = t.a and b = 1                             | select * from t where t.a in (?) and b = 1
            delete from pets where id = ?                                       | delete from pets where id in (?)
            delete from pets where id = ? returning *                           | delete from pets where id in (?) returning *
            select * from t where a = ? order by b                              | select * from t where a in (?) order by b
            select * from t where a = ? order by b limit ?                      |
            select * from t where a = ? offset ? rows                           |
            select * from t where a = ? fetch first ? rows only                 |
            select * from t where a = ? for update                              | select * from t where a in (?) for update
            select * from t where a = ? group by b having count(*) > ?          | select * from t where a in (?) group by b having count(*) > ?
            select * from t where a = ?;                                        | select * from t where a in (?);
            select * from t join u on u.x = ? where t.id = ?                    | select * from t join u on u.x = ? where t.id in (?)
            select * from t where "Order"."Id" = ?                              | select * from t where "Order"."Id" in (?)
            select * from t where a between 1 and 2 and b = ?                   | select * from t where a between 1 and 2 and b in (?)
            select * from t where (a = 1 or b = 2) and c = ?                    | select * from t where (a = 1 or b = 2) and c in (?)
            select * from t where x in (select y from u) and c = ?              | select * from t where x in (select y from u) and c in (?)
            select * from t where time = ?                                      | select * from t where time in (?)
            SELECT * FROM t WHERE a = ? AND b IS NULL                           | SELECT * FROM t WHERE a in (?) AND b IS NULL
            select * from t /* note */ where a /* c */ = ?                      | select * from t /* note */ where a in (?)
            select * from t where a = $1                                        | select * from t where a in ($1)
            select * from t where a = ? and b = ?                               |
            select * from t where a = ? or b = 1                                |
            select * from t where b = 1 or a = ?                                |
            select * from t where a > ?                                         |
            select * from t where a <> ?                                        |
            select * from t where id in (?)                                     |
            select * from t where x in (select y from u where z = ?)            |
            select * from t where (a = ?)                                       |
            select * from t where a = ? and x in (select y from u where z = ?)  |
            update t set a = ? where id = ?                                     |
            insert into t (a) values (?)                                        |
            select * from t                                                     |
            select * from t where a = 1                                         |
            select * from t where a = ? + 1                                     |
            select * from t where a = ?::int                                    |
            select * from t where lower(a) = ?                                  |
            select * from t where not a = ?                                     |
            select * from t where b and not a = ?                               |
            select * from t where a between ? and 2                             |
            select * from t where b between 1 and a = ?                         |
            select * from t where case when a = ? then 1 else 0 end = 1         |
            select * from t where true = ?                                      |
            select * from t where a = :id                                       |
            select * from t where a = ? union select * from u                   |
            select * from u union select * from t where a = ?                   |
            with x as (select 1) select * from t where a = ?                    |
            (select * from t where a = ?)                                       |
            select * from t where a = ?; delete from t                          |
            select * from t where a = ? and b = 1 xor c = 2                     |
            """)
    void rewritesTheSingleTopLevelEqualityToAnInList(String template, String expected) {
        assertThat(InListRewrite.rewrite(template, SqlDialect.GENERIC)).isEqualTo(expected);
    }

    @Test
    void mysqlDoublePipeIsAnOr() {
        String template = "select * from t where b = 1 || c = 2 and a = ?";
        assertThat(InListRewrite.rewrite(template, SqlDialect.MYSQL)).isNull();
        assertThat(InListRewrite.rewrite("select * from t where `a` = ?", SqlDialect.MYSQL))
                .isEqualTo("select * from t where `a` in (?)");
    }

    @Test
    void templatesFromTheFingerprinterAreRewritten() {
        String template = Fingerprinter.fingerprint(
                "SELECT o.id, o.total FROM orders o WHERE o.customer_id = 42 AND o.status = 'OPEN'", SqlDialect.GENERIC)
                .template();
        // Two values in the WHERE: no single key to batch over.
        assertThat(InListRewrite.rewrite(template, SqlDialect.GENERIC)).isNull();
        String single = Fingerprinter.fingerprint("select o.id from orders o where o.customer_id = 42", SqlDialect.GENERIC)
                .template();
        assertThat(InListRewrite.rewrite(single, SqlDialect.GENERIC))
                .isEqualTo("select o.id from orders o where o.customer_id in (?)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select * from t where a = 'unterminated",
        "select * from t where a = ? and b = 'x",
        "select * from t where a = ? and (b = 1",
        "select * from t where a = ?) and b = 1",
        "select * from t where a = \"open",
        "select * from t where a = `open",
        "select * from t where a = $$never closed",
        "select * from t where a = ? /* open comment",
        "select * from t where a = E'\\",
        "select",
        "where",
        "?",
        "   ",
        ")))(((",
    })
    void malformedInputGivesNoRewriteAndNoException(String sql) {
        for (SqlDialect dialect : SqlDialect.values()) {
            assertThatCode(() -> InListRewrite.rewrite(sql, dialect)).doesNotThrowAnyException();
        }
        assertThat(InListRewrite.rewrite("select * from t where a = ? and (b = 1", SqlDialect.GENERIC)).isNull();
        assertThat(InListRewrite.rewrite("select * from t where a = ?) and b = 1", SqlDialect.GENERIC)).isNull();
    }

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void nullEmptyAndRandomInputNeverThrow(SqlDialect dialect) {
        assertThat(InListRewrite.rewrite(null, dialect)).isNull();
        assertThat(InListRewrite.rewrite("", dialect)).isNull();
        assertThat(InListRewrite.rewrite("select * from t where a = ?", null)).isEqualTo("select * from t where a in (?)");
        Random random = new Random(7);
        String alphabet = "select where and or = ? ( ) ' \" ` $ $$ -- /* */ . , ; a b 1 \\ \n";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sql = new StringBuilder("select * from t where ");
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThatCode(() -> InListRewrite.rewrite(sql.toString(), dialect)).doesNotThrowAnyException();
        }
    }

    @Test
    void longAndDeeplyNestedInputIsHandledInOnePass() {
        StringBuilder sql = new StringBuilder("select * from t where a = ?");
        for (int i = 0; i < 100_000; i++) {
            sql.append(" and b").append(i).append(" = 1");
        }
        String rewritten = InListRewrite.rewrite(sql.toString(), SqlDialect.GENERIC);
        String expected = "select * from t where a in (?)" + sql.substring("select * from t where a = ?".length());
        // Compared as a boolean: a failure message holding both megabyte strings helps nobody.
        assertThat(expected.equals(rewritten)).isTrue();

        String nested = "select * from t where a = ? and " + "(".repeat(200_000) + "1" + ")".repeat(200_000);
        assertThat(InListRewrite.rewrite(nested, SqlDialect.GENERIC)).startsWith("select * from t where a in (?) and ((");
    }
}
