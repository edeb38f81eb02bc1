package io.queryhound.demo.run;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the built pieces are: the service jar ({@code demo-app/target/orders-service.jar}, with its
 * libraries in {@code target/lib}), the agent copied next to it ({@code target/agent}), and the
 * {@code java} that runs this program, which runs the service too.
 */
record Layout(Path serviceJar, Path agentJar, Path java) {

    /** Found from where this class was loaded: {@code target/orders-service.jar} or {@code target/classes}. */
    static Layout fromBuild() {
        Path target;
        try {
            Path codeSource = Path.of(Layout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            target = codeSource.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell where the demo was started from", e);
        }
        return of(target);
    }

    static Layout of(Path target) {
        Path serviceJar = target.resolve("orders-service.jar");
        Path agentJar = target.resolve("agent").resolve("queryhound-agent.jar");
        for (Path required : new Path[] {serviceJar, agentJar}) {
            if (!Files.isRegularFile(required)) {
                throw new IllegalStateException(required + " is missing: build it with"
                        + " ./mvnw -q -DskipTests package -pl demo-app -am (./demo does)");
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        return new Layout(serviceJar, agentJar, java);
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
