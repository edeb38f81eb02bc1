package io.queryhound.assertions;

import io.queryhound.QueryHound;
import io.queryhound.Scope;
import io.queryhound.internal.record.Recordings;
import io.queryhound.junit.ExpectQueries;
import io.queryhound.junit.QueryScope;
import io.queryhound.testing.H2;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static io.queryhound.junit.QueryExpectation.select;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs in a JVM of its own (see {@link BadUseExtensionTest}), where no DataSource was ever wrapped
 * and no agent is attached: what do the extension and the block API say then? Prints one line per
 * outcome, {@code KEY status|class|message} with line breaks escaped, for the parent to check.
 */
public final class NoCaptureMain {

    private NoCaptureMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean("noCapture.wrapFirst")) {
            QueryHound.wrap(Unwrapped.DB); // with -Dqueryhound.enabled=false this hands the DataSource back unwrapped
        }
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Unwrapped.class))
                .execute();
        for (Event event : results.testEvents().finished().list()) {
            String method = event.getTestDescriptor().getSource()
                    .map(source -> ((MethodSource) source).getMethodName()).orElse("?");
            TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
            print("TEST_" + method, result.getStatus().name(), result.getThrowable().orElse(null));
        }

        Throwable thrown = null;
        try {
            QueryHound.expect(select(1)).during(() -> {
                try (Connection c = Unwrapped.DB.getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select 1")) {
                    rs.next();
                }
            });
        } catch (Throwable e) {
            thrown = e;
        }
        print("BLOCK", thrown == null ? "RETURNED" : "THREW", thrown);
        System.out.println("CAPTURE_INSTALLED " + Recordings.isCaptureInstalled());
        System.out.println("DONE");
    }

    private static void print(String key, String status, Throwable thrown) {
        System.out.println(key + " " + status + "|" + (thrown == null ? "" : thrown.getClass().getName()) + "|"
                + (thrown == null ? "" : String.valueOf(thrown.getMessage()).replace("\n", "\\n")));
    }

    /** A test suite that forgot to wrap its DataSource. */
    static class Unwrapped {
        static final DataSource DB = H2.newDataSource();

        static void selectOne() throws SQLException {
            try (Connection c = DB.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select 1")) {
                rs.next();
            }
        }

        @Test
        @ExpectQueries(select = 1)
        void expectsOneSelect() throws SQLException {
            selectOne();
        }

        /** Nothing is expected, so there is nothing QueryHound fails to check: the extension only provides the scope. */
        @Test
        @QueryScope
        void onlyWantsTheScope(Scope scope) throws SQLException {
            selectOne();
        }

        /** The test's own failure still wins. */
        @Test
        @ExpectQueries(select = 1)
        void failsOnItsOwn() {
            throw new IllegalStateException("the test's own failure");
        }
    }
}
