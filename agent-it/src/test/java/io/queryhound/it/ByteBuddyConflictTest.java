package io.queryhound.it;

import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate brings its own Byte Buddy (1.17.x) and generates its lazy proxies with it; the agent carries another
 * (1.18.x), relocated. With the agent attached, the application must still load and use its own, and nothing of
 * the agent's may take its place (byte-buddy #616, elastic APM #2116). Shares the servlet apps' runs.
 */
class ByteBuddyConflictTest {

    static Stream<Arguments> hibernateAppsOnEachJdk() {
        List<Arguments> arguments = new ArrayList<>();
        for (ShopApp app : List.of(ShopApp.JAKARTA_SERVLET, ShopApp.JAVAX_SERVLET)) {
            for (Jdk jdk : Jdk.values()) {
                arguments.add(Arguments.of(Named.of(app.main.getSimpleName(), app), jdk));
            }
        }
        return arguments.stream();
    }

    /** The Byte Buddy jar on this module's test class path, which the child apps get too: Hibernate's. */
    private static String hibernatesByteBuddyJar() {
        String jar = ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertThat(jar).as("Byte Buddy on the test class path (Hibernate's)").matches(".*/byte-buddy-1\\.17\\.[^/]*\\.jar");
        return jar;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("hibernateAppsOnEachJdk")
    void applicationLoadsItsOwnByteBuddy(ShopApp app, Jdk jdk) {
        ChildRun run = AgentRuns.withAgent(app.main, jdk).assertExitedNormally();
        String expectedJar = hibernatesByteBuddyJar();
        run.verify(() -> {
            assertThat(run.stdoutValue("BYTEBUDDY_SOURCE")).as("code source of net.bytebuddy.ByteBuddy in the app")
                    .isEqualTo(expectedJar);
            assertThat(run.stdoutValue("BYTEBUDDY_LOADER")).as("class loader of net.bytebuddy.ByteBuddy in the app")
                    .isEqualTo("system");
        });
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("hibernateAppsOnEachJdk")
    void noOtherByteBuddyIsVisibleToTheApplication(ShopApp app, Jdk jdk) {
        ChildRun run = AgentRuns.withAgent(app.main, jdk).assertExitedNormally();
        String expectedJar = hibernatesByteBuddyJar();
        run.verify(() -> assertThat(run.stdoutLines("BYTEBUDDY_RESOURCE"))
                .as("every net/bytebuddy/ByteBuddy.class the application's class loader can find (the agent jar is "
                        + "on the system class path too)")
                .isNotEmpty()
                .allMatch(resource -> resource.startsWith("jar:" + expectedJar + "!/"),
                        "is inside " + expectedJar));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("hibernateAppsOnEachJdk")
    void hibernateLazyProxiesWork(ShopApp app, Jdk jdk) {
        ChildRun run = AgentRuns.withAgent(app.main, jdk).assertExitedNormally();
        run.verify(() -> {
            assertThat(run.stdoutValue("PROXY_CLASS")).as("the class of session.getReference(Customer.class, 1L)")
                    .startsWith("hibernateProxy=true subclassOfEntity=true sameLoaderAsEntity=true ");
            assertThat(run.stdoutLines("HTTP")).as("GET /orders responses (lazy customers read through proxies)")
                    .filteredOn(line -> line.contains(" GET /orders"))
                    .hasSize(ShopApp.ORDERS_REQUESTS)
                    .allMatch(line -> line.startsWith("200 ") && line.endsWith(" " + app.ordersSummary));
        });
    }
}
