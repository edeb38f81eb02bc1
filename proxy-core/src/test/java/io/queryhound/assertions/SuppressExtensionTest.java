package io.queryhound.assertions;

import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.internal.suppress.Baseline;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryHoundBaseline;
import io.queryhound.junit.QueryLog;
import io.queryhound.testing.CapturedDiagnostics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static io.queryhound.junit.QueryExpectation.noNPlusOne;
import static io.queryhound.junit.QueryExpectation.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Suppressions and baselines in tests: {@code @QueryHoundSuppress} on a test method or class, the block API's
 * {@code allowing(...)}, {@code @QueryHoundBaseline} and the {@code queryhound.baseline} configuration parameter.
 * The baseline is written from one run; a test that adds a new N+1 then fails on the new one only.
 */
class SuppressExtensionTest {

    /** Read from proxy-core's directory, where Maven runs the tests; written by {@link #writeTheBaselineFromAFirstRun()}. */
    static final String BASELINE = "target/suppress-extension/queryhound-baseline.json";

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    /** The code under test: two N+1 loops, each in its own method (its own call site). */
    static final class Code {
        static final DataSource DB = database(
                "create table customers(id int, name varchar(50))",
                "insert into customers values (1, 'Ada'), (2, 'Bob'), (3, 'Cy')",
                "create table orders(id int, customer_id int, total int)",
                "insert into orders values (10, 1, 5), (11, 1, 7), (12, 2, 9), (13, 3, 4)");

        /** The known loop: one orders query per customer. */
        static void orderTotals() {
            try (Connection c = DB.getConnection();
                 PreparedStatement ps = c.prepareStatement("select total from orders where customer_id = ?")) {
                for (int customer = 1; customer <= 2; customer++) {
                    ps.setInt(1, customer);
                    ps.executeQuery().close(); // the known loop's call site
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The new loop: one customers query per order. */
        static void customerNames() {
            try (Connection c = DB.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select name from customers where id = (select customer_id from orders where id = ?)")) {
                for (int order = 10; order <= 11; order++) {
                    ps.setInt(1, order);
                    ps.executeQuery().close(); // the new loop's call site
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeAll
    static void writeTheBaselineFromAFirstRun() throws IOException {
        QueryLog firstRun = QueryHound.record(Code::orderTotals);
        Map<Baseline.Entry, String> entries = new LinkedHashMap<>();
        for (Finding finding : firstRun.findings()) {
            entries.put(Baseline.Entry.of(finding), finding.sql());
        }
        assertThat(entries).as("the first run's findings").hasSize(1);
        Path file = Path.of(BASELINE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, Baseline.of(entries).toJson(), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- @QueryHoundSuppress on tests

    @Test
    void theAnnotationOnATestMethodOrClassLetsItsFindingsPassAndABlankReasonIsAConfigurationError() {
        EngineExecutionResults results = run(AcceptedFindingsFixtures.SuppressedTests.class);
        assertPassed(results, "suppressedOnTheMethod");
        assertThat(failure(results, "notSuppressed")).isInstanceOf(QueryExpectationError.class);
        assertThat(failure(results, "suppressedForAnotherType")).isInstanceOf(QueryExpectationError.class);
        assertThat(failure(results, "blankReason"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@QueryHoundSuppress on AcceptedFindingsFixtures.SuppressedTests.blankReason()"
                        + " has no reason");
        assertPassed(run(AcceptedFindingsFixtures.SuppressedClass.class), "loop");
    }

    // ---------------------------------------------------------------- allowing(...) in the block API

    @Test
    void allowingATypeLetsTheBlockPassAndKeepsTheFindingMarkedWithItsReason() {
        QueryLog log = QueryHound.expect(noNPlusOne(), select(2))
                .allowing(FindingType.N_PLUS_ONE, "two customers; judged fine")
                .record(Code::orderTotals);
        assertThat(log.findings(FindingType.N_PLUS_ONE)).singleElement().satisfies(finding -> {
            assertThat(finding.suppression().reason()).isEqualTo("two customers; judged fine");
            assertThat(finding.suppression().declaredAt()).isEqualTo("QueryHound.expect(...).allowing(N_PLUS_ONE, ...)"
                    + " in SuppressExtensionTest.allowingATypeLetsTheBlockPassAndKeepsTheFindingMarkedWithItsReason()");
        });
    }

    @Test
    void allowingOneCallSiteOrOneStatementLeavesTheOtherLoopFailing() {
        assertThatThrownBy(() -> QueryHound.expect(noNPlusOne())
                .allowing(FindingType.N_PLUS_ONE, Code.class.getName() + ".orderTotals", "reviewed")
                .during(() -> {
                    Code.orderTotals();
                    Code.customerNames();
                }))
                .isInstanceOf(QueryExpectationError.class)
                .hasMessageContaining("2 distinct parameter sets (suppressed: reviewed)")
                .hasMessageContaining("SuppressExtensionTest.java");
        String id = QueryHound.record(Code::orderTotals).findings().get(0).fingerprint().id();
        QueryHound.expect(noNPlusOne()).allowing(FindingType.N_PLUS_ONE, id, "reviewed").during(Code::orderTotals);
    }

    @Test
    void allowingWithoutAReasonIsRejectedNamingTheCall() {
        assertThatThrownBy(() -> QueryHound.expect(noNPlusOne()).allowing(FindingType.N_PLUS_ONE, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("allowing(N_PLUS_ONE, ...) in"
                        + " SuppressExtensionTest.allowingWithoutAReasonIsRejectedNamingTheCall() has no reason");
        assertThatThrownBy(() -> QueryHound.expect().allowing(FindingType.N_PLUS_ONE, "com/acme", "why"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'com/acme' is not a call-site pattern");
    }

    // ---------------------------------------------------------------- baselines

    @Test
    void withTheBaselineOnlyTheNewN1FailsTheTest() {
        EngineExecutionResults results = run(AcceptedFindingsFixtures.BaselinedTests.class);
        assertPassed(results, "knownLoopOnly", "otherAnnotationsFailOnNewFindingsOnly");
        Throwable failure = failure(results, "knownLoopAndANewOne");
        assertThat(failure).isInstanceOf(QueryExpectationError.class);
        assertThat(failure.getMessage())
                .contains("N+1", "select name from customers where id = (select customer_id from orders where id = ?)")
                .contains("N+1: same call site, 2 distinct parameter sets (baselined)")
                .contains("SuppressExtensionTest.java:" + ExtensionFixtures.lineOf(SuppressExtensionTest.class,
                        "// the new loop's" + " call site"));
        System.out.println("=== a new N+1 beside a baselined one ===\n" + failure.getMessage());
        assertThat(diagnostics.lines()).isEmpty();
    }

    @Test
    void theConfigurationParameterNamesABaselineForEveryTest() {
        EngineExecutionResults results = run(AcceptedFindingsFixtures.ConfiguredBaseline.class,
                Map.of(QueryHoundBaseline.CONFIGURATION_PARAMETER, BASELINE));
        assertPassed(results, "knownLoopOnly");
        assertThat(failure(results, "newLoop")).isInstanceOf(QueryExpectationError.class);
    }

    @Test
    void aMalformedBaselineIsReportedOnceAndEveryFindingCountsAsNew() throws IOException {
        Path broken = Path.of("target/suppress-extension/broken-baseline.json");
        Files.writeString(broken, "{\"queryhound\": \"baseline\", \"schema\": 1, \"findings\": [}");
        EngineExecutionResults results = run(AcceptedFindingsFixtures.ConfiguredBaseline.class,
                Map.of(QueryHoundBaseline.CONFIGURATION_PARAMETER, broken.toString()));
        assertThat(failure(results, "knownLoopOnly")).isInstanceOf(QueryExpectationError.class);
        assertThat(failure(results, "newLoop")).isInstanceOf(QueryExpectationError.class);
        assertThat(diagnostics.lines()).singleElement().asString()
                .contains("baseline file " + broken.toAbsolutePath().normalize(), "is malformed",
                        "not valid JSON at line 1");
    }
}
