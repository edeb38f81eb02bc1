package io.queryhound.it;

import io.queryhound.it.apps.AppSupport;
import io.queryhound.it.apps.HttpServerApp;
import io.queryhound.it.apps.JakartaServletApp;
import io.queryhound.it.apps.JavaxServletApp;
import io.queryhound.it.apps.ShopRoutes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The HTTP applications of the shop and what each must do, with or without the agent. */
enum ShopApp {

    /** Tomcat 10.1, Hibernate: one lookup per distinct customer (the session caches each). */
    JAKARTA_SERVLET(JakartaServletApp.class, AppSupport.CUSTOMERS, Hibernate.ORDERS_SUMMARY,
            Hibernate.CALL_SITE, "io.queryhound.it.apps.JakartaServletApp$OrdersServlet.doGet(",
            Hibernate.LOOKUP, Hibernate.ORDERS, Hibernate.CUSTOMERS),

    /** Jetty 9.4, Hibernate. */
    JAVAX_SERVLET(JavaxServletApp.class, AppSupport.CUSTOMERS, Hibernate.ORDERS_SUMMARY,
            Hibernate.CALL_SITE, "io.queryhound.it.apps.JavaxServletApp$OrdersServlet.doGet(",
            Hibernate.LOOKUP, Hibernate.ORDERS, Hibernate.CUSTOMERS),

    /** The JDK's HttpServer with lambda handlers, plain JDBC: one lookup per order. */
    HTTP_SERVER(HttpServerApp.class, AppSupport.ORDERS, "orders=" + AppSupport.ORDERS,
            "io.queryhound.it.apps.JdbcShopRepository.ordersWithCustomerNames(",
            "io.queryhound.it.apps.HttpServerApp.respond(",
            H2Statements.exactly("select name from customer where id = ?"),
            H2Statements.exactly("select id, customer_id, total from orders order by id"),
            H2Statements.exactly("select c.id, c.name, count(o.id) from customer c left join orders o "
                    + "on o.customer_id = c.id group by c.id, c.name order by c.id"));

    /** GET /orders requests among {@link ShopRoutes#REQUESTS}. */
    static final int ORDERS_REQUESTS = 3;
    /** GET /customers/ok requests among {@link ShopRoutes#REQUESTS}. */
    static final int CUSTOMERS_REQUESTS = 2;
    static final String CUSTOMERS_SUMMARY = "customers=" + AppSupport.CUSTOMERS + " orders=" + AppSupport.ORDERS;

    final Class<?> main;
    /** Customer lookups one GET /orders request makes. */
    final int lookupsPerOrdersRequest;
    /** The first line of the GET /orders response. */
    final String ordersSummary;
    /** The start of the N+1's expected call site: the application method whose loop runs the lookups. */
    final String callSitePrefix;
    /** The start of an application frame that must be among the call site's callers (the route's handler). */
    final String handlerFramePrefix;
    /** H2's text of the per-customer lookup. */
    final Pattern lookupSql;
    /** H2's text of the query whose rows drive the loop. */
    final Pattern ordersSql;
    /** H2's text of the clean route's one query. */
    final Pattern customersSql;

    ShopApp(Class<?> main, int lookupsPerOrdersRequest, String ordersSummary, String callSitePrefix,
            String handlerFramePrefix, Pattern lookupSql, Pattern ordersSql, Pattern customersSql) {
        this.main = main;
        this.lookupsPerOrdersRequest = lookupsPerOrdersRequest;
        this.ordersSummary = ordersSummary;
        this.callSitePrefix = callSitePrefix;
        this.handlerFramePrefix = handlerFramePrefix;
        this.lookupSql = lookupSql;
        this.ordersSql = ordersSql;
        this.customersSql = customersSql;
    }

    /** The app's {@code HTTP} lines: every request answered 200, with the expected first body line. */
    List<String> expectedHttpLines() {
        List<String> lines = new ArrayList<>();
        for (String path : ShopRoutes.REQUESTS) {
            lines.add("200 GET " + path + " " + (path.startsWith("/orders") ? ordersSummary : CUSTOMERS_SUMMARY));
        }
        return lines;
    }

    /** What Hibernate 6 makes of the shop's two queries and its lazy loading. */
    private static final class Hibernate {
        static final String ORDERS_SUMMARY = "orders=" + AppSupport.ORDERS + " lazyProxies=" + AppSupport.CUSTOMERS
                + " uninitializedOnFirstSight=" + AppSupport.CUSTOMERS + " initializedAtEnd=" + AppSupport.CUSTOMERS;
        static final String CALL_SITE = "io.queryhound.it.apps.ShopRepository.ordersWithCustomerNames(";
        /** {@code select c1_0.id,c1_0.name from customer c1_0 where c1_0.id=?} */
        static final Pattern LOOKUP = Pattern.compile("(?i)select \\S+ from customer \\w+ where \\w+\\.id=\\?");
        /** {@code select po1_0.id,po1_0.customer_id,po1_0.total from orders po1_0 order by po1_0.id} */
        static final Pattern ORDERS = Pattern.compile("(?i)select \\S+ from orders \\w+ order by \\w+\\.id");
        /** {@code select distinct c1_0.id,... from customer c1_0 left join orders o1_0 on ... order by c1_0.id} */
        static final Pattern CUSTOMERS = Pattern.compile("(?i)select distinct \\S+ from customer \\w+ left join orders .*");
    }
}
