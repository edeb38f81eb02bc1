package io.queryhound.it.suite;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs proxy-core's behaviour suite (its own test classes, from its test jar) in a child JVM, with or
 * without the agent, and writes one line per test: {@code PASSED|FAILED|SKIPPED <unique id>} and, for a
 * failure, the first line of its message. The parent test compares the two runs.
 */
public final class SharedSuiteMain {

    /** The packages of proxy-core's tests that describe behaviour both capture front ends must share. */
    static final String[] PACKAGES = {
        "io.queryhound.detection", "io.queryhound.assertions", "io.queryhound.examples",
    };

    /** Tests of library mode's wrapper itself (what wrap returns, its proxies): not behaviour the agent shares. */
    static final String LIBRARY_MODE_TAG = "library-mode";

    private SharedSuiteMain() {
    }

    public static void main(String[] args) throws IOException {
        // Which front end the suite's wraps go through: the agent's bridge on the boot loader, or none.
        System.out.println("AGENT_ATTACHED " + io.queryhound.internal.bridge.AgentBridge.isAgentAttached());
        Path report = Path.of(System.getProperty("agentit.runDir", ".")).resolve("suite.txt");
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String name : PACKAGES) {
            request.selectors(DiscoverySelectors.selectPackage(name));
        }
        // Top-level classes only, as Surefire runs them: nested static classes are fixtures that the
        // extension tests run themselves (many are meant to fail); @Nested classes still run with their parent.
        request.filters(org.junit.platform.launcher.TagFilter.excludeTags(LIBRARY_MODE_TAG),
                org.junit.platform.engine.discovery.ClassNameFilter.excludeClassNamePatterns(".*\\$.*"));
        LauncherDiscoveryRequest discovery = request.build();
        int[] failed = new int[1];
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(report, StandardCharsets.UTF_8))) {
            Launcher launcher = LauncherFactory.create();
            launcher.execute(discovery, new TestExecutionListener() {
                @Override
                public void executionSkipped(TestIdentifier test, String reason) {
                    if (test.isTest()) {
                        out.println("SKIPPED " + test.getUniqueId());
                    }
                }

                @Override
                public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                    if (!test.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                        return;
                    }
                    String message = result.getThrowable().map(t -> " " + firstLine(t)).orElse("");
                    out.println(result.getStatus() + " " + test.getUniqueId() + message);
                    if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                        failed[0]++;
                    }
                }
            });
        }
        System.out.println("SUITE_FAILED " + failed[0]);
        System.exit(failed[0] == 0 ? 0 : 1);
    }

    private static String firstLine(Throwable thrown) {
        String text = thrown.getClass().getName() + ": " + thrown.getMessage();
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).replace('\r', ' ');
    }
}
