package io.queryhound.it.apps;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Runs {@link NightlyJob#run()} twice and {@link NightlyJob#archive()} once, then an N+1 loop of its own outside
 * the job ({@link #auditTotals}), which belongs to no configured scope and so lands in the main thread's implicit
 * scope.
 */
public final class NightlyJobApp {

    /** Orders the audit loop looks up one by one. */
    public static final int AUDITED_ORDERS = 4;

    private NightlyJobApp() {
    }

    public static void main(String[] args) throws Exception {
        AppSupport database = AppSupport.openDatabase("job");
        HikariDataSource pool = database.pool("job");
        AppSupport.createShop(pool);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table job_log (id bigint auto_increment primary key, run_no int not null, "
                    + "order_id bigint not null, line varchar(200) not null)");
        }

        NightlyJob job = new NightlyJob(pool);
        job.run();
        job.run();
        job.archive();
        System.out.println("AUDIT " + auditTotals(pool));

        database.printStatementCounts();
        AppSupport.printBridgeProbe();
        pool.close();
        AppSupport.done();
    }

    /** An N+1 outside the job: {@value #AUDITED_ORDERS} lookups of distinct orders. */
    static String auditTotals(DataSource dataSource) throws SQLException {
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        try (Connection connection = dataSource.getConnection()) {
            for (long id = 1; id <= AUDITED_ORDERS; id++) {
                try (PreparedStatement lookup = connection.prepareStatement("select total from orders where id = ?")) {
                    lookup.setLong(1, id);
                    try (ResultSet total = lookup.executeQuery()) {
                        total.next();
                        sum = sum.add(total.getBigDecimal(1));
                    }
                }
            }
        }
        return "sum=" + sum;
    }
}
