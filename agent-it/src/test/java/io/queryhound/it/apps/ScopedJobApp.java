package io.queryhound.it.apps;

import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.QueryHound;
import io.queryhound.Scope;

import javax.sql.DataSource;

/**
 * An application that uses QueryHound's library API in its code (proxy-core on its class path) and is run with the
 * agent: it passes its pool through {@link QueryHound#wrap(DataSource)} and marks its unit of work with
 * {@link QueryHound#scope(String)}, then runs the audit N+1 of {@link NightlyJobApp} in that scope, and again
 * outside it.
 */
public final class ScopedJobApp {

    /** The scope the application opens in its code. */
    public static final String SCOPE = "nightly-audit";

    private ScopedJobApp() {
    }

    public static void main(String[] args) throws Exception {
        AppSupport database = AppSupport.openDatabase("scoped");
        HikariDataSource pool = database.pool("scoped");
        AppSupport.createShop(pool);
        DataSource wrapped = QueryHound.wrap(pool);
        System.out.println("WRAPPED " + (wrapped == pool ? "unchanged" : "wrapper"));
        try (Scope scope = QueryHound.scope(SCOPE)) {
            System.out.println("IN_SCOPE " + NightlyJobApp.auditTotals(wrapped));
        }
        System.out.println("OUTSIDE " + NightlyJobApp.auditTotals(wrapped));
        QueryHound.close();
        database.printStatementCounts();
        pool.close();
        AppSupport.done();
    }
}
