package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * A template is shown to users and may be run by them (EXPLAIN), so a statement that H2 accepts
 * must give a template that H2 accepts too. Left out on purpose: {@code {ts ?}} (a JDBC escape
 * wants a literal) and a bare {@code array[?]} (H2 cannot type the parameter); both are fine in
 * PostgreSQL with a typed parameter.
 */
class TemplatesAreValidSqlTest {

    private static Connection connection;

    @BeforeAll
    static void createSchema() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:templates;MODE=PostgreSQL");
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table orders (id bigint primary key, customer_id bigint, total decimal(10, 2),"
                    + " status varchar(20), note varchar(100), created timestamp)");
            statement.execute("create table customer (id bigint primary key, name varchar(50))");
            statement.execute("create table \"My Table\" (\"Weird \"\"Col\"\"\" int)");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM orders WHERE customer_id = 5 AND status IN ('a', 'b', 'c') ORDER BY 1, 2 DESC LIMIT 10 OFFSET 5",
        "select o1_0.id,o1_0.customer_id from orders o1_0 where o1_0.customer_id=? and o1_0.id in (?,?,null)",
        "INSERT INTO orders (id, customer_id, total) VALUES (1, 2, 3.5), (2, 3, NULL), (3, 4, -1.5e2)",
        "INSERT INTO orders (id, customer_id, created) VALUES (1, 2, now()), (2, 3, now())",
        "UPDATE orders SET note = NULL, total = total - -1, status = 'x' WHERE id = -5 AND note IS NOT NULL",
        "DELETE FROM orders WHERE id IN (SELECT id FROM customer WHERE name LIKE 'a%')",
        "SELECT count(*), sum(total * 2), max(id) - 1 FROM orders GROUP BY 1 HAVING count(*) > 1",
        "SELECT CAST(total AS varchar(20)), CAST(id AS decimal(10, 2)), -id, - -id, +id FROM orders",
        "SELECT CASE WHEN id = 1 THEN -1 ELSE 0 END - 1 FROM orders",
        "WITH r AS (SELECT * FROM orders WHERE total > 100) SELECT * FROM r WHERE id IN (1,2,3)",
        "SELECT * FROM orders WHERE (id, customer_id) IN ((1, 2), (3, 4))",
        "SELECT * FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.total BETWEEN 10 AND 20.5",
        "select \"Weird \"\"Col\"\"\" from \"My Table\" where \"Weird \"\"Col\"\"\" = 1;",
        "SELECT * FROM orders FETCH FIRST 10 ROWS ONLY",
        "SELECT 'a' || 'b', x'0F', 0xFF, 1e-5, .5 FROM orders",
        "SELECT {fn UCASE(note)} FROM orders",
        "SELECT * FROM orders WHERE note IS NULL AND status IS NOT NULL AND (id > 1) = TRUE",
        "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)",
        "SELECT id FROM orders WHERE NOT EXISTS (SELECT 1 FROM customer WHERE customer.id = orders.customer_id)",
        "SELECT id::int, total::decimal(10,2) FROM orders /* app=shop */",
        "SELECT * FROM orders WHERE id > $1 -- trailing",
        "create table if not exists t2 (id bigint primary key, name varchar(255) default 'x', n decimal(10, 2))",
        "insert into customer(id,name) values(1,'a') ",
    })
    void theTemplateOfValidSqlIsValidSql(String sql) throws SQLException {
        connection.prepareStatement(sql).close();
        for (SqlDialect dialect : new SqlDialect[] {SqlDialect.H2, SqlDialect.GENERIC}) {
            String template = Fingerprinter.fingerprint(sql, dialect).template();
            assertThat(template).doesNotContain("'");
            assertThatCode(() -> connection.prepareStatement(template).close())
                    .as("%s template %s", dialect, template)
                    .doesNotThrowAnyException();
        }
    }
}
