package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The original sizes of collapsed lists, kept beside the template and never inside it. */
class CollapsedListLengthsTest {

    private static SqlFingerprint fingerprint(String sql) {
        return Fingerprinter.fingerprintUnguarded(sql, SqlDialect.GENERIC);
    }

    @Test
    void oneLengthPerCollapsedListInOrder() {
        SqlFingerprint fingerprint = fingerprint("select * from t where a in (1,2,3) and b in (4,5)");
        assertThat(fingerprint.template()).isEqualTo("select * from t where a in (?) and b in (?)");
        assertThat(fingerprint.collapsedListLengths()).containsExactly(3, 2);
    }

    @Test
    void multiRowValuesCountRows() {
        SqlFingerprint fingerprint = fingerprint("insert into t (a, b) values (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
        assertThat(fingerprint.template()).isEqualTo("insert into t (a, b) values (?, ?)");
        assertThat(fingerprint.collapsedListLengths()).containsExactly(4);
    }

    @Test
    void noListsGiveAnEmptyArray() {
        assertThat(fingerprint("select * from t where a = 1").collapsedListLengths()).isEmpty();
        assertThat(fingerprint("").collapsedListLengths()).isEmpty();
    }

    @Test
    void singleItemsAndUnequalItemsAreNotCollapsedAndNotCounted() {
        assertThat(fingerprint("select * from t where a in (1) and b in (1, f(2))").collapsedListLengths()).isEmpty();
        assertThat(fingerprint("insert into t values (1, 2)").collapsedListLengths()).isEmpty();
        assertThat(fingerprint("insert into t values (1, 2), (3, now())").collapsedListLengths()).isEmpty();
    }

    @Test
    void arraysAndBatchPaddingCount() {
        assertThat(fingerprint("select * from t where a = any (array[1, 2, 3]) and b in (?, ?, null)").collapsedListLengths())
                .containsExactly(3, 3);
    }

    @Test
    void subqueriesAreNotLists() {
        SqlFingerprint fingerprint = fingerprint("select * from t where a in (select b from u where c in (1, 2))");
        assertThat(fingerprint.template()).isEqualTo("select * from t where a in (select b from u where c in (?))");
        assertThat(fingerprint.collapsedListLengths()).containsExactly(2);
    }

    @Test
    void listsInsideCutItemsAreNotCounted() {
        // The second row and its IN list are cut: only the lists still in the template are counted.
        SqlFingerprint fingerprint = fingerprint(
                "insert into t values ((select 1 where a in (1, 2))), ((select 1 where a in (3, 4, 5)))");
        assertThat(fingerprint.template()).isEqualTo("insert into t values ((select ? where a in (?)))");
        assertThat(fingerprint.collapsedListLengths()).containsExactly(2, 2);
    }

    @Test
    void nestedListsAreCountedOuterFirst() {
        SqlFingerprint fingerprint = fingerprint("select array[array[1, 2], array[3, 4], array[5, 6]]");
        assertThat(fingerprint.template()).isEqualTo("select array[array[?]]");
        assertThat(fingerprint.collapsedListLengths()).containsExactly(3, 2);
    }

    @Test
    void theArrayIsACopy() {
        SqlFingerprint fingerprint = fingerprint("select * from t where a in (1, 2)");
        fingerprint.collapsedListLengths()[0] = 99;
        assertThat(fingerprint.collapsedListLengths()).containsExactly(2);
    }
}
