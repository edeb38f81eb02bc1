package io.queryhound.agent.internal.scope;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@link HttpServer} on 127.0.0.1 with a lambda handler (a hidden class, which no agent can
 * transform), after the JDK's {@code Filter.Chain} was transformed in this JVM as the agent does it:
 * with the bridge on the bootstrap class path and a read edge from {@code jdk.httpserver} to it.
 */
class HttpServerInstrumentationTest {

    private static TestAgent agent;
    private RecordingHooks hooks;
    private HttpServer server;
    private final List<String> handlerScopes = new CopyOnWriteArrayList<>();
    private final List<String> filterScopes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void installAdvice() throws Exception {
        TestAgent.putBridgeOnBootstrapPath();
        agent = TestAgent.install(builder -> HttpServerInstrumentation.install(builder, TestAgent.instrumentation()));
    }

    @AfterAll
    static void removeAdvice() {
        agent.close();
    }

    @BeforeEach
    void start() throws IOException {
        hooks = RecordingHooks.attach();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        var orders = server.createContext("/orders", exchange -> {
            handlerScopes.add(String.valueOf(RecordingHooks.active().current()));
            if (exchange.getRequestURI().getPath().endsWith("/boom")) {
                throw new IllegalStateException("the handler failed");
            }
            byte[] body = "ok".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        orders.getFilters().add(new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                filterScopes.add(String.valueOf(RecordingHooks.active().current()));
                chain.doFilter(exchange);
            }

            @Override
            public String description() {
                return "records the scope a user filter runs in";
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        hooks.close();
    }

    @Test
    void eachExchangeIsOneScopeNamedByMethodAndPathWithoutQueryString() throws Exception {
        assertThat(status("GET", "/orders/7?x=1")).isEqualTo(200);
        assertThat(status("POST", "/orders")).isEqualTo(200);
        hooks.awaitClosed(2, 10, TimeUnit.SECONDS);

        assertThat(handlerScopes).as(diagnosis()).containsExactly("GET /orders/7", "POST /orders");
        assertThat(filterScopes).containsExactly("GET /orders/7", "POST /orders");
        assertThat(hooks.events()).containsExactly(
                "open HTTP GET /orders/7", "close GET /orders/7",
                "open HTTP POST /orders", "close POST /orders");
        assertThat(hooks.unpairedCalls()).isZero();
    }

    @Test
    void scopeClosesWhenTheHandlerThrows() throws Exception {
        // One raw request: HttpURLConnection would silently send a GET again when the server closes the
        // connection without answering, as it does when a handler throws.
        try (Socket socket = new Socket("127.0.0.1", server.getAddress().getPort())) {
            socket.getOutputStream().write("GET /orders/boom HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes(); // until the server closes the connection
        }
        hooks.awaitClosed(1, 10, TimeUnit.SECONDS);

        assertThat(handlerScopes).as(diagnosis()).containsExactly("GET /orders/boom");
        assertThat(hooks.events()).containsExactly("open HTTP GET /orders/boom", "close GET /orders/boom");
        assertThat(hooks.unpairedCalls()).isZero();
    }

    @Test
    void theJdkClassIsTransformedInItsNamedModuleWhichThenReadsTheBridge() throws Exception {
        assertThat(status("GET", "/orders")).isEqualTo(200); // Filter.Chain is loaded by the first exchange

        assertThat(agent.transformed()).as(diagnosis()).contains(HttpServerInstrumentation.CHAIN);
        assertThat(agent.errors()).doesNotContainKey(HttpServerInstrumentation.CHAIN);
        assertThat(Filter.Chain.class.getModule().getName()).isEqualTo("jdk.httpserver");
        assertThat(Filter.Chain.class.getModule().canRead(HttpServerInstrumentation.bridgeSeenByJdkModules().getModule()))
                .isTrue();
    }

    private int status(String method, String pathAndQuery) throws IOException {
        URL url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery).toURL();
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        try {
            connection.setRequestMethod(method);
            if (method.equals("POST")) {
                connection.setDoOutput(true);
                connection.getOutputStream().write("{}".getBytes());
            }
            int status = connection.getResponseCode();
            try (InputStream body = connection.getInputStream()) {
                body.readAllBytes();
            }
            return status;
        } finally {
            connection.disconnect();
        }
    }

    private String diagnosis() {
        return "events " + hooks.events() + "; handler saw " + handlerScopes + "; transformed "
                + agent.transformed().stream().filter(name -> name.contains("httpserver")).toList()
                + "; errors " + agent.errors();
    }
}
