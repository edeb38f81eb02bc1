package io.queryhound.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JDKs the child applications run on: the one running the tests, and Temurin 25 (the newest class-file
 * version an agent has to cope with). A test on a JDK that is not installed is skipped, never passed.
 */
public enum Jdk {

    CURRENT {
        @Override
        Path findJava() {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }

        @Override
        public String toString() {
            return "current JDK " + System.getProperty("java.version");
        }
    },

    TEMURIN_25 {
        @Override
        Path findJava() {
            List<Path> homes = new ArrayList<>();
            if (Files.isDirectory(JVM_DIRECTORY)) {
                try (DirectoryStream<Path> matches = Files.newDirectoryStream(JVM_DIRECTORY, "temurin-25*")) {
                    matches.forEach(homes::add);
                } catch (IOException unreadable) {
                    throw new UncheckedIOException(unreadable);
                }
            }
            Collections.sort(homes);
            for (Path home : homes) {
                Path java = home.resolve("bin").resolve("java");
                if (Files.isExecutable(java)) {
                    return java;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "Temurin 25";
        }
    };

    private static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");

    /** The {@code java} launcher, or null when this JDK is not installed. */
    abstract Path findJava();

    /** The {@code java} launcher; aborts (skips) the calling test when this JDK is not installed. */
    public Path java() {
        Path java = findJava();
        if (java == null) {
            Assumptions.assumeTrue(false, "Temurin 25 not found under /usr/lib/jvm; install it "
                    + "(the Adoptium package temurin-25-jdk) to run the agent's integration tests on JDK 25");
        }
        return java;
    }
}
