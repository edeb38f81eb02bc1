package io.queryhound.it.apps;

import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.FindingType;
import io.queryhound.QueryHoundSuppress;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An application with seven N+1 loops, each in its own method of {@link Reports}, run with the agent: one suppressed
 * by {@code @QueryHoundSuppress} (proxy-core on its class path, so the annotation is the application's own class),
 * one by an agent argument with a call-site pattern, one by an agent argument with its fingerprint, one by a line of
 * a suppressions file, one annotated with a blank reason, one plain, and, with
 * {@code -Dsuppressionapp.newLoop=true}, a new one that a baseline written from an earlier run does not know.
 */
public final class SuppressionApp {

    /** The system property that adds the new loop. */
    public static final String NEW_LOOP = "suppressionapp.newLoop";

    private SuppressionApp() {
    }

    public static void main(String[] args) throws Exception {
        AppSupport database = AppSupport.openDatabase("suppression");
        HikariDataSource pool = database.pool("suppression");
        AppSupport.createShop(pool);
        Reports reports = new Reports(pool);
        System.out.println("REGIONS " + reports.regionTotals());
        System.out.println("NAMES " + reports.customerNames());
        System.out.println("BLANK " + reports.blankReason());
        System.out.println("COUNTS " + reports.orderCounts());
        System.out.println("TOTALS " + reports.customerTotals());
        System.out.println("LARGEST " + reports.largestOrders());
        if (Boolean.getBoolean(NEW_LOOP)) {
            System.out.println("NEW " + reports.orderTotals());
        }
        pool.close();
        AppSupport.done();
    }

    /** The application's report queries: one loop over the first five customers or orders per method. */
    public static final class Reports {
        private final DataSource dataSource;

        public Reports(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @QueryHoundSuppress(value = FindingType.N_PLUS_ONE, reason = "five regions at most; reviewed in ticket 812")
        public long regionTotals() throws SQLException {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("select count(*) from orders where customer_id = ?")) {
                long sum = 0;
                for (long id = 1; id <= AppSupport.CUSTOMERS; id++) {
                    ps.setLong(1, id);
                    sum += first(ps.executeQuery());
                }
                return sum;
            }
        }

        /** Suppressed by the agent argument {@code suppress.names=N_PLUS_ONE@...Reports.customerNames -- ...}. */
        public long customerNames() throws SQLException {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("select length(name) from customer where id = ?")) {
                long sum = 0;
                for (long id = 1; id <= AppSupport.CUSTOMERS; id++) {
                    ps.setLong(1, id);
                    sum += first(ps.executeQuery());
                }
                return sum;
            }
        }

        @QueryHoundSuppress(value = FindingType.N_PLUS_ONE, reason = "")
        public long blankReason() throws SQLException {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("select id from customer where id = ?")) {
                long sum = 0;
                for (long id = 1; id <= AppSupport.CUSTOMERS; id++) {
                    ps.setLong(1, id);
                    sum += first(ps.executeQuery());
                }
                return sum;
            }
        }

        /** The codebase's known problem: in the baseline. */
        public long orderCounts() throws SQLException {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("select customer_id from orders where id = ?")) {
                long sum = 0;
                for (long id = 1; id <= AppSupport.CUSTOMERS; id++) {
                    ps.setLong(1, id);
                    sum += first(ps.executeQuery());
                }
                return sum;
            }
        }

        /** The statement {@link #customerTotals} loops over, suppressed by its fingerprint. */
        public static final String CUSTOMER_TOTAL = "select sum(total) from orders where customer_id = ?";
        /** The statement {@link #largestOrders} loops over, suppressed by a suppressions file. */
        public static final String LARGEST_ORDER = "select max(total) from orders where customer_id = ?";

        /** Suppressed by the agent argument {@code suppress.totals=N_PLUS_ONE:<fingerprint of CUSTOMER_TOTAL> -- ...}. */
        public long customerTotals() throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CUSTOMER_TOTAL)) {
                long sum = 0;
                for (long id = 1; id <= AppSupport.CUSTOMERS; id++) {
                    ps.setLong(1, id);
                    sum += first(ps.executeQuery());
                }
                return sum;
            }
        }

        /** Suppressed by a line of the file named in the agent argument {@code suppressions=...}. */
        public long largestOrders() throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LARGEST_ORDER)) {
                long sum = 0;
                for (long id = 1; id <= AppSupport.CUSTOMERS; id++) {
                    ps.setLong(1, id);
                    sum += first(ps.executeQuery());
                }
                return sum;
            }
        }

        /** The new loop, added after the baseline was written. */
        public long orderTotals() throws SQLException {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("select cast(total as bigint) from orders where id = ?")) {
                long sum = 0;
                for (long id = 1; id <= AppSupport.CUSTOMERS; id++) {
                    ps.setLong(1, id);
                    sum += first(ps.executeQuery());
                }
                return sum;
            }
        }

        private static long first(ResultSet result) throws SQLException {
            try (ResultSet rows = result) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }
}
