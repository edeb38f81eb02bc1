package io.queryhound.detection;

import io.queryhound.CallSite;
import io.queryhound.internal.detect.CallSites;
import io.queryhound.internal.detect.CallSites.Capture;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Call-site capture on synthetic stacks shaped like the ones real frameworks produce, and on this
 * thread's real stack. Deliberately outside {@code io.queryhound.internal}: frames there are
 * QueryHound's own and never a call site, and this class has to be one.
 */
class CallSitesTest {

    private final CallSites callSites = new CallSites(List.of(), List.of(), 5);

    /** Set by {@link #captureHere()} to the line of its capture. */
    private int captureLine;

    @Test
    void aLazyHibernateCollectionBlamesTheLoopThatIteratesIt() {
        Capture capture = callSites.fromFrames(stack(
                "org.h2.jdbc.JdbcPreparedStatement.executeQuery",
                "com.zaxxer.hikari.pool.ProxyPreparedStatement.executeQuery",
                "com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery",
                "org.hibernate.sql.results.jdbc.internal.DeferredResultSetAccess.executeQuery",
                "org.hibernate.sql.results.jdbc.internal.DeferredResultSetAccess.getResultSet",
                "org.hibernate.sql.exec.internal.JdbcSelectExecutorStandardImpl.doExecuteQuery",
                "org.hibernate.loader.ast.internal.CollectionLoaderSingleKey.load",
                "org.hibernate.persister.collection.AbstractCollectionPersister.initialize",
                "org.hibernate.event.internal.DefaultInitializeCollectionEventListener.onInitializeCollection",
                "org.hibernate.internal.SessionImpl.initializeCollection",
                "org.hibernate.collection.spi.AbstractPersistentCollection.lambda$initialize$3",
                "org.hibernate.collection.spi.AbstractPersistentCollection.withTemporarySessionIfNeeded",
                "org.hibernate.collection.spi.AbstractPersistentCollection.initialize",
                "org.hibernate.collection.spi.AbstractPersistentCollection.read",
                "org.hibernate.collection.spi.PersistentBag.iterator",
                "com.acme.shop.OrderService.totals(OrderService.java:42)",
                "com.acme.shop.OrderService$$SpringCGLIB$$0.totals",
                "org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor.intercept",
                "org.springframework.transaction.interceptor.TransactionInterceptor.invoke",
                "com.acme.shop.OrderController.get(OrderController.java:17)",
                "jdk.internal.reflect.DirectMethodHandleAccessor.invoke",
                "java.lang.reflect.Method.invoke",
                "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke",
                "org.springframework.web.servlet.DispatcherServlet.doDispatch",
                "org.apache.catalina.core.ApplicationFilterChain.doFilter",
                "com.acme.shop.App.main(App.java:9)"));

        assertThat(capture.site()).isEqualTo(new CallSite("com.acme.shop.OrderService", "totals", "OrderService.java", 42));
        assertThat(capture.stack()).containsExactly(
                new CallSite("com.acme.shop.OrderController", "get", "OrderController.java", 17),
                new CallSite("com.acme.shop.App", "main", "App.java", 9));
        assertThat(capture.has(CallSites.HIBERNATE)).isTrue();
        assertThat(capture.has(CallSites.HIBERNATE_LAZY_COLLECTION)).isTrue();
        // The Spring frames are callers of the site, not part of how the query was issued.
        assertThat(capture.has(CallSites.SPRING_JDBC | CallSites.SPRING_DATA)).isFalse();
        assertThat(capture.frameworks()).isEqualTo(CallSites.HIBERNATE | CallSites.HIBERNATE_LAZY_COLLECTION);
    }

    @Test
    void aJdbcTemplateCallIsFlaggedAsSpringJdbc() {
        Capture capture = callSites.fromFrames(stack(
                "org.postgresql.jdbc.PgPreparedStatement.executeQuery",
                "com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery",
                "org.springframework.jdbc.core.JdbcTemplate$1.doInPreparedStatement",
                "org.springframework.jdbc.core.JdbcTemplate.execute",
                "org.springframework.jdbc.core.JdbcTemplate.query",
                "org.springframework.jdbc.core.JdbcTemplate.queryForObject",
                "com.acme.billing.InvoiceRepository.findTotal(InvoiceRepository.java:31)",
                "com.acme.billing.BillingJob.run(BillingJob.java:12)"));

        assertThat(capture.site()).hasToString("com.acme.billing.InvoiceRepository.findTotal(InvoiceRepository.java:31)");
        assertThat(capture.stack()).extracting(CallSite::methodName).containsExactly("run");
        assertThat(capture.frameworks()).isEqualTo(CallSites.SPRING_JDBC);
    }

    @Test
    void otherFrameworksAndLazyProxiesAreFlagged() {
        Capture springData = callSites.fromFrames(stack(
                "org.h2.jdbc.JdbcPreparedStatement.executeQuery",
                "org.hibernate.loader.ast.internal.SingleIdLoadPlan.load",
                "org.hibernate.internal.SessionImpl.find",
                "org.springframework.data.jpa.repository.support.SimpleJpaRepository.findById",
                "jdk.proxy2.$Proxy87.findById",
                "com.acme.shop.CustomerService.load(CustomerService.java:20)"));
        assertThat(springData.frameworks()).isEqualTo(CallSites.HIBERNATE | CallSites.SPRING_DATA);

        Capture lazyToOne = callSites.fromFrames(stack(
                "org.h2.jdbc.JdbcPreparedStatement.executeQuery",
                "org.hibernate.proxy.AbstractLazyInitializer.initialize",
                "org.hibernate.proxy.pojo.bytebuddy.ByteBuddyInterceptor.intercept",
                "com.acme.shop.Customer$HibernateProxy$Xq3bJ1.getName",
                "com.acme.shop.OrderView.render(OrderView.java:8)"));
        assertThat(lazyToOne.site().className()).isEqualTo("com.acme.shop.OrderView");
        assertThat(lazyToOne.has(CallSites.HIBERNATE_PROXY)).isTrue();
        assertThat(lazyToOne.has(CallSites.HIBERNATE_LAZY_COLLECTION)).isFalse();

        assertThat(flagsOf("org.apache.ibatis.executor.SimpleExecutor.doQuery")).isEqualTo(CallSites.MYBATIS);
        assertThat(flagsOf("org.mybatis.spring.SqlSessionTemplate.selectList")).isEqualTo(CallSites.MYBATIS);
        assertThat(flagsOf("org.jooq.impl.AbstractQuery.execute")).isEqualTo(CallSites.JOOQ);
        assertThat(flagsOf("org.eclipse.persistence.internal.jpa.QueryImpl.getResultList")).isEqualTo(CallSites.JPA_OTHER);
        assertThat(flagsOf("org.apache.openjpa.kernel.QueryImpl.execute")).isEqualTo(CallSites.JPA_OTHER);
        assertThat(flagsOf("org.jdbi.v3.core.statement.Query.mapTo")).isZero();
    }

    @Test
    void appPackagesSkipTheApplicationsOwnHelpersOutsideThem() {
        List<StackTraceElement> frames = stack(
                "org.h2.jdbc.JdbcPreparedStatement.executeQuery",
                "org.springframework.jdbc.core.JdbcTemplate.query",
                "com.acme.util.Db.query(Db.java:20)",
                "com.acme.shop.CustomerService.load(CustomerService.java:33)",
                "com.acme.tools.Runner.run(Runner.java:7)",
                "com.acme.shop.App.main(App.java:5)");

        assertThat(callSites.fromFrames(frames).site().className()).isEqualTo("com.acme.util.Db");

        Capture narrowed = new CallSites(List.of("com.acme.shop"), List.of(), 5).fromFrames(frames);
        assertThat(narrowed.site()).isEqualTo(new CallSite("com.acme.shop.CustomerService", "load", "CustomerService.java", 33));
        // Callers outside the packages still show the path to the site.
        assertThat(narrowed.stack()).extracting(CallSite::className)
                .containsExactly("com.acme.tools.Runner", "com.acme.shop.App");
        assertThat(narrowed.frameworks()).isEqualTo(CallSites.SPRING_JDBC);

        Capture withDot = new CallSites(List.of(" com.acme.shop. "), List.of(), 5).fromFrames(frames);
        assertThat(withDot.site()).isEqualTo(narrowed.site());

        // A package name is matched whole: com.acme.sh is not com.acme.shop.
        Capture partial = new CallSites(List.of("com.acme.sh"), List.of(), 5).fromFrames(frames);
        assertThat(partial.site().className()).isEqualTo("com.acme.util.Db");
    }

    @Test
    void appPackagesThatMatchNothingFallBackToTheGenericRule() {
        Capture capture = new CallSites(List.of("org.example"), List.of(), 1).fromFrames(stack(
                "org.h2.jdbc.JdbcPreparedStatement.executeQuery",
                "com.acme.util.Db.query(Db.java:20)",
                "com.acme.shop.CustomerService.load(CustomerService.java:33)",
                "com.acme.shop.App.main(App.java:5)"));

        assertThat(capture.site().className()).isEqualTo("com.acme.util.Db");
        assertThat(capture.stack()).extracting(CallSite::methodName).containsExactly("load");
    }

    @Test
    void skipPackagesSkipAUsersOwnDataAccessHelpers() {
        List<StackTraceElement> frames = stack(
                "org.h2.jdbc.JdbcPreparedStatement.executeQuery",
                "com.acme.dao.JdbcHelper.select(JdbcHelper.java:88)",
                "com.acme.dao.JdbcHelper.one(JdbcHelper.java:40)",
                "com.acme.orders.OrderRepository.byId(OrderRepository.java:50)",
                "com.acme.Main.main(Main.java:3)");

        Capture skipped = new CallSites(List.of(), List.of("com.acme.dao."), 5).fromFrames(frames);
        assertThat(skipped.site()).hasToString("com.acme.orders.OrderRepository.byId(OrderRepository.java:50)");
        assertThat(skipped.stack()).extracting(CallSite::className).containsExactly("com.acme.Main");

        // An explicit skip wins over a broader application package.
        Capture both = new CallSites(List.of("com.acme"), List.of("com.acme.dao"), 5).fromFrames(frames);
        assertThat(both.site()).isEqualTo(skipped.site());
    }

    @Test
    void queryHoundsOwnClassesAreSkippedButItsExamplesAreNot() {
        Capture capture = callSites.fromFrames(stack(
                "org.h2.jdbc.JdbcPreparedStatement.executeQuery",
                "net.ttddyy.dsproxy.proxy.StatementProxyLogic.invoke",
                "io.queryhound.internal.x.Y.run",
                "io.queryhound.agent.JdbcAdvice.onEnter",
                "io.queryhound.junit.QueryHoundExtension.afterEach",
                "io.queryhound.QueryHound$Builder.build",
                "io.queryhound.QueryHound.scope",
                "io.queryhound.demo.QuickStart.main(QuickStart.java:21)"));

        assertThat(capture.site()).isEqualTo(new CallSite("io.queryhound.demo.QuickStart", "main", "QuickStart.java", 21));

        // Even when the application packages would include them.
        Capture listed = new CallSites(List.of("io.queryhound"), List.of(), 5).fromFrames(stack(
                "io.queryhound.internal.x.Y.run",
                "io.queryhound.QueryHound.scope",
                "io.queryhound.detection.Example.run(Example.java:4)"));
        assertThat(listed.site().className()).isEqualTo("io.queryhound.detection.Example");
    }

    @Test
    void generatedClassesAreSkippedButLambdaBodiesAreKept() {
        Capture capture = callSites.fromFrames(stack(
                "org.h2.jdbc.JdbcPreparedStatement.executeQuery",
                "com.sun.proxy.$Proxy12.executeQuery",
                "com.acme.repo.$Proxy12.find",
                "com.acme.App$$Lambda/0x0000000801001234.get",
                "com.acme.App$$Lambda$14/0x0000000800c0b440.get",
                "com.acme.Service$$EnhancerBySpringCGLIB$$1a2b3c.find",
                "com.acme.Service$$SpringCGLIB$$0.find",
                "com.acme.Repo$ByteBuddy$abc.find",
                "com.acme.Repo$MockitoMock$123456.find",
                "com.acme.reflect.Invoker.invoke",
                "com.acme.App.lambda$main$0(App.java:14)",
                "com.acme.App.main(App.java:10)"));

        assertThat(capture.site()).isEqualTo(new CallSite("com.acme.App", "lambda$main$0", "App.java", 14));
        assertThat(capture.stack()).containsExactly(new CallSite("com.acme.App", "main", "App.java", 10));

        // Only "$Proxy" plus digits is a generated proxy name.
        assertThat(callSites.fromFrames(stack("com.acme.$ProxyBuilder.build")).site()).isNotNull();
    }

    @Test
    void aStackWithoutApplicationCodeHasNoSite() {
        Capture capture = callSites.fromFrames(stack(
                "org.h2.jdbc.JdbcPreparedStatement.executeQuery",
                "org.springframework.jdbc.core.JdbcTemplate.query",
                "org.flywaydb.core.Flyway.migrate",
                "java.lang.Thread.run"));

        assertThat(capture.site()).isNull();
        assertThat(capture.stack()).isEmpty();
    }

    @Test
    void maxStackFramesIsRespected() {
        List<StackTraceElement> frames = stack(
                "org.h2.jdbc.JdbcPreparedStatement.executeQuery",
                "com.acme.A.a(A.java:1)",
                "com.acme.B.b(B.java:2)",
                "java.util.ArrayList.forEach",
                "com.acme.C.c(C.java:3)",
                "com.acme.D.d(D.java:4)");

        Capture none = new CallSites(List.of(), List.of(), 0).fromFrames(frames);
        assertThat(none.site().className()).isEqualTo("com.acme.A");
        assertThat(none.stack()).isEmpty();

        Capture two = new CallSites(List.of(), List.of(), 2).fromFrames(frames);
        assertThat(two.stack()).extracting(CallSite::className).containsExactly("com.acme.B", "com.acme.C");

        Capture twoInApp = new CallSites(List.of("com.acme"), List.of(), 2).fromFrames(frames);
        assertThat(twoInApp.stack()).isEqualTo(two.stack());
        Capture noneInApp = new CallSites(List.of("com.acme"), List.of(), 0).fromFrames(frames);
        assertThat(noneInApp.stack()).isEmpty();
    }

    @Test
    void captureFindsTheCallingMethodAndLine() {
        Capture capture = captureHere();

        assertThat(capture.site()).isEqualTo(
                new CallSite(CallSitesTest.class.getName(), "captureHere", "CallSitesTest.java", captureLine));
        assertThat(capture.stack()).first().extracting(CallSite::methodName)
                .isEqualTo("captureFindsTheCallingMethodAndLine");
        assertThat(capture.frameworks()).isZero();
    }

    @Test
    void captureSeesThroughLambdasAndReflection() throws Exception {
        Supplier<Capture> supplier = () -> captureHere();
        Capture viaLambda = supplier.get();
        assertThat(viaLambda.site().methodName()).isEqualTo("captureHere");
        assertThat(viaLambda.site().lineNumber()).isEqualTo(captureLine);
        // The lambda body is this class's own code; the JDK's generated lambda class is not.
        assertThat(viaLambda.stack()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(viaLambda.stack().get(0).methodName()).startsWith("lambda$captureSeesThroughLambdasAndReflection$");
        assertThat(viaLambda.stack().get(1).methodName()).isEqualTo("captureSeesThroughLambdasAndReflection");

        Method helper = CallSitesTest.class.getDeclaredMethod("captureHere");
        Capture viaReflection = (Capture) helper.invoke(this);
        assertThat(viaReflection.site()).isEqualTo(viaLambda.site());
        assertThat(viaReflection.stack()).extracting(CallSite::methodName)
                .startsWith("captureSeesThroughLambdasAndReflection");
    }

    @Test
    void oddInputsNeverThrow() {
        assertThat(callSites.fromFrames(List.of()).site()).isNull();
        assertThat(callSites.fromFrames(null).stack()).isEmpty();
        assertThat(callSites.fromFrames(Arrays.asList(null, null)).site()).isNull();

        Capture unknown = callSites.fromFrames(Arrays.asList(
                null,
                new StackTraceElement("com.acme.Generated", "run", null, -1),
                new StackTraceElement("com.acme.Native", "call", "Native.java", -2)));
        assertThat(unknown.site()).isEqualTo(new CallSite("com.acme.Generated", "run", null, -1));
        assertThat(unknown.site()).hasToString("com.acme.Generated.run(Unknown Source)");
        assertThat(unknown.stack()).containsExactly(new CallSite("com.acme.Native", "call", "Native.java", -2));

        CallSites lenient = new CallSites(Arrays.asList(null, " ", "."), Arrays.asList(null, ""), -3);
        assertThatCode(lenient::capture).doesNotThrowAnyException();
        Capture fallback = lenient.fromFrames(stack("com.acme.A.a(A.java:1)", "com.acme.B.b(B.java:2)"));
        assertThat(fallback.site().className()).isEqualTo("com.acme.A");
        assertThat(fallback.stack()).isEmpty();
        assertThatCode(() -> new CallSites(null, null, 5).capture()).doesNotThrowAnyException();
    }

    @Test
    void onlyTheFirstFramesOfAnEndlessStackAreExamined() {
        List<StackTraceElement> frames = new ArrayList<>(Collections.nCopies(600,
                new StackTraceElement("org.h2.command.Command", "executeQuery", "Command.java", 1)));
        frames.add(new StackTraceElement("com.acme.Deep", "recurse", "Deep.java", 5));

        assertThat(callSites.fromFrames(frames).site()).isNull();
    }

    @Test
    void aCaptureIsImmutableAndHasAsksForAnyOfTheFlags() {
        List<CallSite> callers = new ArrayList<>(List.of(new CallSite("com.acme.A", "a", "A.java", 1)));
        Capture capture = new Capture(null, callers, CallSites.MYBATIS | CallSites.JOOQ);
        callers.clear();

        assertThat(capture.stack()).hasSize(1);
        assertThat(new Capture(null, null, 0).stack()).isEmpty();
        assertThat(capture.has(CallSites.JOOQ)).isTrue();
        assertThat(capture.has(CallSites.HIBERNATE | CallSites.MYBATIS)).isTrue();
        assertThat(capture.has(CallSites.HIBERNATE)).isFalse();
    }

    private Capture captureHere() {
        captureLine = new Throwable().getStackTrace()[0].getLineNumber(); Capture capture = callSites.capture(); // one line on purpose
        return capture;
    }

    private int flagsOf(String driverSideFrame) {
        return callSites.fromFrames(stack(
                "org.h2.jdbc.JdbcPreparedStatement.executeQuery",
                driverSideFrame,
                "com.acme.Main.main(Main.java:1)")).frameworks();
    }

    /**
     * Frames written the way a stack trace prints them, innermost first. A frame without a
     * {@code (File.java:line)} part gets a made-up file and line, which no test looks at.
     */
    private static List<StackTraceElement> stack(String... frames) {
        List<StackTraceElement> elements = new ArrayList<>(frames.length);
        for (String frame : frames) {
            String qualified = frame;
            String file;
            int line;
            int paren = frame.indexOf('(');
            if (paren >= 0) {
                qualified = frame.substring(0, paren);
                String location = frame.substring(paren + 1, frame.length() - 1);
                int colon = location.lastIndexOf(':');
                file = location.substring(0, colon);
                line = Integer.parseInt(location.substring(colon + 1));
            } else {
                file = "Framework.java";
                line = 100;
            }
            int dot = qualified.lastIndexOf('.');
            elements.add(new StackTraceElement(qualified.substring(0, dot), qualified.substring(dot + 1), file, line));
        }
        return elements;
    }
}
