package io.queryhound.it.apps;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;

/**
 * A Jakarta Servlet 6 application on embedded Tomcat 10.1, with Hibernate 6 over HikariCP and H2: {@code GET
 * /orders} has an N+1 loop, {@code GET /customers/ok} does not. It calls itself with {@link ShopRoutes#REQUESTS}
 * and prints what {@link AppSupport} describes, then exits.
 */
public final class JakartaServletApp {

    private JakartaServletApp() {
    }

    public static void main(String[] args) throws Exception {
        AppSupport database = AppSupport.openDatabase("app");
        HikariDataSource pool = database.pool("shop");
        AppSupport.createShop(pool);
        ShopRepository shop = ShopRepository.over(pool);
        shop.printByteBuddyProbe();

        Tomcat tomcat = new Tomcat();
        String baseDir = AppSupport.scratchDirectory("tomcat").toString();
        tomcat.setBaseDir(baseDir);
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir);
        if (context instanceof StandardContext standard) {
            // Tomcat's leak detection at stop needs --add-opens and says so on stderr; these apps do not leak.
            standard.setClearReferencesObjectStreamClassCaches(false);
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        Tomcat.addServlet(context, "orders", new OrdersServlet(shop)).addMapping("/orders");
        Tomcat.addServlet(context, "customers", new CustomersServlet(shop)).addMapping("/customers/ok");
        tomcat.start();

        String base = "http://127.0.0.1:" + connector.getLocalPort();
        HttpClient client = AppSupport.httpClient();
        for (String path : ShopRoutes.REQUESTS) {
            AppSupport.get(client, base, path);
        }

        database.printStatementCounts();
        AppSupport.printBridgeProbe();
        tomcat.stop();
        tomcat.destroy();
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
