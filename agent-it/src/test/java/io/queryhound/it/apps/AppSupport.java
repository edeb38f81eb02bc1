package io.queryhound.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * What every child "application" of the integration tests shares: an H2 in-memory database with H2's own
 * statement statistics switched on, a real HikariCP pool over it, the shop schema and data, an HTTP client,
 * and the machine-readable lines the tests read from standard output.
 *
 * <p>Lines written to stdout (one record per line, fields separated by one space unless said otherwise):
 * <pre>
 * HARNESS &lt;sql&gt;                  one execution of a statement that measures the database, not the app's work
 * H2_COUNT &lt;executions&gt; &lt;sql&gt;   one row of INFORMATION_SCHEMA.QUERY_STATISTICS (line breaks in sql become spaces)
 * HTTP &lt;status&gt; &lt;method&gt; &lt;path&gt; &lt;body summary&gt;
 * BRIDGE_BOOT present|absent     whether the agent bridge class is visible to the boot loader
 * DONE                           main reached its end
 * </pre>
 *
 * <p>The statistics are read through a raw H2 connection of their own, never through the pool, and every
 * statement run on it is announced with a {@code HARNESS} line, so a test can tell the measuring statements
 * from the application's.
 */
public final class AppSupport {

    /** Customers in the shop; the N+1 routes load each one once (Hibernate) or once per order (JDBC). */
    public static final int CUSTOMERS = 5;
    /** Orders in the shop, two per customer. */
    public static final int ORDERS = 10;

    private static final String STATISTICS_QUERY =
            "SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS";

    private final String url;
    private final Connection harness;

    private AppSupport(String url, Connection harness) {
        this.url = url;
        this.harness = harness;
    }

    /**
     * Opens the in-memory database {@code name} through a raw connection (which creates it) and switches on
     * H2's statement statistics before anything else runs on it.
     */
    public static AppSupport openDatabase(String name) throws SQLException {
        quietLogging();
        String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        Connection harness = DriverManager.getConnection(url, "sa", "");
        AppSupport support = new AppSupport(url, harness);
        // The default keeps only the 100 most recent statements; these apps run far fewer distinct ones,
        // but a silently truncated table would make every count comparison meaningless.
        support.harnessExecute("SET QUERY_STATISTICS_MAX_ENTRIES 100000");
        support.harnessExecute("SET QUERY_STATISTICS TRUE");
        return support;
    }

    public String url() {
        return url;
    }

    /** A real HikariCP pool over the database. */
    public HikariDataSource pool(String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    /**
     * The shop: {@value #CUSTOMERS} customers and {@value #ORDERS} orders (order {@code i} belongs to customer
     * {@code (i - 1) % 5 + 1}), written one row at a time through {@code dataSource}.
     */
    public static void createShop(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table customer (id bigint primary key, name varchar(64) not null)");
                statement.execute("create table orders (id bigint primary key, "
                        + "customer_id bigint not null references customer (id), total decimal(10, 2) not null)");
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into customer (id, name) values (?, ?)")) {
                for (int id = 1; id <= CUSTOMERS; id++) {
                    insert.setLong(1, id);
                    insert.setString(2, "Customer " + id);
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into orders (id, customer_id, total) values (?, ?, ?)")) {
                for (int id = 1; id <= ORDERS; id++) {
                    insert.setLong(1, id);
                    insert.setLong(2, (id - 1) % CUSTOMERS + 1);
                    insert.setBigDecimal(3, new java.math.BigDecimal(id + ".50"));
                    insert.executeUpdate();
                }
            }
        }
    }

    /** Prints one {@code H2_COUNT} line per statement H2 has counted, then closes the raw connection. */
    public void printStatementCounts() throws SQLException {
        try (Statement statement = harness.createStatement()) {
            announce(STATISTICS_QUERY);
            try (ResultSet rows = statement.executeQuery(STATISTICS_QUERY)) {
                StringBuilder out = new StringBuilder();
                while (rows.next()) {
                    String sql = rows.getString(1).replace('\r', ' ').replace('\n', ' ');
                    out.append("H2_COUNT ").append(rows.getLong(2)).append(' ').append(sql).append('\n');
                }
                System.out.print(out);
            }
        }
        harness.close();
    }

    private void harnessExecute(String sql) throws SQLException {
        announce(sql);
        try (Statement statement = harness.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void announce(String sql) {
        System.out.println("HARNESS " + sql);
    }

    /**
     * Whether the agent's bridge class is visible to the bootstrap class loader: it is put there by an agent
     * that is attached and enabled, and must not be by one that is disabled.
     */
    public static void printBridgeProbe() {
        String state;
        try {
            Class.forName("io.queryhound.internal.bridge.AgentBridge", false, null);
            state = "present";
        } catch (ClassNotFoundException notThere) {
            state = "absent";
        }
        System.out.println("BRIDGE_BOOT " + state);
    }

    /** A client for the app's own server; HTTP/1.1 so that no upgrade request reaches the server. */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Sends {@code GET base + path} and prints {@code HTTP <status> GET <path> <first body line>}. */
    public static HttpResponse<String> get(HttpClient client, String base, String path)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        int lineEnd = body.indexOf('\n');
        String firstLine = lineEnd < 0 ? body : body.substring(0, lineEnd);
        System.out.println("HTTP " + response.statusCode() + " GET " + path + " " + firstLine);
        return response;
    }

    /** A scratch directory for the run (Tomcat's base directory, say): the harness's run directory if given. */
    public static Path scratchDirectory(String prefix) throws IOException {
        String runDir = System.getProperty("agentit.runDir");
        if (runDir == null) {
            return Files.createTempDirectory(prefix);
        }
        Path dir = Path.of(runDir, prefix);
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * Keeps the libraries' start-up chatter (Hibernate, Tomcat, Jetty) off stderr, where the tests look for the
     * agent's own lines.
     */
    public static void quietLogging() {
        System.setProperty("org.jboss.logging.provider", "jdk");
        System.setProperty("org.eclipse.jetty.util.log.class", "org.eclipse.jetty.util.log.StdErrLog");
        System.setProperty("org.eclipse.jetty.LEVEL", "WARN");
        System.setProperty("org.eclipse.jetty.util.log.announce", "false");
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
    }

    /** Prints {@code DONE} and ends the JVM normally, so that shutdown hooks (the agent's final report) run. */
    public static void done() {
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }
}
