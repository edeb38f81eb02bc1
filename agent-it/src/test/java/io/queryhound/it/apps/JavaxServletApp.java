package io.queryhound.it.apps;

import com.zaxxer.hikari.HikariDataSource;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The same shop as {@link JakartaServletApp} as a {@code javax.servlet} application on Jetty 9.4 (which shares
 * no package with Tomcat 10.1, so both apps live on one class path).
 */
public final class JavaxServletApp {

    private JavaxServletApp() {
    }

    public static void main(String[] args) throws Exception {
        AppSupport database = AppSupport.openDatabase("app");
        HikariDataSource pool = database.pool("shop");
        AppSupport.createShop(pool);
        ShopRepository shop = ShopRepository.over(pool);
        shop.printByteBuddyProbe();

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new OrdersServlet(shop)), "/orders");
        context.addServlet(new ServletHolder(new CustomersServlet(shop)), "/customers/ok");
        server.setHandler(context);
        server.start();

        String base = "http://127.0.0.1:" + connector.getLocalPort();
        HttpClient client = AppSupport.httpClient();
        for (String path : ShopRoutes.REQUESTS) {
            AppSupport.get(client, base, path);
        }

        database.printStatementCounts();
        AppSupport.printBridgeProbe();
        server.stop();
        shop.close();
        pool.close();
        AppSupport.done();
    }

    /** {@code GET /orders}: the N+1. */
    static final class OrdersServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient ShopRepository shop;

        OrdersServlet(ShopRepository shop) {
            this.shop = shop;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, shop.ordersWithCustomerNames());
        }
    }

    /** {@code GET /customers/ok}: one join-fetch query. */
    static final class CustomersServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient ShopRepository shop;

        CustomersServlet(ShopRepository shop) {
            this.shop = shop;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, shop.customersWithOrders());
        }
    }

    private static void write(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body);
    }
}
