package io.queryhound.demo.orders;

import io.queryhound.demo.orders.admin.DataSetServlet;
import io.queryhound.demo.orders.admin.RevenueIndexMigrationServlet;
import io.queryhound.demo.orders.admin.ShutdownServlet;
import io.queryhound.demo.orders.catalog.InventoryRepository;
import io.queryhound.demo.orders.catalog.PriceListService;
import io.queryhound.demo.orders.catalog.PriceListServlet;
import io.queryhound.demo.orders.catalog.ProductRepository;
import io.queryhound.demo.orders.customer.CustomerRepository;
import io.queryhound.demo.orders.customer.RegionCache;
import io.queryhound.demo.orders.customer.RegionRepository;
import io.queryhound.demo.orders.dashboard.DashboardRepository;
import io.queryhound.demo.orders.dashboard.DashboardService;
import io.queryhound.demo.orders.dashboard.DashboardServlet;
import io.queryhound.demo.orders.export.OrderExportRepository;
import io.queryhound.demo.orders.export.OrderExportService;
import io.queryhound.demo.orders.export.OrderExportServlet;
import io.queryhound.demo.orders.order.OrderHistoryService;
import io.queryhound.demo.orders.order.OrderHistoryServlet;
import io.queryhound.demo.orders.order.OrderImportService;
import io.queryhound.demo.orders.order.OrderImportServlet;
import io.queryhound.demo.orders.order.OrderRepository;
import io.queryhound.demo.orders.order.RecentOrdersService;
import io.queryhound.demo.orders.order.RecentOrdersServlet;
import io.queryhound.demo.orders.report.DailyRevenueServlet;
import io.queryhound.demo.orders.report.RevenueIndexMigration;
import io.queryhound.demo.orders.report.RevenueRepository;
import io.queryhound.demo.orders.storage.OrdersDatabase;
import io.queryhound.demo.orders.storage.OrdersPersistence;
import io.queryhound.demo.orders.storage.SampleData;
import io.queryhound.demo.orders.storage.SampleDataLoader;
import io.queryhound.demo.orders.web.OrdersServer;
import org.hibernate.SessionFactory;

import java.time.LocalDateTime;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The orders service: an order-management and analytics back end (customers, catalogue, inventory, orders,
 * payments) on embedded Tomcat, HikariCP and H2 in memory, with plain JDBC repositories and Hibernate entities
 * side by side. Every endpoint is served twice, under {@code /naive} as such code is often first written and under
 * {@code /fixed} as it reads once its queries are put right.
 *
 * <p>At start it generates its data (see {@link SampleData}), then prints one line,
 * {@code orders-service ready on http://127.0.0.1:<port> (...)}, and serves until {@code POST /admin/shutdown} or
 * SIGTERM.
 */
public final class OrdersServiceApp {

    private static final int PRODUCTS = 5_000;
    /** Orders per customer at every volume: 20,000 customers for the default 300,000 orders. */
    private static final double ORDERS_PER_CUSTOMER = 15;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private OrdersDatabase database;
    private SessionFactory sessionFactory;
    private OrdersServer server;
    private boolean stopping;

    private OrdersServiceApp() {
    }

    public static void main(String[] args) {
        ServiceOptions options;
        try {
            options = ServiceOptions.parse(args);
        } catch (ServiceOptions.InvalidOptionException e) {
            System.err.println("orders-service: " + e.getMessage());
            System.err.println(ServiceOptions.USAGE);
            System.exit(2);
            return;
        }
        quietJavaUtilLogging();
        OrdersServiceApp app = new OrdersServiceApp();
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "orders-service-stop"));
        try {
            app.start(options);
        } catch (Exception e) {
            if (!app.isStopping()) { // else SIGTERM during start-up closed the pool under the loader: not a failure
                System.err.println("orders-service: failed to start: " + e);
                e.printStackTrace();
                System.exit(1);
            }
        }
        app.awaitStop();
    }

    private void start(ServiceOptions options) throws Exception {
        long startNanos = System.nanoTime();
        OrdersDatabase opened = OrdersDatabase.create();
        synchronized (this) {
            database = opened;
        }
        DataSource dataSource = opened.dataSource();
        int customers = Math.max(50, (int) Math.round(options.orders() / ORDERS_PER_CUSTOMER));
        SampleData data = new SampleData(options.seed(), options.orders(), customers, PRODUCTS, LocalDateTime.now());

        // Hibernate takes seconds to boot and needs only the schema: it boots while the data loads.
        CompletableFuture<SessionFactory> hibernate = new CompletableFuture<>();
        Thread boot = new Thread(() -> {
            try {
                hibernate.complete(OrdersPersistence.sessionFactory(dataSource));
            } catch (Throwable e) {
                hibernate.completeExceptionally(e);
            }
        }, "orders-hibernate-boot");
        boot.setDaemon(true);
        boot.start();

        long orderItems = new SampleDataLoader(dataSource, data).load();
        SessionFactory booted = hibernate.join();
        synchronized (this) {
            sessionFactory = booted;
        }
        double loadSeconds = (System.nanoTime() - startNanos) / 1e9;

        // While the data loaded, every young collection copied the rows just written; the last of them are still
        // in the young generation. One full collection now, before serving, rather than in the first requests,
        // where a pause that long would be counted in a query's time.
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long heapUsedMb = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);

        OrdersServer started = new OrdersServer(options.port());
        routes(started, dataSource, booted, DataSetDescription.of(options.seed(), data, orderItems));
        synchronized (this) {
            if (stopping) {
                return;
            }
            server = started;
            started.start();
        }
        System.out.printf(Locale.ROOT, "orders-service ready on http://127.0.0.1:%d (%d orders, %d customers,"
                        + " %d products; data loaded in %.1f s; heap used %d MB)%n",
                started.port(), data.orders(), data.customers(), data.products(), loadSeconds, heapUsedMb);
        System.out.flush();
    }

    private void routes(OrdersServer routes, DataSource dataSource, SessionFactory sessionFactory,
                        DataSetDescription dataSet) {
        CustomerRepository customers = new CustomerRepository(dataSource);
        RegionRepository regions = new RegionRepository(dataSource);
        RegionCache regionCache = new RegionCache(regions);
        ProductRepository products = new ProductRepository(dataSource);
        InventoryRepository inventory = new InventoryRepository(dataSource);
        OrderRepository orders = new OrderRepository(dataSource);

        routes.routeBothForms("/orders/recent",
                new RecentOrdersServlet(new RecentOrdersService(orders, customers)));
        routes.routeBothForms("/orders/history",
                new OrderHistoryServlet(new OrderHistoryService(customers, sessionFactory)));
        routes.routeBothForms("/products/prices",
                new PriceListServlet(new PriceListService(products)));
        routes.routeBothForms("/orders/import", new OrderImportServlet(new OrderImportService(
                dataSource, orders, products, inventory, SampleData.CENTRAL_WAREHOUSE)));
        routes.routeBothForms("/dashboard", new DashboardServlet(
                new DashboardService(new DashboardRepository(dataSource), regions, regionCache)));
        routes.routeBothForms("/reports/daily-revenue",
                new DailyRevenueServlet(new RevenueRepository(dataSource)));
        routes.routeBothForms("/exports/orders",
                new OrderExportServlet(new OrderExportService(new OrderExportRepository(dataSource)), regionCache));

        routes.route("/admin/migrations/revenue-index",
                new RevenueIndexMigrationServlet(new RevenueIndexMigration(dataSource)));
        routes.route("/admin/data-set", new DataSetServlet(dataSet));
        routes.route("/admin/shutdown", new ShutdownServlet(() -> {
            stop();
            System.exit(0);
        }));
    }

    /** Stops serving and closes Hibernate and the pool; runs once, from the shutdown endpoint or the JVM's hook. */
    private void stop() {
        OrdersServer stoppingServer;
        SessionFactory stoppingSessionFactory;
        OrdersDatabase stoppingDatabase;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            stoppingServer = server;
            stoppingSessionFactory = sessionFactory;
            stoppingDatabase = database;
        }
        try {
            if (stoppingServer != null) {
                stoppingServer.stop();
            }
        } catch (Exception e) {
            System.err.println("orders-service: stopping Tomcat failed: " + e);
        } finally {
            if (stoppingSessionFactory != null) {
                stoppingSessionFactory.close();
            }
            if (stoppingDatabase != null) {
                stoppingDatabase.close();
            }
            stopped.countDown();
        }
    }

    private synchronized boolean isStopping() {
        return stopping;
    }

    /** Tomcat's threads are daemons: the main thread is what keeps the JVM up. */
    private void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tomcat logs through java.util.logging, which Logback does not see: its start-up lines are INFO. */
    private static void quietJavaUtilLogging() {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
    }
}
