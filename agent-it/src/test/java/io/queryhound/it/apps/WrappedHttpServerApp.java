package io.queryhound.it.apps;

import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.QueryHound;

import javax.sql.DataSource;

/**
 * {@link HttpServerApp} in an application that also uses QueryHound as a library: it wraps its pool with
 * {@link QueryHound#wrap(DataSource)}. Run with proxy-core on the class path (the only app that has it) and the
 * agent attached, every statement must still be counted once.
 */
public final class WrappedHttpServerApp {

    private WrappedHttpServerApp() {
    }

    public static void main(String[] args) throws Exception {
        AppSupport database = AppSupport.openDatabase("app");
        HikariDataSource pool = database.pool("shop");
        DataSource wrapped = QueryHound.wrap(pool);
        System.out.println("WRAPPED " + (wrapped == pool ? "unchanged" : "wrapper")
                + " unwrapsToPool=" + (wrapped.unwrap(HikariDataSource.class) == pool));
        HttpServerApp.serve(database, pool, wrapped);
    }
}
