package io.queryhound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The public face of fingerprinting, as users call it. */
class SqlFingerprintTest {

    @Test
    void statementsThatDifferOnlyInValuesShareOneFingerprint() {
        SqlFingerprint a = SqlFingerprint.of("SELECT * FROM orders WHERE customer_id = 42 AND id IN (1, 2, 3)");
        SqlFingerprint b = SqlFingerprint.of("select *\n  from orders\n where customer_id = ? and id in (?) -- by id");
        assertThat(a.template()).isEqualTo("select * from orders where customer_id = ? and id in (?)");
        assertThat(b.template()).isEqualTo(a.template());
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(a.collapsedListLengths()).containsExactly(3);
        assertThat(b.collapsedListLengths()).isEmpty();
    }

    @Test
    void theIdIsSixteenHexDigitsOfTheLongId() {
        SqlFingerprint fingerprint = SqlFingerprint.of("select 1");
        assertThat(fingerprint.id()).matches("[0-9a-f]{16}");
        assertThat(Long.parseUnsignedLong(fingerprint.id(), 16)).isEqualTo(fingerprint.idAsLong());
    }

    @Test
    void differentStatementsDiffer() {
        assertThat(SqlFingerprint.of("select * from orders where id = 1"))
                .isNotEqualTo(SqlFingerprint.of("select * from customers where id = 1"));
        assertThat(SqlFingerprint.of("select * from t where a - 1 > 0"))
                .isNotEqualTo(SqlFingerprint.of("select * from t where a > 0"));
    }

    @Test
    void theDialectDecidesWhatAQuoteMeans() {
        assertThat(SqlFingerprint.of("select \"Name\" from t", SqlDialect.POSTGRESQL).template())
                .isEqualTo("select \"Name\" from t");
        assertThat(SqlFingerprint.of("select \"Name\" from t", SqlDialect.MYSQL).template())
                .isEqualTo("select ? from t");
        assertThat(SqlFingerprint.of("select \"Name\" from t", null).template())
                .isEqualTo("select \"Name\" from t");
    }

    @Test
    void kindIsRead() {
        assertThat(SqlFingerprint.of("/* app */ INSERT INTO t VALUES (1)").kind()).isEqualTo(StatementKind.INSERT);
        assertThat(SqlFingerprint.of("INSERT INTO t VALUES (1)").kind().isWrite()).isTrue();
    }

    @Test
    void nullAndGarbageNeverThrow() {
        assertThat(SqlFingerprint.of(null).template()).isEmpty();
        assertThat(SqlFingerprint.of(null).kind()).isEqualTo(StatementKind.OTHER);
        assertThat(SqlFingerprint.of("select 'unterminated").template()).isEqualTo("select ?");
        assertThat(SqlFingerprint.of("\u0000\ud800$$").template()).isNotNull();
    }

    @Test
    void repeatedStatementsComeFromTheCache() {
        String sql = "select * from t where id = 7";
        assertThat(SqlFingerprint.of(sql)).isSameAs(SqlFingerprint.of(sql));
    }

    @Test
    void toStringShowsIdKindTemplateAndLists() {
        assertThat(SqlFingerprint.of("select * from t where a in (1, 2)").toString())
                .matches("[0-9a-f]{16} SELECT select \\* from t where a in \\(\\?\\) lists=\\[2\\]");
    }
}
