package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintIdTest {

    /**
     * Ids are stored and compared across JVMs, machines and releases (findings from many instances
     * are grouped by them). These values must never change between runs or releases unless
     * Fingerprinter.RULES_VERSION is bumped along with them.
     */
    @ParameterizedTest(name = "{0} <- \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "7a96ee103a51e16e|``",
        "2d8c63e610878fa1|select * from orders where customer_id = ?",
        "8fe10e4791a78731|insert into t values (?)",
        "1eb503324931369d|select naïve, \"Straße\" from café where name = ?",
        "971c94202e6b7525|{call refresh_totals(?, ?)}",
        "973d6b39ba26d32f|select ?::jsonb ?? ?",
        "d73d51eb0a9b39bd|select ? as \"\ud83d\ude00\"",
    })
    void pinnedIds(String id, String template) {
        assertThat(Fingerprinter.hex(Fingerprinter.id(template == null ? "" : template))).isEqualTo(id);
    }

    @Test
    void theIdIsOfTheTemplate() {
        assertThat(Fingerprinter.fingerprint("SELECT * FROM orders WHERE customer_id = 42", SqlDialect.GENERIC).id())
                .isEqualTo("2d8c63e610878fa1");
        assertThat(Fingerprinter.fingerprint(null, SqlDialect.GENERIC).id()).isEqualTo("7a96ee103a51e16e");
    }

    @Test
    void hexIsSixteenLowerCaseDigitsZeroPadded() {
        assertThat(Fingerprinter.hex(0)).isEqualTo("0000000000000000");
        assertThat(Fingerprinter.hex(0xabcL)).isEqualTo("0000000000000abc");
        assertThat(Fingerprinter.hex(-1)).isEqualTo("ffffffffffffffff");
        assertThat(Fingerprinter.hex(0x0123456789abcdefL)).isEqualTo("0123456789abcdef");
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            long id = random.nextLong();
            assertThat(Fingerprinter.hex(id)).isEqualTo(String.format("%016x", id));
        }
    }

    /** The hash encodes UTF-8 on the fly; it must agree with the JDK's encoder on every string. */
    @Test
    void theStreamingUtf8EncodingMatchesTheJdk() {
        Random random = new Random(8);
        for (int i = 0; i < 5_000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int c = 0; c < chars.length; c++) {
                int kind = random.nextInt(4);
                chars[c] = (char) (kind == 0 ? random.nextInt(0x80) : kind == 1 ? random.nextInt(0x800)
                        : kind == 2 ? 0xD800 + random.nextInt(0x800) : random.nextInt(0x10000));
            }
            String text = new String(chars);
            assertThat(Fingerprinter.id(text)).as("id of %s", text).isEqualTo(referenceId(text));
        }
    }

    @Test
    void distinctTemplatesGetDistinctIds() {
        Map<Long, String> seen = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            String template = "select * from t where c" + i + " = ?";
            String previous = seen.put(Fingerprinter.id(template), template);
            assertThat(previous).as("collision with %s", template).isNull();
        }
        // Never truncated: statements that differ only after 1,024 bytes still differ.
        String prefix = "select " + "a, ".repeat(2_000);
        assertThat(Fingerprinter.id(prefix + "b")).isNotEqualTo(Fingerprinter.id(prefix + "c"));
    }

    /** The same algorithm written the plain way: FNV-1a over getBytes(UTF_8), then the finalizer. */
    private static long referenceId(String template) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (Fingerprinter.RULES_VERSION + template).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 32;
        h *= 0xd6e8feb86659fd93L;
        h ^= h >>> 32;
        h *= 0xd6e8feb86659fd93L;
        h ^= h >>> 32;
        return h;
    }
}
