package io.queryhound.demo.orders.report;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Revenue figures from the payments, over plain JDBC. */
public final class RevenueRepository {

    /** One day of the report: captured payments and their sum. */
    public record DailyRevenue(LocalDate day, long payments, BigDecimal revenue) {
    }

    private final DataSource dataSource;

    public RevenueRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Captured payments per day from {@code from} to {@code to}, both included, every day listed (with zero when
     * nothing was paid). Only captured payments have a {@code paid_at}. H2 joins by nested loops: for each day of
     * the calendar it looks up that day's payments, which without an index on {@code paid_at} means reading the
     * whole payments table once per day.
     */
    public List<DailyRevenue> dailyRevenue(LocalDate from, LocalDate to) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select d.business_day, count(p.id) as payments, coalesce(sum(p.amount), 0) as revenue"
                             + " from business_days d"
                             + " left join payments p on p.paid_at >= d.starts_at and p.paid_at < d.ends_at"
                             + " where d.business_day between ? and ?"
                             + " group by d.business_day order by d.business_day")) {
            statement.setObject(1, from);
            statement.setObject(2, to);
            List<DailyRevenue> days = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    days.add(new DailyRevenue(rows.getObject("business_day", LocalDate.class), rows.getLong("payments"),
                            rows.getBigDecimal("revenue")));
                }
            }
            return days;
        }
    }
}
