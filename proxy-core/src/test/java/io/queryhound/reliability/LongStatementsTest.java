package io.queryhound.reliability;

import io.queryhound.SqlFingerprint;
import io.queryhound.internal.stats.StatisticsTable;
import io.queryhound.testing.Heap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Huge statements: a 50 MB select list and a 1,000,000-item IN list get their fingerprints, and
 * what QueryHound keeps of them (the template in its statistics) is bounded, not as large as the
 * statements. Figures are printed; the memory bound is checked with the memory MXBean after
 * collections, far enough from the unbounded case (hundreds of MB) to be robust.
 */
@Tag("reliability")
class LongStatementsTest {

    /** {@code select column_0, column_1, ... from wide} of at least {@code length} characters, distinct by {@code tag}. */
    private static String selectList(int length, String tag) {
        StringBuilder sql = new StringBuilder(length + 64).append("select ");
        for (int i = 0; sql.length() < length; i++) {
            sql.append(i == 0 ? "" : ", ").append("column_").append(i);
        }
        return sql.append(" from wide_").append(tag).toString();
    }

    @Test
    void aFiftyMegabyteStatementKeepsACutTemplateAndAnIdOverAllOfIt() {
        String huge = selectList(50_000_000, "a");
        long start = System.nanoTime();
        SqlFingerprint fingerprint = SqlFingerprint.of(huge);
        double millis = (System.nanoTime() - start) / 1e6;

        assertThat(fingerprint.isTemplateCut()).isTrue();
        assertThat(fingerprint.template()).hasSize(SqlFingerprint.MAX_TEMPLATE_LENGTH + 3).endsWith("...")
                .startsWith("select column_0, column_1, ");
        assertThat(SqlFingerprint.of(huge).id()).as("stable").isEqualTo(fingerprint.id());
        assertThat(SqlFingerprint.of(selectList(50_000_000, "b")).id())
                .as("a statement that differs only after the cut is another statement").isNotEqualTo(fingerprint.id());
        System.out.printf(Locale.ROOT, "[reliability] 50 MB statement (%d chars): fingerprinted in %.0f ms, template"
                + " kept %d chars%n", huge.length(), millis, fingerprint.template().length());
    }

    @Test
    void aMillionItemInListCollapsesToOneItem() {
        StringBuilder sql = new StringBuilder("select id, name from customer where id in (");
        for (int i = 0; i < 1_000_000; i++) {
            sql.append(i == 0 ? "" : ", ").append(i);
        }
        String statement = sql.append(")").toString();
        long start = System.nanoTime();
        SqlFingerprint fingerprint = SqlFingerprint.of(statement);
        double millis = (System.nanoTime() - start) / 1e6;

        assertThat(fingerprint.template()).isEqualTo("select id, name from customer where id in (?)");
        assertThat(fingerprint.isTemplateCut()).isFalse();
        assertThat(fingerprint.largestCollapsedList()).isEqualTo(1_000_000);
        System.out.printf(Locale.ROOT, "[reliability] 1,000,000-item IN list (%d chars): fingerprinted in %.0f ms,"
                + " template %d chars%n", statement.length(), millis, fingerprint.template().length());
    }

    @Test
    void statisticsOfManyHugeStatementsStayBounded() {
        StatisticsTable table = new StatisticsTable(1000);
        long before = Heap.usedAfterGc();
        int statements = 40;
        for (int i = 0; i < statements; i++) {
            SqlFingerprint fingerprint = SqlFingerprint.of(selectList(2_000_000, Integer.toString(i)));
            table.record(fingerprint, 1_000_000, false, 0);
        }
        long retained = Heap.usedAfterGc() - before;

        // Each keeps at most 64 Ki characters of template (two bytes each at worst) and some bookkeeping;
        // unbounded, each would keep its 2,000,000-character template: 80 MB at least.
        long bound = statements * (64L * 1024 + 16L * 1024) * 2;
        System.out.printf(Locale.ROOT, "[reliability] %d distinct 2 MB statements in the statistics: %.1f MB retained"
                + " after GC (bound %.1f MB; whole templates would be %.0f MB)%n", statements, retained / 1e6,
                bound / 1e6, statements * 2_000_000 / 1e6);
        assertThat(table.trackedStatements()).isEqualTo(statements);
        assertThat(retained).isLessThan(bound);
    }
}
