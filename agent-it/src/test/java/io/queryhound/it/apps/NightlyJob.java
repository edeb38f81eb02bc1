package io.queryhound.it.apps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A batch job whose {@link #run()} and {@link #archive()} the agent is told to treat as units of work
 * ({@code scopeMethods=io.queryhound.it.apps.NightlyJob#run,io.queryhound.it.apps.NightlyJob#archive}): {@code run}
 * has an N+1 loop and a write loop that could be one batch, {@code archive} runs one query twice.
 */
public final class NightlyJob {

    private final DataSource dataSource;
    private int runs;

    public NightlyJob(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes one {@code job_log} line per order, naming its customer: {@value AppSupport#ORDERS} of each. */
    public void run() throws SQLException {
        runs++;
        try (Connection connection = dataSource.getConnection()) {
            List<long[]> orders = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select id, customer_id from orders order by id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    orders.add(new long[] {rows.getLong(1), rows.getLong(2)});
                }
            }
            List<String> names = new ArrayList<>();
            for (long[] order : orders) {
                try (PreparedStatement lookup = connection.prepareStatement("select name from customer where id = ?")) {
                    lookup.setLong(1, order[1]);
                    try (ResultSet customer = lookup.executeQuery()) {
                        customer.next();
                        names.add(customer.getString(1));
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into job_log (run_no, order_id, line) values (?, ?, ?)")) {
                for (int i = 0; i < orders.size(); i++) {
                    insert.setInt(1, runs);
                    insert.setLong(2, orders.get(i)[0]);
                    insert.setString(3, "order " + orders.get(i)[0] + " for " + names.get(i));
                    insert.executeUpdate();
                }
            }
        }
        System.out.println("JOB_RUN " + runs + " orders=" + AppSupport.ORDERS);
    }

    /** Counts the log lines twice (a report, then a check), the same query with the same (no) parameters. */
    public void archive() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            long reported = countLogLines(connection);
            long checked = countLogLines(connection);
            System.out.println("ARCHIVE lines=" + reported + " checked=" + checked);
        }
    }

    private static long countLogLines(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("select count(*) from job_log");
             ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
