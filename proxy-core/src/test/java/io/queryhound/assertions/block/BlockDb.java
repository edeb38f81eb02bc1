package io.queryhound.assertions.block;

import io.queryhound.testing.H2;
import io.queryhound.testing.SqlFunctions;
import org.h2.jdbcx.JdbcDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The database the block-API tests run against: a fresh in-memory H2 per call with
 * {@code customers(id, name, secret)} and {@code orders(id, customer_id, total)} (one order per
 * customer, {@code total = 10 * id}) and the {@link SqlFunctions} aliases. Set-up runs on the raw
 * DataSource, so none of it is ever recorded.
 */
final class BlockDb {

    static final String CUSTOMER_IDS = "select id from customers order by id";
    static final String ORDER_TOTAL = "select total from orders where customer_id = ?";

    private BlockDb() {
    }

    static JdbcDataSource withCustomers(int customers) throws SQLException {
        JdbcDataSource h2 = H2.newDataSource();
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table customers (id int primary key, name varchar(100), secret varchar(100))");
            s.execute("create table orders (id int primary key, customer_id int, total int)");
            for (int i = 1; i <= customers; i++) {
                s.execute("insert into customers values (" + i + ", 'customer-" + i + "', 'secret-" + i + "')");
                s.execute("insert into orders values (" + i + ", " + i + ", " + (10 * i) + ")");
            }
            SqlFunctions.register(s);
        }
        return h2;
    }

    /** The line of the caller, to put on the line of the JDBC call whose call site a test checks. */
    static int here() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber();
    }

    /** The method of the caller. */
    static String method() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getMethodName();
    }

    static int drain(ResultSet rs) throws SQLException {
        try (rs) {
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            return rows;
        }
    }

    static List<Integer> ints(ResultSet rs) throws SQLException {
        try (rs) {
            List<Integer> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getInt(1));
            }
            return values;
        }
    }

    /** One lookup of a customer's order total: the statement every N+1 loop here repeats. */
    static int orderTotal(Connection c, int customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ORDER_TOTAL)) {
            ps.setInt(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    /**
     * The row of a failure message's counter table for {@code label}, as a pattern: its expected
     * value, its actual value, and whether it is marked failed.
     */
    static Pattern row(String label, String expected, long actual, boolean failed) {
        return Pattern.compile("(?m)^  " + Pattern.quote(label) + " +" + Pattern.quote(expected) + " +" + actual
                + (failed ? " +X" : "") + "$");
    }

    /** The lines of a failure message's counter table that are marked failed. */
    static long failedRows(String message) {
        return message.lines().takeWhile(line -> !line.startsWith("Statements by fingerprint")
                        && !line.startsWith("No statement was recorded"))
                .filter(line -> line.endsWith(" X"))
                .count();
    }
}
