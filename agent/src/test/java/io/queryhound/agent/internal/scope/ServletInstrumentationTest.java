package io.queryhound.agent.internal.scope;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The servlet advice, installed as the agent installs it, on {@code javax.servlet} and
 * {@code jakarta.servlet} classes loaded from the real API jars: {@code HttpServlet} itself is
 * retransformed, so a servlet that only overrides {@code doGet} is covered without being transformed.
 */
class ServletInstrumentationTest {

    private static TestAgent agent;
    private RecordingHooks hooks;

    @BeforeAll
    static void installAdvice() {
        agent = TestAgent.install(ServletInstrumentation::install);
    }

    @AfterAll
    static void removeAdvice() {
        agent.close();
    }

    @BeforeEach
    void attachHooks() {
        hooks = RecordingHooks.attach();
    }

    @AfterEach
    void detachHooks() {
        hooks.close();
    }

    @Test
    void javaxRequestIsOneScopeNamedByMethodAndPathWithoutQueryString() throws Exception {
        JavaxOrders servlet = new JavaxOrders();

        servlet.service(javaxRequest("GET", "/orders/7", "x=1"), javaxResponse());

        assertThat(servlet.scopes).as(diagnosis()).containsExactly("GET /orders/7");
        assertThat(hooks.events()).containsExactly("open HTTP GET /orders/7", "close GET /orders/7");
        assertThat(hooks.unpairedCalls()).isZero();
    }

    @Test
    void javaxScopeClosesWhenTheServletThrowsAndTheExceptionReachesTheCallerUnchanged() {
        JavaxOrders servlet = new JavaxOrders();
        IllegalStateException failure = new IllegalStateException("order 8 is gone");
        servlet.failure = failure;

        assertThatThrownBy(() -> servlet.service(javaxRequest("POST", "/orders/8", null), javaxResponse()))
                .isSameAs(failure);

        assertThat(hooks.events()).as(diagnosis()).containsExactly("open HTTP POST /orders/8", "close POST /orders/8");
        assertThat(hooks.unpairedCalls()).isZero();
    }

    @Test
    void javaxServletOverridingServiceLikeSpringsDispatcherIsStillOneScope() throws Exception {
        JavaxOverridingService servlet = new JavaxOverridingService();

        servlet.service(javaxRequest("GET", "/app/orders", "page=2"), javaxResponse());

        assertThat(agent.transformed()).as(diagnosis()).contains(JavaxOverridingService.class.getName());
        assertThat(servlet.scopes).containsExactly("GET /app/orders");
        assertThat(hooks.events()).containsExactly("open HTTP GET /app/orders", "close GET /app/orders");
        assertThat(hooks.unpairedCalls()).isZero();
    }

    @Test
    void javaxFiltersBeforeTheServletRunInsideTheRequestsScope() throws Exception {
        JavaxOrders servlet = new JavaxOrders();
        JavaxAuthFilter filter = new JavaxAuthFilter();

        filter.doFilter(javaxRequest("GET", "/orders/7", "x=1"), javaxResponse(),
                (request, response) -> servlet.service(request, response));

        assertThat(filter.scopes).as(diagnosis()).containsExactly("GET /orders/7");
        assertThat(servlet.scopes).containsExactly("GET /orders/7");
        assertThat(hooks.events()).containsExactly("open HTTP GET /orders/7", "close GET /orders/7");
        assertThat(hooks.unpairedCalls()).isZero();
    }

    @Test
    void requestsThatAreNotHttpAreNotScoped() throws Exception {
        JavaxAuthFilter filter = new JavaxAuthFilter();
        List<String> chained = new ArrayList<>();

        filter.doFilter(Stubs.of(javax.servlet.ServletRequest.class, Map.of()),
                Stubs.of(javax.servlet.ServletResponse.class, Map.of()),
                (request, response) -> chained.add("servlet"));

        assertThat(agent.transformed()).as(diagnosis()).contains(JavaxAuthFilter.class.getName());
        assertThat(chained).containsExactly("servlet");
        assertThat(filter.scopes).containsOnlyNulls();
        assertThat(hooks.events()).isEmpty();
    }

    @Test
    void jakartaRequestIsOneScopeNamedByMethodAndPathWithoutQueryString() throws Exception {
        JakartaOrders servlet = new JakartaOrders();

        servlet.service(jakartaRequest("GET", "/orders/7", "x=1"), jakartaResponse());

        assertThat(servlet.scopes).as(diagnosis()).containsExactly("GET /orders/7");
        assertThat(hooks.events()).containsExactly("open HTTP GET /orders/7", "close GET /orders/7");
        assertThat(hooks.unpairedCalls()).isZero();
    }

    @Test
    void jakartaScopeClosesWhenTheServletThrows() {
        JakartaOrders servlet = new JakartaOrders();
        IllegalStateException failure = new IllegalStateException("order 8 is gone");
        servlet.failure = failure;

        assertThatThrownBy(() -> servlet.service(jakartaRequest("DELETE", "/orders/8", null), jakartaResponse()))
                .isSameAs(failure);

        assertThat(hooks.events()).as(diagnosis())
                .containsExactly("open HTTP DELETE /orders/8", "close DELETE /orders/8");
        assertThat(hooks.unpairedCalls()).isZero();
    }

    @Test
    void jakartaFiltersRunInsideTheRequestsScope() throws Exception {
        JakartaOrders servlet = new JakartaOrders();
        JakartaAuthFilter filter = new JakartaAuthFilter();

        filter.doFilter(jakartaRequest("GET", "/orders", null), jakartaResponse(),
                (request, response) -> servlet.service(request, response));

        assertThat(filter.scopes).as(diagnosis()).containsExactly("GET /orders");
        assertThat(servlet.scopes).containsExactly("GET /orders");
        assertThat(hooks.events()).containsExactly("open HTTP GET /orders", "close GET /orders");
    }

    @Test
    void nothingThrownByTheHooksReachesTheApplication() throws Exception {
        hooks.failWith(new IllegalStateException("broken scopeEnter"), new IllegalStateException("broken scopeExit"));
        JavaxOrders servlet = new JavaxOrders();

        servlet.service(javaxRequest("GET", "/orders/7", null), javaxResponse());
        assertThat(servlet.calls).as(diagnosis()).isEqualTo(1);

        IllegalArgumentException failure = new IllegalArgumentException("the application's own");
        servlet.failure = failure;
        assertThatThrownBy(() -> servlet.service(javaxRequest("GET", "/orders/7", null), javaxResponse()))
                .isSameAs(failure);
    }

    private String diagnosis() {
        return "events " + hooks.events() + "; transformed " + agent.transformed().stream()
                .filter(name -> name.contains("servlet") || name.contains("Test$")).sorted().toList()
                + "; errors " + agent.errors();
    }

    private static javax.servlet.http.HttpServletRequest javaxRequest(String method, String uri, String query) {
        return Stubs.of(javax.servlet.http.HttpServletRequest.class, requestAnswers(method, uri, query));
    }

    private static javax.servlet.http.HttpServletResponse javaxResponse() {
        return Stubs.of(javax.servlet.http.HttpServletResponse.class, Map.of());
    }

    private static jakarta.servlet.http.HttpServletRequest jakartaRequest(String method, String uri, String query) {
        return Stubs.of(jakarta.servlet.http.HttpServletRequest.class, requestAnswers(method, uri, query));
    }

    private static jakarta.servlet.http.HttpServletResponse jakartaResponse() {
        return Stubs.of(jakarta.servlet.http.HttpServletResponse.class, Map.of());
    }

    /** As a container answers: the request URI never carries the query string. */
    private static Map<String, Object> requestAnswers(String method, String uri, String query) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getMethod", method);
        answers.put("getRequestURI", uri);
        answers.put("getQueryString", query);
        answers.put("getProtocol", "HTTP/1.1");
        answers.put("getDateHeader", -1L);
        answers.put("getRequestURL", new StringBuffer("http://localhost:8080" + uri));
        return answers;
    }

    private static String currentScope() {
        return RecordingHooks.active().current();
    }

    /** A servlet that only overrides the doXxx methods: covered through {@code HttpServlet} itself. */
    static final class JavaxOrders extends javax.servlet.http.HttpServlet {
        final List<String> scopes = new ArrayList<>();
        int calls;
        RuntimeException failure;

        @Override
        protected void doGet(javax.servlet.http.HttpServletRequest req, javax.servlet.http.HttpServletResponse resp) {
            handle();
        }

        @Override
        protected void doPost(javax.servlet.http.HttpServletRequest req, javax.servlet.http.HttpServletResponse resp) {
            handle();
        }

        private void handle() {
            calls++;
            scopes.add(currentScope());
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Like Spring's FrameworkServlet: overrides the protected service and dispatches itself. */
    static final class JavaxOverridingService extends javax.servlet.http.HttpServlet {
        final List<String> scopes = new ArrayList<>();

        @Override
        protected void service(javax.servlet.http.HttpServletRequest req, javax.servlet.http.HttpServletResponse resp) {
            scopes.add(currentScope());
        }
    }

    static final class JavaxAuthFilter implements javax.servlet.Filter {
        final List<String> scopes = new ArrayList<>();

        @Override
        public void doFilter(javax.servlet.ServletRequest request, javax.servlet.ServletResponse response,
                             javax.servlet.FilterChain chain) throws java.io.IOException, javax.servlet.ServletException {
            scopes.add(currentScope());
            chain.doFilter(request, response);
        }
    }

    static final class JakartaOrders extends jakarta.servlet.http.HttpServlet {
        final List<String> scopes = new ArrayList<>();
        RuntimeException failure;

        @Override
        protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp) {
            handle();
        }

        @Override
        protected void doDelete(jakarta.servlet.http.HttpServletRequest req,
                                jakarta.servlet.http.HttpServletResponse resp) {
            handle();
        }

        private void handle() {
            scopes.add(currentScope());
            if (failure != null) {
                throw failure;
            }
        }
    }

    static final class JakartaAuthFilter implements jakarta.servlet.Filter {
        final List<String> scopes = new ArrayList<>();

        @Override
        public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
                             jakarta.servlet.FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
            scopes.add(currentScope());
            chain.doFilter(request, response);
        }
    }
}
