package io.queryhound.plan;

import io.queryhound.SqlDialect;
import io.queryhound.internal.plan.Explanation;
import io.queryhound.internal.plan.H2PlanText;
import io.queryhound.internal.plan.IndexAdvice;
import io.queryhound.internal.plan.IndexAdvisor;
import io.queryhound.internal.plan.IndexCatalog;
import io.queryhound.internal.plan.MySqlPlanJson;
import io.queryhound.internal.plan.PlanSummary;
import io.queryhound.internal.plan.PostgresPlanJson;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the statement or plan text, the advisor and the plan readers answer (advice, a plan or a
 * reason) and never throw: the statements of the fingerprint test vectors (every kind of literal,
 * comment and dialect quirk), and random token soup from a fixed seed.
 */
class HostileInputTest {

    private static final String[] PIECES = {"select", "from", "where", "and", "or", "not", "(", ")", ",", "?", "=",
            "<", ">=", "<>", "like", "ilike", "in", "between", "is", "null", "join", "on", "left", "order", "by",
            "desc", "limit", "group", "union", "with", "as", "orders", "o", "o.", "status", "lower(", "'%x'",
            "\"Q\"", "`b`", "*", ".", "::", "$1", "/*", "*/", "--", "\n", ";", "update", "set", "delete", "exists"};

    @Test
    void theAdvisorAnswersEveryStatementOfTheFingerprintVectors() throws IOException {
        List<String[]> vectors = new ArrayList<>();
        vectors.addAll(vectors("/sql/fingerprint-vectors.tsv"));
        vectors.addAll(vectors("/sql/fingerprint-vectors-queryhound.tsv"));
        assertThat(vectors).hasSizeGreaterThan(100);
        for (String[] vector : vectors) {
            SqlDialect dialect = switch (vector[0]) {
                case "mysql" -> SqlDialect.MYSQL;
                case "postgresql" -> SqlDialect.POSTGRESQL;
                default -> SqlDialect.GENERIC;
            };
            assertAnswers(vector[1], dialect);
        }
    }

    @Test
    void theAdvisorAnswersRandomTokenSoup() {
        Random random = new Random(20261122L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sql = new StringBuilder(random.nextBoolean() ? "select * from orders where " : "");
            int length = 1 + random.nextInt(25);
            for (int j = 0; j < length; j++) {
                sql.append(PIECES[random.nextInt(PIECES.length)]).append(random.nextInt(4) == 0 ? "" : " ");
            }
            assertAnswers(sql.toString(), SqlDialect.values()[random.nextInt(SqlDialect.values().length)]);
        }
    }

    @Test
    void planReadersAnswerRandomText() {
        Random random = new Random(7L);
        String[] planPieces = {"{", "}", "[", "]", ":", ",", "\"Plan\"", "\"Node Type\"", "\"Seq Scan\"", "\"Plans\"",
                "\"query_block\"", "\"table\"", "\"table_name\"", "\"ALL\"", "\"access_type\"", "1", "-0.5e3", "true",
                "null", "\"\\u00e9\"", "\"\\x\"", "FROM", "\"PUBLIC\"", ".", "\"T\"", "/*", "*/", "PUBLIC.T.tableScan",
                "scanCount: 3", "(", ")", "ORDER", "BY", "'", "\""};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(30);
            for (int j = 0; j < length; j++) {
                text.append(planPieces[random.nextInt(planPieces.length)]).append(random.nextBoolean() ? " " : "");
            }
            String plan = text.toString();
            assertAnswered(PostgresPlanJson.read(plan), plan);
            assertAnswered(MySqlPlanJson.read(plan), plan);
            assertAnswered(H2PlanText.read(plan, random.nextBoolean()), plan);
        }
    }

    private static void assertAnswered(Explanation explanation, String input) {
        assertThat(explanation).as(input).isNotNull();
        assertThat(explanation.isPlanned() ? explanation.plan().toJson() : explanation.failure()).as(input).isNotBlank();
    }

    private static void assertAnswers(String sql, SqlDialect dialect) {
        PlanSummary plan = new PlanSummary("H2", false, List.of(
                new PlanSummary.TableAccess(null, "orders", null, PlanSummary.Access.FULL_SCAN, null, -1, -1, 50_000),
                new PlanSummary.TableAccess(null, "foo", null, PlanSummary.Access.FULL_SCAN, null, -1, -1, 50_000)),
                List.of(), false, -1, Double.NaN, Double.NaN);
        List<IndexAdvice> advice = new IndexAdvisor().advise(sql, dialect, new Object[] {"%a", 1}, plan, IndexCatalog.NONE);
        assertThat(advice).as(sql).hasSize(2);
        for (IndexAdvice a : advice) {
            assertThat(a.reason()).as(sql).isNotBlank();
            assertThat(a.verdict() == IndexAdvice.Verdict.CREATE_INDEX).as(sql).isEqualTo(a.createIndex() != null);
        }
    }

    private static List<String[]> vectors(String resource) throws IOException {
        try (InputStream in = HostileInputTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            List<String[]> vectors = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] fields = line.split("\t");
                if (line.startsWith("#") || fields.length < 2 || fields[0].equals("dialect")) {
                    continue;
                }
                vectors.add(fields);
            }
            return vectors;
        }
    }
}
