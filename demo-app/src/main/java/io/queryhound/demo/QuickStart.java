package io.queryhound.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.Exporter;
import io.queryhound.Finding;
import io.queryhound.FindingSummary;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.StatementStatistics;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The smallest useful QueryHound program: wrap a pooled H2 DataSource, run a few kinds of queries
 * (some of them the way real code gets them wrong), and print what QueryHound finds in them and the
 * per-statement statistics it writes, as JSON lines and as a table. No scope is opened: the queries
 * of {@code main} land in the thread's implicit scope, which is judged when QueryHound closes.
 */
public final class QuickStart {

    private QuickStart() {
    }

    @SuppressWarnings("try") // the request scope is opened for the code inside it, which never names it
    public static void main(String[] args) throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:quickstart;DB_CLOSE_DELAY=-1");
        HikariConfig config = new HikariConfig();
        config.setDataSource(h2);
        config.setPoolName("quickstart");

        TablePrinter table = new TablePrinter();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            createSchema(pool);
            QueryHoundEngine hound = QueryHound.builder().exporter(table).build();
            DataSource dataSource = hound.wrap(pool, "orders");

            recentOrdersWithCustomerNames(dataSource);
            importOrdersOneByOne(dataSource);
            countByStatus(dataSource);
            for (int customer = 1; customer <= 3; customer++) {
                // Three requests, each judged on its own: the same N+1 in each is written once, then summarised.
                try (Scope request = hound.scope("GET /customers/{id}/orders")) {
                    ordersWithLines(dataSource, customer);
                }
            }
            try {
                countByStatusWithATypo(dataSource);
            } catch (SQLException expected) {
                System.out.println("The application saw H2's own exception: " + expected.getClass().getSimpleName());
            }
            hound.close(); // writes the final summary
        }
        table.print();
    }

    private static void createSchema(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table customer (id int primary key, name varchar(100))");
            s.execute("create table orders (id int auto_increment primary key, customer_id int, status varchar(20),"
                    + " total decimal(10, 2))");
            s.execute("insert into customer select x, 'customer ' || x from system_range(1, 200)");
            s.execute("insert into orders (customer_id, status, total) select mod(x, 200) + 1,"
                    + " case mod(x, 3) when 0 then 'NEW' when 1 then 'PAID' else 'SHIPPED' end, x * 1.5"
                    + " from system_range(1, 5000)");
            s.execute("create table order_line (id int auto_increment primary key, order_id int, product varchar(50),"
                    + " quantity int)");
            s.execute("insert into order_line (order_id, product, quantity) select mod(x, 5000) + 1, 'product ' ||"
                    + " mod(x, 97), mod(x, 4) + 1 from system_range(1, 10000)");
        }
    }

    /** One query for the orders, then one more per order for its customer: the classic N+1. */
    private static void recentOrdersWithCustomerNames(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement orders = c.prepareStatement(
                     "select id, customer_id from orders order by id desc limit 50");
             PreparedStatement customer = c.prepareStatement("select name from customer where id = ?");
             ResultSet rs = orders.executeQuery()) {
            while (rs.next()) {
                customer.setInt(1, rs.getInt("customer_id"));
                try (ResultSet name = customer.executeQuery()) {
                    name.next();
                }
            }
        }
    }

    /** A customer's orders, then one more query per order for its lines. */
    private static void ordersWithLines(DataSource ds, int customerId) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement orders = c.prepareStatement("select id, total from orders where customer_id = ?");
             PreparedStatement lines = c.prepareStatement(
                     "select product, quantity from order_line where order_id = ?")) {
            orders.setInt(1, customerId);
            try (ResultSet rs = orders.executeQuery()) {
                while (rs.next()) {
                    lines.setInt(1, rs.getInt("id"));
                    try (ResultSet line = lines.executeQuery()) {
                        while (line.next()) {
                            line.getInt("quantity");
                        }
                    }
                }
            }
        }
    }

    /** One INSERT per row instead of a batch. */
    private static void importOrdersOneByOne(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "insert into orders (customer_id, status, total) values (?, ?, ?)")) {
            for (int i = 0; i < 100; i++) {
                insert.setInt(1, 1 + i % 200);
                insert.setString(2, "NEW");
                insert.setBigDecimal(3, java.math.BigDecimal.valueOf(10 + i));
                insert.executeUpdate();
            }
        }
    }

    /** The same aggregate with inlined literals: one fingerprint for all three. */
    private static void countByStatus(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String status : List.of("NEW", "PAID", "SHIPPED")) {
                try (ResultSet rs = s.executeQuery("select count(*) from orders where status = '" + status + "'")) {
                    rs.next();
                }
            }
        }
    }

    private static void countByStatusWithATypo(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("select count(*) from order where status = 'NEW'");
        }
    }

    /** Prints each finding and summary record as QueryHound's JSON line, then the statistics as a table. */
    static final class TablePrinter implements Exporter {
        private final List<StatementStatistics> summary = new ArrayList<>();
        private final List<Finding> findings = new ArrayList<>();
        private final List<FindingSummary> summaries = new ArrayList<>();

        @Override
        public synchronized void finding(Finding finding) {
            findings.add(finding);
        }

        @Override
        public synchronized void findingSummary(FindingSummary summary) {
            summaries.add(summary);
        }

        @Override
        public synchronized void statistics(StatementStatistics statistics) {
            if (statistics.period() == StatementStatistics.Period.SUMMARY) {
                summary.add(statistics);
            }
        }

        synchronized void print() {
            System.out.println();
            System.out.println("QueryHound findings, one line each (Finding.toText()):");
            for (Finding finding : findings) {
                System.out.println(finding.toText());
            }
            for (FindingSummary summary : summaries) {
                System.out.println(summary.toText());
            }
            System.out.println();
            System.out.println("The same findings as JSON lines (what output=<file> writes):");
            for (Finding finding : findings) {
                System.out.println(finding.toJson());
            }
            for (FindingSummary summary : summaries) {
                System.out.println(summary.toJson());
            }
            System.out.println();
            System.out.println("QueryHound statistics, one JSON line per statement (what output=<file> writes):");
            for (StatementStatistics s : summary) {
                System.out.println(s.toJson());
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "%-16s %-7s %6s %6s %6s %9s %9s %9s  %s%n",
                    "fingerprint", "type", "count", "errors", "rows", "p50 ms", "p99 ms", "max ms", "statement");
            for (StatementStatistics s : summary) {
                String sql = s.sql().length() > 70 ? s.sql().substring(0, 67) + "..." : s.sql();
                System.out.printf(Locale.ROOT, "%-16s %-7s %6d %6d %6d %9.3f %9.3f %9.3f  %s%n",
                        s.fingerprint().id(), s.statementType(), s.count(), s.errors(), s.rows(),
                        s.p50Millis(), s.p99Millis(), s.maxMillis(), sql);
            }
        }
    }
}
