package io.queryhound.it.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * The JDK's {@code com.sun.net.httpserver.HttpServer} with handlers registered as lambdas (hidden classes that
 * an agent cannot instrument), plain JDBC over HikariCP and H2: {@code GET /orders} has an N+1 loop,
 * {@code GET /customers/ok} does not.
 */
public final class HttpServerApp {

    private HttpServerApp() {
    }

    public static void main(String[] args) throws Exception {
        AppSupport database = AppSupport.openDatabase("app");
        HikariDataSource pool = database.pool("shop");
        serve(database, pool, pool);
    }

    /**
     * Runs the shop over {@code appDataSource} (the pool itself, or what the application made of it), calls it
     * with {@link ShopRoutes#REQUESTS}, prints the statistics and exits.
     */
    static void serve(AppSupport database, HikariDataSource pool, DataSource appDataSource) throws Exception {
        AppSupport.createShop(appDataSource);
        JdbcShopRepository shop = new JdbcShopRepository(appDataSource);

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/orders", exchange -> respond(exchange, shop::ordersWithCustomerNames));
        server.createContext("/customers/ok", exchange -> respond(exchange, shop::customersWithOrderCounts));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.start();

        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        HttpClient client = AppSupport.httpClient();
        for (String path : ShopRoutes.REQUESTS) {
            AppSupport.get(client, base, path);
        }

        database.printStatementCounts();
        AppSupport.printBridgeProbe();
        server.stop(0);
        executor.shutdown();
        pool.close();
        AppSupport.done();
    }

    /** What a route does against the database. */
    @FunctionalInterface
    interface Work {
        String run() throws SQLException;
    }

    private static void respond(HttpExchange exchange, Work work) throws IOException {
        int status;
        byte[] body;
        try {
            body = work.run().getBytes(StandardCharsets.UTF_8);
            status = 200;
        } catch (SQLException | RuntimeException failure) {
            body = failure.toString().getBytes(StandardCharsets.UTF_8);
            status = 500;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
