package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import io.queryhound.StatementKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.queryhound.StatementKind.CALL;
import static io.queryhound.StatementKind.DDL;
import static io.queryhound.StatementKind.DELETE;
import static io.queryhound.StatementKind.INSERT;
import static io.queryhound.StatementKind.MERGE;
import static io.queryhound.StatementKind.OTHER;
import static io.queryhound.StatementKind.SELECT;
import static io.queryhound.StatementKind.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class StatementKindTest {

    static Stream<Arguments> statements() {
        return Stream.of(
                arguments("SELECT * FROM t", SELECT),
                arguments("select 1", SELECT),
                arguments("/* leading */ -- and another\n  SeLeCt 1", SELECT),
                arguments("((SELECT 1)) UNION (SELECT 2)", SELECT),
                arguments("VALUES (1), (2)", SELECT),
                arguments("TABLE orders", SELECT),
                arguments("WITH a AS (SELECT 1) SELECT * FROM a", SELECT),
                arguments("with recursive t(n) as (values (1) union all select n + 1 from t where n < 5) select sum(n) from t", SELECT),
                arguments("WITH a AS (SELECT 1), b (x) AS (SELECT 2) INSERT INTO t SELECT * FROM a", INSERT),
                arguments("WITH x AS MATERIALIZED (DELETE FROM t RETURNING *) UPDATE u SET a = 1", UPDATE),
                arguments("WITH \"update\" AS (SELECT 1) DELETE FROM t", DELETE),
                arguments("with select_me as (select 1) select * from select_me", SELECT),
                arguments("INSERT INTO t VALUES (1)", INSERT),
                arguments("insert into t values (1) on conflict (id) do update set a = 2", INSERT),
                arguments("REPLACE INTO t VALUES (1)", INSERT),
                arguments("update t set a = 1", UPDATE),
                arguments("DELETE FROM t WHERE id = ?", DELETE),
                arguments("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1", MERGE),
                arguments("UPSERT INTO t VALUES (1)", MERGE),
                arguments("{call refresh_totals(?, ?)}", CALL),
                arguments("{?= call f(?)}", CALL),
                arguments("{ ? = call f(?) }", CALL),
                arguments("CALL p(1)", CALL),
                arguments("exec sp_who", CALL),
                arguments("CREATE TABLE t (id int)", DDL),
                arguments("alter table t add column c int", DDL),
                arguments("DROP INDEX i", DDL),
                arguments("truncate table t", DDL),
                arguments("COMMENT ON TABLE t IS 'x'", DDL),
                arguments("GRANT SELECT ON t TO u", DDL),
                arguments("SHOW TABLES", OTHER),
                arguments("EXPLAIN SELECT 1", OTHER),
                arguments("SET search_path = public", OTHER),
                arguments("BEGIN", OTHER),
                arguments("with x as (select 1)", OTHER),
                arguments("", OTHER),
                arguments("?", OTHER),
                arguments("select 1; delete from t", SELECT));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("statements")
    void kindIsReadFromTheFirstSignificantKeyword(String sql, StatementKind expected) {
        assertThat(Fingerprinter.fingerprintUnguarded(sql, SqlDialect.GENERIC).kind()).as(sql).isEqualTo(expected);
    }
}
