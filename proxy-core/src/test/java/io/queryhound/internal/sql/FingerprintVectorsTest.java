package io.queryhound.internal.sql;

import io.queryhound.SqlFingerprint;
import io.queryhound.internal.sql.FingerprintVectors.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lexer's rules as data: a new bug becomes a new row in one of the two vector files. */
class FingerprintVectorsTest {

    static List<Vector> shared() {
        return FingerprintVectors.load("/sql/fingerprint-vectors.tsv");
    }

    static List<Vector> queryhound() {
        return FingerprintVectors.load("/sql/fingerprint-vectors-queryhound.tsv");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shared")
    void sharedVectors(Vector vector) {
        assertTemplate(vector);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queryhound")
    void queryhoundVectors(Vector vector) {
        assertTemplate(vector);
    }

    @Test
    void bothFilesHaveTheirRows() {
        assertThat(shared()).hasSize(56);
        assertThat(queryhound()).hasSizeGreaterThanOrEqualTo(40);
    }

    private static void assertTemplate(Vector vector) {
        SqlFingerprint fingerprint = Fingerprinter.fingerprintUnguarded(vector.input(), vector.dialect());
        assertThat(fingerprint.template())
                .as("template of %s (%s)", vector, vector.source())
                .isEqualTo(vector.expected());
    }
}
