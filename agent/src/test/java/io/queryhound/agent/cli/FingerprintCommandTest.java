package io.queryhound.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import io.queryhound.internal.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintCommandTest {

    private static final String IN_LIST = "SELECT * FROM t WHERE id IN (1,2,3)";

    @Test
    void printsIdKindTemplateAndTheCollapsedList() {
        SqlFingerprint expected = SqlFingerprint.of(IN_LIST);

        CliRun run = CliRun.of("fingerprint", IN_LIST);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(lines(
                "id        " + expected.id(),
                "kind      SELECT",
                "template  " + expected.template(),
                "lists     3 items collapsed to 1"));
        assertThat(expected.template()).isEqualTo("select * from t where id in (?)");
    }

    @Test
    void withoutListsThereIsNoListsLine() {
        SqlFingerprint expected = SqlFingerprint.of("update orders set status = 'shipped' where id = 42");

        CliRun run = CliRun.of("fingerprint", "update orders set status = 'shipped' where id = 42");

        assertThat(run.out()).isEqualTo(lines(
                "id        " + expected.id(),
                "kind      UPDATE",
                "template  update orders set status = ? where id = ?"));
    }

    @Test
    void severalListsAreGivenInOrder() {
        String sql = "select * from t where a in (1, 2) and b in ('x', 'y', 'z')";
        assertThat(SqlFingerprint.of(sql).collapsedListLengths()).containsExactly(2, 3);

        CliRun run = CliRun.of("fingerprint", sql);

        assertThat(run.out()).endsWith(lines("lists     2 and 3 items collapsed to 1 each"));
    }

    @Test
    void severalArgumentsAreOneStatementJoinedBySpaces() {
        CliRun split = CliRun.of("fingerprint", "select", "name", "from", "customer", "where", "id", "=", "7");
        CliRun quoted = CliRun.of("fingerprint", "select name from customer where id = 7");

        assertThat(split.out()).isEqualTo(quoted.out()).contains("id        57c4690b370f5a73");
    }

    @Test
    void aDashReadsTheStatementFromStandardInput() {
        String sql = "select name\n  from customer\n -- by key\n where id = 7;\n";

        CliRun run = CliRun.withInput(sql, "fingerprint", "-");

        assertThat(run.out()).startsWith(lines("id        " + SqlFingerprint.of(sql).id()))
                .contains("template  select name from customer where id = ?");
    }

    @Test
    void theDialectDecidesHowQuotesAreRead() {
        // A backslash escapes a quote in MySQL only: the generic reading ends the string early.
        String sql = "select * from t where name = 'it\\'s' and id = 1";
        SqlFingerprint mysql = SqlFingerprint.of(sql, SqlDialect.MYSQL);
        SqlFingerprint generic = SqlFingerprint.of(sql, SqlDialect.GENERIC);
        assertThat(mysql.id()).isNotEqualTo(generic.id());

        assertThat(CliRun.of("fingerprint", "--dialect", "mysql", sql).out())
                .startsWith(lines("id        " + mysql.id()))
                .contains("template  select * from t where name = ? and id = ?");
        assertThat(CliRun.of("fingerprint", "--dialect=MySQL", sql).out()).startsWith(lines("id        " + mysql.id()));
        assertThat(CliRun.of("fingerprint", sql).out()).startsWith(lines("id        " + generic.id()));
    }

    @Test
    void jsonUsesTheFieldNamesOfTheOutputFormat() throws Exception {
        SqlFingerprint expected = SqlFingerprint.of(IN_LIST);

        CliRun run = CliRun.of("fingerprint", "--json", IN_LIST);

        assertThat(run.out()).endsWith(System.lineSeparator()).hasLineCount(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("fingerprint").asText()).isEqualTo(expected.id());
        assertThat(json.get("statementType").asText()).isEqualTo("SELECT");
        assertThat(json.get("sql").asText()).isEqualTo(expected.template());
        assertThat(json.get("collapsedListLengths").toString()).isEqualTo("[3]");
        assertThat(JsonReader.parse(run.out().trim())).isInstanceOf(java.util.Map.class);
    }

    @Test
    void doubleDashLetsSqlStartingWithACommentThrough() {
        CliRun run = CliRun.of("fingerprint", "--", "--json is a comment here\nselect 1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("template  select ?");
    }

    @Test
    void anUnknownDialectNamesTheValueAndWhatIsAccepted() {
        CliRun run = CliRun.of("fingerprint", "--dialect", "oracle", "select 1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(lines(
                "queryhound fingerprint: unknown --dialect 'oracle'; accepted: generic, postgresql, mysql, h2"));
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void noStatementIsAUsageError(String sql) {
        CliRun run = CliRun.of("fingerprint", sql);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith(lines("queryhound fingerprint: no SQL given"));
        assertThat(CliRun.of("fingerprint").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("fingerprint", "--dialect").err()).contains("--dialect needs a value");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRun run = CliRun.of("fingerprint", "--jsn", "select 1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown option '--jsn'");
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }
}
