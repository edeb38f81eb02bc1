package io.queryhound.assertions;

import io.queryhound.junit.NoRepeatedQueries;
import io.queryhound.junit.QueryExpectationError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static io.queryhound.assertions.ExtensionFixtures.assertPassed;
import static io.queryhound.assertions.ExtensionFixtures.database;
import static io.queryhound.assertions.ExtensionFixtures.failedRow;
import static io.queryhound.assertions.ExtensionFixtures.failure;
import static io.queryhound.assertions.ExtensionFixtures.lineOf;
import static io.queryhound.assertions.ExtensionFixtures.query;
import static io.queryhound.assertions.ExtensionFixtures.run;
import static io.queryhound.assertions.ExtensionFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code @NoRepeatedQueries}: the same SELECT with the same parameters twice fails; other parameters pass. */
class NoRepeatedQueriesExtensionTest {

    private static EngineExecutionResults results;

    @BeforeAll
    static void runFixture() {
        results = run(Repeats.class);
    }

    @Test
    void everyFixtureTestRan() {
        results.testEvents().assertStatistics(stats -> stats.started(6).succeeded(3).failed(3));
    }

    @Test
    void theSameSelectWithTheSameParameterTwiceFails() {
        Throwable thrown = failure(results, "sameParameterTwice");
        assertThat(thrown).isExactlyInstanceOf(QueryExpectationError.class);
        assertThat(thrown.getMessage())
                .startsWith("Query expectations failed in NoRepeatedQueriesExtensionTest.Repeats.sameParameterTwice()\n")
                .containsPattern(failedRow("repeated", "none", 1))
                .contains("Statements by fingerprint (2 statements, 1 fingerprint, ")
                .containsPattern("(?m)^ +#1 x2 +SELECT [0-9a-f]{16}  REPEATED: identical parameters"
                        + " \\(1 distinct in 2 executions\\)$")
                .contains("     select name from item where id = ?\n")
                .contains("fix: 1 of 2 executions repeated a parameter set already run in this scope:"
                        + " cache or reuse the first result.");
    }

    @Test
    void aSelectWithoutParametersTwiceFails() {
        assertThat(failure(results, "noParametersTwice").getMessage())
                .containsPattern(failedRow("repeated", "none", 1))
                .contains("select count(*) from item");
    }

    @Test
    void aRepeatFromAnotherLineFailsTooAndNamesBothLines() {
        int first = lineOf(NoRepeatedQueriesExtensionTest.class, "// repeat " + "first");
        int second = lineOf(NoRepeatedQueriesExtensionTest.class, "// repeat " + "second");
        assertThat(failure(results, "sameParameterFromTwoLines").getMessage())
                .containsPattern(failedRow("repeated", "none", 1))
                .contains("NoRepeatedQueriesExtensionTest.java:" + first + ")")
                .contains("Also run from io.queryhound.assertions.NoRepeatedQueriesExtensionTest$Repeats"
                        + ".sameParameterFromTwoLines(NoRepeatedQueriesExtensionTest.java:" + second + ")");
    }

    @Test
    void differentParametersPass() {
        assertPassed(results, "differentParameters");
    }

    @Test
    void repeatedWritesAreNotRepeatedQueries() {
        assertPassed(results, "sameInsertTwice", "noQuery");
    }

    static class Repeats {
        static final DataSource DB = database(
                "create table item(id int, name varchar(50))",
                "insert into item values (1, 'a'), (2, 'b'), (3, 'c')");

        @Test
        @NoRepeatedQueries
        void sameParameterTwice() {
            query(DB, "select name from item where id = ?", 1);
            query(DB, "select name from item where id = ?", 1);
        }

        @Test
        @NoRepeatedQueries
        void noParametersTwice() {
            query(DB, "select count(*) from item");
            query(DB, "select count(*) from item");
        }

        @Test
        @NoRepeatedQueries
        void sameParameterFromTwoLines() throws SQLException {
            try (Connection c = DB.getConnection();
                 PreparedStatement ps = c.prepareStatement("select name from item where id = ?")) {
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) { // repeat first
                    assertThat(rs.next()).isTrue();
                }
                try (ResultSet rs = ps.executeQuery()) { // repeat second
                    assertThat(rs.next()).isTrue();
                }
            }
        }

        @Test
        @NoRepeatedQueries
        void differentParameters() {
            query(DB, "select name from item where id = ?", 1);
            query(DB, "select name from item where id = ?", 2);
            query(DB, "select name from item where id = ?", 3);
        }

        @Test
        @NoRepeatedQueries
        void sameInsertTwice() {
            update(DB, "insert into item values (?, ?)", 9, "z");
            update(DB, "insert into item values (?, ?)", 9, "z");
            update(DB, "delete from item where id = ?", 9);
        }

        @Test
        @NoRepeatedQueries
        void noQuery() {
            assertThat(DB).isNotNull();
        }
    }
}
