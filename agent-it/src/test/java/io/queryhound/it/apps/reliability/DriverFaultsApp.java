package io.queryhound.it.apps.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An application whose driver fails, through {@link FaultyDriver} over a real H2: for each {@link Case}, one lookup
 * with the case's faults armed, then {@link #LATER_RUNS} lookups that succeed. Prints what it observed of the
 * failure ({@code OUTCOME}), the rows it read with the case's statement ({@code ROWS}) and any later lookup that
 * failed ({@code LATER_FAILED}); the test compares the lines with and without the agent.
 */
public final class DriverFaultsApp {

    /** Lookups after the failed one, all expected to succeed. */
    public static final int LATER_RUNS = 5;
    /** Rows each lookup returns. */
    public static final int ROWS_PER_LOOKUP = 5;
    private static final String URL = FaultyDriver.URL_PREFIX + "mem:driver-faults;DB_CLOSE_DELAY=-1";

    /** What fails in one lookup. */
    public enum Case {
        PREPARE(Fault.PREPARE),
        EXECUTE(Fault.EXECUTE),
        NEXT(Fault.NEXT),
        RESULT_CLOSE(Fault.RESULT_CLOSE),
        STATEMENT_CLOSE(Fault.STATEMENT_CLOSE),
        CONNECTION_CLOSE(Fault.CONNECTION_CLOSE),
        /** A failure while reading, then another while try-with-resources closes: the second is suppressed. */
        NEXT_THEN_CONNECTION_CLOSE(Fault.NEXT, Fault.CONNECTION_CLOSE);

        private final Set<Fault> faults;

        Case(Fault first, Fault... more) {
            this.faults = EnumSet.of(first, more);
        }

        public Set<Fault> faults() {
            return EnumSet.copyOf(faults);
        }

        /** The case's own lookup (its own alias, so its own fingerprint and statistics). */
        public String sql() {
            String alias = name().toLowerCase(Locale.ROOT);
            return "select " + alias + ".id from item " + alias + " where " + alias + ".id <= ? order by " + alias
                    + ".id";
        }
    }

    private DriverFaultsApp() {
    }

    public static void main(String[] args) throws SQLException {
        DriverManager.registerDriver(new FaultyDriver());
        try (Connection connection = DriverManager.getConnection(URL); Statement ddl = connection.createStatement()) {
            ddl.execute("create table item (id int primary key)");
            ddl.execute("insert into item select x from system_range(1, 20)");
        }
        for (Case failure : Case.values()) {
            List<Integer> rows = new ArrayList<>();
            ArmedFaults.arm(failure.faults());
            SQLException observed = lookUp(failure.sql(), rows);
            System.out.println("OUTCOME " + failure + " | " + describe(observed, rows));
            int total = rows.size();
            for (int i = 0; i < LATER_RUNS; i++) {
                List<Integer> later = new ArrayList<>();
                SQLException unexpected = lookUp(failure.sql(), later);
                if (unexpected != null) {
                    System.out.println("LATER_FAILED " + failure + " " + unexpected);
                }
                total += later.size();
            }
            System.out.println("ROWS " + failure + " " + total);
        }
        System.out.println("DONE");
    }

    /** What an application does: prepare, bind, execute, read every row, close; the failure, if any. */
    private static SQLException lookUp(String sql, List<Integer> rows) {
        try (Connection connection = DriverManager.getConnection(URL);
             PreparedStatement lookup = connection.prepareStatement(sql)) {
            lookup.setInt(1, ROWS_PER_LOOKUP);
            try (ResultSet result = lookup.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getInt(1));
                }
            }
            return null;
        } catch (SQLException failure) {
            return failure;
        }
    }

    /** Everything of the failure the application can see, and whether it got the driver's own exception objects. */
    private static String describe(SQLException failure, List<Integer> rows) {
        if (failure == null) {
            return "rows " + rows + " | no exception";
        }
        List<SQLException> thrown = ArmedFaults.thrown();
        Throwable[] suppressed = failure.getSuppressed();
        boolean driversOwn = !thrown.isEmpty() && thrown.get(0) == failure && thrown.size() == 1 + suppressed.length;
        for (int i = 0; driversOwn && i < suppressed.length; i++) {
            driversOwn = suppressed[i] == thrown.get(i + 1);
        }
        return "rows " + rows + " | " + failure.getClass().getName() + " | " + failure.getMessage() + " | "
                + failure.getSQLState() + " | " + failure.getErrorCode() + " | cause " + failure.getCause()
                + " | suppressed " + Arrays.toString(suppressed) + " | the driver's own exception objects: "
                + driversOwn + " | faults not fired: " + ArmedFaults.stillArmed();
    }
}
