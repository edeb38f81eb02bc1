package io.queryhound.internal.export;

import io.queryhound.Exporter;
import io.queryhound.internal.config.Diagnostics;
import io.queryhound.internal.config.Settings;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/** Turns the {@code output} setting into an {@link Exporter}. */
public final class Exporters {

    private Exporters() {
    }

    /** The exporter for {@code output}, writing JSON lines or, with {@code text}, readable lines. */
    public static Exporter forOutput(String output, boolean text) {
        Exporter exporter = forOutput(output);
        return text && exporter instanceof JsonLinesExporter lines ? lines.asText() : exporter;
    }

    public static Exporter forOutput(String output) {
        switch (output.toLowerCase(Locale.ROOT)) {
            case "stdout":
                return JsonLinesExporter.console("stdout", () -> System.out);
            case "stderr":
                return JsonLinesExporter.console("stderr", () -> System.err);
            case "none":
                return Exporter.NONE;
            case "slf4j":
                return slf4j();
            default:
                try {
                    return JsonLinesExporter.file(Path.of(output));
                } catch (InvalidPathException e) {
                    Diagnostics.warnOnce("bad:output=" + output, "setting output='" + output
                            + "' is not valid: expected " + Settings.OUTPUT.accepted() + "; using stderr");
                    return JsonLinesExporter.console("stderr", () -> System.err);
                }
        }
    }

    private static Exporter slf4j() {
        try {
            Class.forName("org.slf4j.spi.LoggingEventBuilder", false, Exporters.class.getClassLoader());
            return new Slf4jExporter();
        } catch (ClassNotFoundException | LinkageError e) {
            Diagnostics.warnOnce("bad:output=slf4j", "setting output='slf4j' needs the SLF4J 2 API on the classpath"
                    + " (not found: " + e + "); using stderr");
            return JsonLinesExporter.console("stderr", () -> System.err);
        }
    }
}
