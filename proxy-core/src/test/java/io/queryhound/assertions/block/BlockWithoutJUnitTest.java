package io.queryhound.assertions.block;

import io.queryhound.internal.bridge.AgentBridge;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The block API and {@code QueryAssertions} need no JUnit: {@link NoJUnitBlock} runs in a class
 * loader over the test class path without any JUnit or opentest4j jar (and with the platform class
 * loader as parent, so nothing comes from this one), and its failures are still
 * {@code QueryExpectationError}s with the usual message.
 */
class BlockWithoutJUnitTest {

    /** The test class path: surefire may run the tests from a manifest-only jar and put the real one here. */
    private static String testClassPath() {
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.contains("test-classes")) {
            classPath = System.getProperty("surefire.test.class.path", classPath);
        }
        return classPath;
    }

    private static URL[] withoutJUnit(String classPath) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            String lower = entry.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("junit") || lower.contains("opentest4j")) {
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls.toArray(new URL[0]);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> runIn(ClassLoader loader) throws Exception {
        Class<?> block = Class.forName(NoJUnitBlock.class.getName(), true, loader);
        Method run = block.getMethod("run");
        return (Map<String, String>) run.invoke(null);
    }

    /** Times vary between runs; the rest of a report does not. */
    private static String withoutTimes(String message) {
        return message.replaceAll("(statements?, \\d+ fingerprints?), [0-9.]+ ms\\)", "$1, T ms)");
    }

    @Test
    void theBlockApiRunsAndFailsWithQueryExpectationErrorWithoutJUnitOnTheClassPath() throws Exception {
        String classPath = testClassPath();
        assertThat(classPath).contains("test-classes").contains("junit");
        URL[] urls = withoutJUnit(classPath);
        assertThat(urls).extracting(URL::toString).noneMatch(url -> url.toLowerCase().contains("junit"))
                .anyMatch(url -> url.contains("test-classes")).anyMatch(url -> url.contains("h2"));

        Map<String, String> isolated;
        try (URLClassLoader loader = new URLClassLoader("no-junit", urls, ClassLoader.getPlatformClassLoader())) {
            assertThat(loader.loadClass("io.queryhound.QueryHound").getClassLoader()).isSameAs(loader);
            try {
                isolated = runIn(loader);
            } finally {
                // the process-wide instance of that loader: stop its reporting thread and shutdown hook
                loader.loadClass("io.queryhound.QueryHound").getMethod("close").invoke(null);
            }
        }
        System.out.println("Without JUnit: " + isolated);

        assertThat(isolated).doesNotContainKey("unexpected");
        assertThat(isolated).containsEntry("sameLoader", "true")
                .containsEntry("junitVisible", "no")
                .containsEntry("opentest4jVisible", "no");
        if (AgentBridge.isAgentAttached()) {
            // the agent captures every query: an expectation of a block that ran none is checked, and fails
            assertThat(isolated.get("beforeWrap")).startsWith("io.queryhound.junit.QueryExpectationError: Query"
                    + " expectations failed in NoJUnitBlock.steps()\n  counter   expected   actual\n"
                    + "  select    1          0    X\n");
        } else {
            // nothing was wrapped yet in that loader's QueryHound: an expectation cannot be checked
            assertThat(isolated.get("beforeWrap")).startsWith("java.lang.IllegalStateException: QueryHound cannot"
                    + " check NoJUnitBlock.steps(): nothing in this JVM captures JDBC queries.");
        }
        assertThat(isolated).containsEntry("value", "3").containsEntry("selectCount", "1");
        assertThat(isolated).containsEntry("failureClass", "io.queryhound.junit.QueryExpectationError")
                .containsEntry("failureIsQueryExpectationError", "true")
                .containsEntry("failureLogCount", "1")
                .containsEntry("loopFailureClass", "io.queryhound.junit.QueryExpectationError");
        String failure = isolated.get("failure");
        assertThat(failure).startsWith("Query expectations failed in NoJUnitBlock.steps()\n"
                + "  counter   expected   actual\n"
                + "  select    2          1    X\n"
                + "Statements by fingerprint (1 statement, 1 fingerprint, ");
        assertThat(failure).contains("     select count(*) from customers\n"
                + "     at io.queryhound.assertions.block.NoJUnitBlock.count(NoJUnitBlock.java:");
        assertThat(isolated.get("loopFailure")).contains("  N+1       none       1    X\n")
                .contains("N+1: same call site, 3 distinct parameter sets")
                .contains("fix: select total from orders where customer_id in (?)   (or a JOIN)");

        // the same code run here, with JUnit present, fails with the same message
        Map<String, String> here = NoJUnitBlock.run();
        assertThat(here).doesNotContainKey("unexpected");
        assertThat(here).containsEntry("junitVisible", "yes");
        assertThat(withoutTimes(isolated.get("failure"))).isEqualTo(withoutTimes(here.get("failure")));
        assertThat(withoutTimes(isolated.get("loopFailure"))).isEqualTo(withoutTimes(here.get("loopFailure")));
        assertThat(here.get("failureClass")).isEqualTo(isolated.get("failureClass"));
    }
}
