package io.queryhound.testing;

import io.queryhound.internal.config.Diagnostics;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Captures QueryHound's own diagnostics (the report-once lines it would print on stderr) during
 * each test, starting with nothing reported yet. Register with {@code @RegisterExtension}.
 */
public final class CapturedDiagnostics implements BeforeEachCallback, AfterEachCallback {

    private ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void beforeEach(ExtensionContext context) {
        out = new ByteArrayOutputStream();
        Diagnostics.resetForTests();
        Diagnostics.redirectForTests(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Diagnostics.redirectForTests(null);
        Diagnostics.resetForTests();
    }

    /** Everything printed so far. */
    public String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The non-empty lines printed so far. */
    public List<String> lines() {
        return Arrays.stream(text().split("\\R")).filter(line -> !line.isEmpty()).collect(Collectors.toList());
    }
}
