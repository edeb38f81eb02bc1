package io.queryhound.assertions.block;

import io.queryhound.QueryHound;
import io.queryhound.junit.QueryAssertions;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryLog;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.queryhound.junit.QueryExpectation.select;

/**
 * The block API as an application without JUnit uses it: no JUnit, AssertJ or opentest4j type is
 * referenced here, so {@link BlockWithoutJUnitTest} can load this class in a class loader that
 * cannot see them. {@link #run()} reports what happened as text, keyed by step.
 */
public final class NoJUnitBlock {

    private NoJUnitBlock() {
    }

    public static Map<String, String> run() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("sameLoader", Boolean.toString(NoJUnitBlock.class.getClassLoader() == QueryHound.class.getClassLoader()));
        out.put("junitVisible", visible("org.junit.jupiter.api.Assertions"));
        out.put("opentest4jVisible", visible("org.opentest4j.AssertionFailedError"));
        try {
            steps(out);
        } catch (Throwable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            out.put("unexpected", trace.toString());
        }
        return out;
    }

    private static void steps(Map<String, String> out) throws Exception {
        try {
            QueryHound.expect(select(1)).during(() -> "nothing wrapped yet");
            out.put("beforeWrap", "nothing thrown");
        } catch (IllegalStateException | AssertionError e) {
            out.put("beforeWrap", e.getClass().getName() + ": " + e.getMessage());
        }

        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:nojunit-" + UUID.randomUUID());
        h2.setUser("sa");
        try (Connection keeper = h2.getConnection(); Statement s = keeper.createStatement()) { // keeps the database alive
            s.execute("create table customers (id int primary key, name varchar(100))");
            s.execute("create table orders (id int primary key, customer_id int, total int)");
            for (int i = 1; i <= 3; i++) {
                s.execute("insert into customers values (" + i + ", 'customer-" + i + "')");
                s.execute("insert into orders values (" + i + ", " + i + ", " + (10 * i) + ")");
            }
            DataSource ds = QueryHound.wrap(h2);

            Integer customers = QueryHound.expect(select(1)).during(() -> count(ds));
            out.put("value", String.valueOf(customers));

            QueryLog log = QueryHound.record(() -> count(ds));
            QueryAssertions.assertThat(log).hasSelectCount(1).hasTotalCount(1).hasNoNPlusOne();
            out.put("selectCount", Long.toString(log.selectCount()));

            try {
                QueryHound.expect(select(2)).during(() -> count(ds));
                out.put("failure", "nothing thrown");
            } catch (AssertionError e) {
                out.put("failureClass", e.getClass().getName());
                out.put("failureIsQueryExpectationError", Boolean.toString(e instanceof QueryExpectationError));
                out.put("failureLogCount", Long.toString(((QueryExpectationError) e).log().count()));
                out.put("failure", e.getMessage());
            }

            QueryLog loop = QueryHound.record(() -> loop(ds));
            try {
                QueryAssertions.assertThat(loop).hasNoNPlusOne();
                out.put("loopFailure", "nothing thrown");
            } catch (AssertionError e) {
                out.put("loopFailureClass", e.getClass().getName());
                out.put("loopFailure", e.getMessage());
            }
        }
    }

    private static int count(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from customers")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void loop(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet ids = st.executeQuery("select id from customers order by id")) {
            while (ids.next()) {
                try (PreparedStatement ps = c.prepareStatement("select total from orders where customer_id = ?")) {
                    ps.setInt(1, ids.getInt(1));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
            }
        }
    }

    private static String visible(String className) {
        try {
            Class.forName(className, false, NoJUnitBlock.class.getClassLoader());
            return "yes";
        } catch (ClassNotFoundException e) {
            return "no";
        }
    }
}
