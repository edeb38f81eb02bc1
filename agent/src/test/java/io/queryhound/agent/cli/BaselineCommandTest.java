package io.queryhound.agent.cli;

import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.SqlFingerprint;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code baseline write} and {@code baseline diff} against files a real QueryHound engine wrote while H2 ran N+1
 * loops: a first run with one known loop (and one suppressed loop, which stays out of the baseline), a second run
 * that adds a new loop.
 */
class BaselineCommandTest {

    private static final String KNOWN_SQL = "select name from customer where id = ?";
    private static final String NEW_SQL = "select customer_id from orders where id = ?";
    private static final String SUPPRESSED_SQL = "select id from customer where name = ?";

    @TempDir
    static Path dir;
    private static Path firstRun;
    private static Path secondRun;

    @BeforeAll
    static void runTwice() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:cli-baseline;DB_CLOSE_DELAY=-1");
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table customer (id int primary key, name varchar(50))");
            statement.execute("create table orders (id int primary key, customer_id int)");
            statement.execute("insert into customer values (1, 'a'), (2, 'b'), (3, 'c')");
            statement.execute("insert into orders values (11, 1), (12, 2), (13, 3)");
        }
        firstRun = dir.resolve("first.jsonl");
        secondRun = dir.resolve("second.jsonl");
        run(h2, firstRun, false);
        run(h2, secondRun, true);
    }

    private static void run(DataSource h2, Path output, boolean withNewLoop) throws SQLException {
        QueryHoundEngine engine = QueryHound.builder().output(output.toString()).statsIntervalSeconds(3600)
                .shutdownHook(false).set("slowQueryMillis", "60000").set("slowConnectionMillis", "60000")
                .set("suppress.names", "N_PLUS_ONE:" + SqlFingerprint.of(SUPPRESSED_SQL).id() + " -- three names, fine")
                .build();
        DataSource dataSource = engine.wrap(h2);
        for (int request = 0; request < 2; request++) {
            try (Scope scope = engine.scope("GET /report")) {
                knownLoop(dataSource);
                suppressedLoop(dataSource);
                if (withNewLoop) {
                    newLoop(dataSource);
                }
            }
        }
        engine.close();
    }

    private static void knownLoop(DataSource dataSource) throws SQLException {
        loop(dataSource, KNOWN_SQL, new Object[] {1, 2, 3});
    }

    private static void newLoop(DataSource dataSource) throws SQLException {
        loop(dataSource, NEW_SQL, new Object[] {11, 12, 13});
    }

    private static void suppressedLoop(DataSource dataSource) throws SQLException {
        loop(dataSource, SUPPRESSED_SQL, new Object[] {"a", "b", "c"});
    }

    private static void loop(DataSource dataSource, String sql, Object[] keys) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement lookup = connection.prepareStatement(sql)) {
            for (Object key : keys) {
                lookup.setObject(1, key);
                lookup.executeQuery().close();
            }
        }
    }

    // QueryHound's own packages (io.queryhound.agent among them) are never a call site, so these findings have none:
    // a baseline keeps such a finding by type and fingerprint, with "callSite": null.

    @Test
    void writeRecordsTheFindingsSortedWithoutCountsTimingsOrTimestampsAndLeavesSuppressedOnesOut() throws Exception {
        CliRun run = CliRun.of("baseline", "write", firstRun.toString());

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).isEqualTo("{\n"
                + "  \"queryhound\": \"baseline\",\n"
                + "  \"schema\": 1,\n"
                + "  \"findings\": [\n"
                + "    {\"type\":\"N_PLUS_ONE\",\"fingerprint\":\"" + SqlFingerprint.of(KNOWN_SQL).id()
                + "\",\"callSite\":null,\"sql\":\"" + KNOWN_SQL + "\"}\n"
                + "  ]\n"
                + "}\n");
        assertThat(run.err()).contains("1 finding from " + firstRun);
        assertThat(Files.readString(firstRun)).as("the output it was written from")
                .contains("\"suppressed\":true,\"reason\":\"three names, fine\"", "\"record\":\"findingSummary\"");
    }

    @Test
    void theSameFindingsGiveTheSameFileWhateverTheOrderOfTheInputs() {
        CliRun once = CliRun.of("baseline", "write", firstRun.toString(), secondRun.toString());
        CliRun reversed = CliRun.of("baseline", "write", secondRun.toString(), firstRun.toString());
        assertThat(once.out()).isEqualTo(reversed.out()).contains(NEW_SQL, KNOWN_SQL).doesNotContain(SUPPRESSED_SQL);
    }

    @Test
    void diffShowsTheNewLoopAsNewAndTheKnownOneAsUnchangedAndExitsWithOne() throws Exception {
        Path baseline = dir.resolve("queryhound-baseline.json");
        Files.writeString(baseline, CliRun.of("baseline", "write", firstRun.toString()).out(), StandardCharsets.UTF_8);

        CliRun diff = CliRun.of("baseline", "diff", baseline.toString(), secondRun.toString());

        assertThat(diff.exitCode()).as("%s", diff).isEqualTo(BaselineCommand.NEW_FINDINGS);
        List<String> lines = diff.out().lines().toList();
        assertThat(lines).containsSubsequence(
                "New (1): not in the baseline",
                "  + N_PLUS_ONE " + SqlFingerprint.of(NEW_SQL).id(),
                "      " + NEW_SQL,
                "Fixed (0): in the baseline, not seen in this output: fixed, or not run",
                "Unchanged (1): in both",
                "  = N_PLUS_ONE " + SqlFingerprint.of(KNOWN_SQL).id());
        assertThat(diff.out()).doesNotContain(SUPPRESSED_SQL);

        CliRun same = CliRun.of("baseline", "diff", baseline.toString(), firstRun.toString());
        assertThat(same.exitCode()).as("%s", same).isZero();
        assertThat(same.out()).contains("New (0)", "Unchanged (1)");

        Path newer = dir.resolve("newer-baseline.json");
        Files.writeString(newer, CliRun.of("baseline", "write", secondRun.toString()).out(), StandardCharsets.UTF_8);
        CliRun fixed = CliRun.of("baseline", "diff", newer.toString(), firstRun.toString());
        assertThat(fixed.exitCode()).isZero();
        assertThat(fixed.out()).contains("Fixed (1)", "  - N_PLUS_ONE " + SqlFingerprint.of(NEW_SQL).id());
    }

    @Test
    void linesThatAreNotFindingsAreSkippedAndCounted() throws Exception {
        Path mixed = dir.resolve("mixed.jsonl");
        Files.writeString(mixed, "app log line\n" + Files.readString(firstRun) + "{\"cut off\n");
        CliRun run = CliRun.of("baseline", "write", mixed.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(CliRun.of("baseline", "write", firstRun.toString()).out());
        assertThat(run.err()).contains("(2 lines that are not QueryHound findings skipped)");
    }

    @Test
    void aMalformedBaselineOrAMissingFileIsAUsageErrorThatSaysWhatIsWrong() throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"queryhound\": \"baseline\", \"schema\": 1, \"findings\": [{\"type\": \"N_PLUS_TWO\"}]}");
        CliRun diff = CliRun.of("baseline", "diff", broken.toString(), firstRun.toString());
        assertThat(diff.exitCode()).isEqualTo(Cli.USAGE_ERROR);
        assertThat(diff.err()).contains(broken + " is not a valid baseline: findings[0].type 'N_PLUS_TWO' is not a finding type");

        assertThat(CliRun.of("baseline", "write", dir.resolve("nowhere.jsonl").toString()).err()).contains("no such file");
        assertThat(CliRun.of("baseline", "write").exitCode()).isEqualTo(Cli.USAGE_ERROR);
        assertThat(CliRun.of("baseline", "merge").err()).contains("unknown action 'merge'");
        assertThat(CliRun.of("help").out()).contains("baseline write <file.jsonl>...", "baseline diff <baseline.json>");
    }
}
