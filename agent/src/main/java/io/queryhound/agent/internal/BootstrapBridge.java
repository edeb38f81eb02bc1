package io.queryhound.agent.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes ({@code io.queryhound.internal.bridge}) on the bootstrap class path, so that
 * advice inlined into classes of any class loader, the agent, and the application's own copy of
 * proxy-core all see one and the same bridge. Nothing in this class may refer to a bridge class: they
 * must not be loaded from the agent jar before they are on the bootstrap path.
 */
final class BootstrapBridge {

    static final String PACKAGE_PATH = "io/queryhound/internal/bridge/";
    static final String BRIDGE_CLASS = "io.queryhound.internal.bridge.AgentBridge";

    private BootstrapBridge() {
    }

    /** Copies the bridge classes from the agent jar into a temporary jar and appends it to the boot class path. */
    static void install(Instrumentation instrumentation) throws IOException, URISyntaxException {
        if (isOnBootstrapPath()) {
            return; // attached twice, or the bridge is already there
        }
        File agentJar = new File(BootstrapBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bridgeJar = Files.createTempFile("queryhound-bridge-", ".jar");
        bridgeJar.toFile().deleteOnExit();
        int copied = 0;
        try (JarFile source = new JarFile(agentJar);
             JarOutputStream target = new JarOutputStream(Files.newOutputStream(bridgeJar))) {
            Enumeration<JarEntry> entries = source.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith(PACKAGE_PATH) && entry.getName().endsWith(".class")) {
                    target.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(target);
                    }
                    target.closeEntry();
                    copied++;
                }
            }
        }
        if (copied == 0) {
            throw new IOException("the agent jar " + agentJar + " holds no bridge classes under " + PACKAGE_PATH);
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bridgeJar.toFile()));
        if (!isOnBootstrapPath()) {
            throw new IOException("the bridge classes could not be put on the bootstrap class path");
        }
    }

    private static boolean isOnBootstrapPath() {
        try {
            Class.forName(BRIDGE_CLASS, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
