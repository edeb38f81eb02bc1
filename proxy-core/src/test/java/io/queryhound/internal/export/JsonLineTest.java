package io.queryhound.internal.export;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every line QueryHound writes must parse as JSON whatever the SQL contains. Each output here is
 * encoded to UTF-8 strictly (a lone surrogate would fail) and parsed back with Jackson, which
 * rejects unescaped control characters.
 */
class JsonLineTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    // ---------------------------------------------------------------- escaping

    @Test
    void quotesAndBackslashesAreEscaped() throws IOException {
        String value = "say \"hi\" to C:\\temp\\ and \\\"";
        String line = new JsonLine().field("s", value).build();

        assertThat(line).isEqualTo("{\"s\":\"say \\\"hi\\\" to C:\\\\temp\\\\ and \\\\\\\"\"}");
        assertThat(parse(line).get("s").textValue()).isEqualTo(value);
    }

    @Test
    void newlineTabAndCarriageReturnUseTheirShortEscapes() throws IOException {
        String value = "select *\n\tfrom t\r\nwhere x = 1";
        String line = new JsonLine().field("sql", value).build();

        assertThat(line).isEqualTo("{\"sql\":\"select *\\n\\tfrom t\\r\\nwhere x = 1\"}");
        assertThat(parse(line).get("sql").textValue()).isEqualTo(value);
    }

    @Test
    void everyControlCharacterAndDeleteAreEscaped() throws IOException {
        List<Character> characters = new ArrayList<>();
        for (char c = 0; c < 0x20; c++) {
            characters.add(c);
        }
        characters.add((char) 0x7f);
        for (char c : characters) {
            String value = "a" + c + "b";
            String line = new JsonLine().field("s", value).build();

            assertThat(line.chars().filter(ch -> ch < 0x20 || ch == 0x7f))
                    .as("raw control characters in %s for U+%04X", line, (int) c).isEmpty();
            String expectedEscape = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> String.format("\\u%04x", (int) c);
            };
            assertThat(line).as("U+%04X", (int) c).isEqualTo("{\"s\":\"a" + expectedEscape + "b\"}");
            assertThat(parse(line).get("s").textValue()).as("U+%04X", (int) c).isEqualTo(value);
        }
    }

    @Test
    void lineAndParagraphSeparatorsAreEscaped() throws IOException {
        // Valid JSON either way, but JavaScript before ES2019 and some log shippers split lines on them.
        String value = "a\u2028b\u2029c";
        String line = new JsonLine().field("s", value).build();

        assertThat(line).isEqualTo("{\"s\":\"a\\u2028b\\u2029c\"}");
        assertThat(parse(line).get("s").textValue()).isEqualTo(value);
    }

    @Test
    void validSurrogatePairsAreKept() throws IOException {
        String value = "select '\uD83D\uDC36 hound \uD83D\uDD0D' -- \uD834\uDD1E \uDBFF\uDFFF";
        String line = new JsonLine().field("s", value).build();

        assertThat(line).isEqualTo("{\"s\":\"" + value + "\"}");
        assertThat(parse(line).get("s").textValue()).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // input (with escapes decoded below) | expected output value
            "a\\uD83Db        | a\uFFFDb",
            "a\\uDC36b        | a\uFFFDb",
            "\\uD83D          | \uFFFD",
            "\\uDC36          | \uFFFD",
            "x\\uDC36\\uD83D  | x\uFFFD\uFFFD",
            "\\uD83D\\uD83D\\uDC36 | \uFFFD\uD83D\uDC36",
            "\\uD83D\\uDC36\\uDC36 | \uD83D\uDC36\uFFFD",
            "\\uD83D\"        | \uFFFD\"",
    })
    void loneSurrogatesBecomeTheReplacementCharacter(String escapedInput, String expected) throws IOException {
        String value = unescape(escapedInput.trim());
        String line = new JsonLine().field("s", value).build();

        assertThat(hasLoneSurrogate(line)).as(line).isFalse();
        assertThat(parse(line).get("s").textValue()).isEqualTo(expected.trim());
    }

    @Test
    void fieldNamesAreEscapedToo() throws IOException {
        String name = "we\"ird\n\\name\u0000\uD800";
        String line = new JsonLine().field(name, "v").build();

        JsonNode node = parse(line);
        assertThat(node.size()).isEqualTo(1);
        assertThat(node.fieldNames().next()).isEqualTo("we\"ird\n\\name\u0000\uFFFD");
    }

    @Test
    void emptyAndNullStringsAreDistinct() throws IOException {
        JsonNode node = parse(new JsonLine().field("empty", "").field("absent", (String) null).build());

        assertThat(node.get("empty").isTextual()).isTrue();
        assertThat(node.get("empty").textValue()).isEmpty();
        assertThat(node.get("absent").isNull()).isTrue();
    }

    @Test
    void emptyObject() throws IOException {
        assertThat(new JsonLine().build()).isEqualTo("{}");
        assertThat(parse("{}").size()).isZero();
    }

    @Test
    void everyFieldKindRoundTripsInOrder() throws IOException {
        String nested = new JsonLine().field("inner", "x\"y").field("n", 3).build();
        String line = new JsonLine()
                .field("schema", 1)
                .field("sql", "select ? from \"Orders\"")
                .field("count", Long.MAX_VALUE)
                .field("negative", Long.MIN_VALUE)
                .field("flag", true)
                .field("off", false)
                .millis("p50Millis", 12.3456)
                .raw("nested", nested)
                .raw("list", "[1,2,3]")
                .build();

        assertThat(line).doesNotContain("\n");
        JsonNode node = parse(line);
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("schema", "sql", "count", "negative", "flag", "off", "p50Millis", "nested",
                "list");
        assertThat(node.get("schema").isIntegralNumber()).isTrue();
        assertThat(node.get("schema").longValue()).isEqualTo(1);
        assertThat(node.get("sql").textValue()).isEqualTo("select ? from \"Orders\"");
        assertThat(node.get("count").longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(node.get("negative").longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(node.get("flag").isBoolean()).isTrue();
        assertThat(node.get("flag").booleanValue()).isTrue();
        assertThat(node.get("off").booleanValue()).isFalse();
        assertThat(node.get("p50Millis").decimalValue()).isEqualByComparingTo("12.346");
        assertThat(node.get("nested").get("inner").textValue()).isEqualTo("x\"y");
        assertThat(node.get("nested").get("n").intValue()).isEqualTo(3);
        assertThat(node.get("list").size()).isEqualTo(3);
    }

    @Test
    void stringHelperAppendsOneLiteral() throws IOException {
        StringBuilder out = new StringBuilder("[");
        JsonLine.string(out, "a\"b");
        out.append(',');
        JsonLine.string(out, "\u0001");
        out.append(']');

        assertThat(out.toString()).isEqualTo("[\"a\\\"b\",\"\\u0001\"]");
        JsonNode array = JSON.readTree(out.toString());
        assertThat(array.get(0).textValue()).isEqualTo("a\"b");
        assertThat(array.get(1).textValue()).isEqualTo("\u0001");
    }

    // ---------------------------------------------------------------- millis

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({
            "0,            0.000",
            "0.0,          0.000",
            "1,            1.000",
            "0.05,         0.050",
            "0.001,        0.001",
            "0.0004,       0.000",
            "0.0005,       0.001",
            "0.0015,       0.002",
            "1.2345,       1.235",
            "1.2344,       1.234",
            "1.0005,       1.001",
            "12.3456,      12.346",
            "99.9999,      100.000",
            "999.9995,     1000.000",
            "123.4,        123.400",
            "86400000,     86400000.000",
            "123456789.123, 123456789.123",
            "9223372036.854, 9223372036.854",
            "1000000000000, 1000000000000.000",
    })
    void millisHaveExactlyThreeDecimalsRoundedHalfUp(double millis, String expected) throws IOException {
        String line = new JsonLine().millis("m", millis).build();

        assertThat(line).isEqualTo("{\"m\":" + expected + "}");
        JsonNode node = parse(line);
        assertThat(node.get("m").isNumber()).isTrue();
        assertThat(node.get("m").decimalValue()).isEqualByComparingTo(new BigDecimal(expected));
    }

    @Test
    void millisOfEveryWholeNumberOfMicrosecondsIsExact() throws IOException {
        // What the statistics write: microsecond counts divided by 1000.0 and nanosecond sums by 1e6.
        Random random = new Random(20240611L);
        for (int i = 0; i < 10_000; i++) {
            long micros = i < 2_000 ? i : (random.nextLong() >>> 20);
            String line = new JsonLine().millis("m", micros / 1000.0).build();
            BigDecimal expected = BigDecimal.valueOf(micros).movePointLeft(3);
            assertThat(parse(line).get("m").decimalValue()).as(line).isEqualByComparingTo(expected);
            assertThat(line).as(line).matches("\\{\"m\":\\d+\\.\\d{3}}");
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.0, -0.0004, -1.5, -1234.5678})
    void negativeMillisStillParse(double millis) throws IOException {
        String line = new JsonLine().millis("m", millis).build();

        BigDecimal parsed = parse(line).get("m").decimalValue();
        assertThat(parsed.doubleValue()).isCloseTo(millis, org.assertj.core.data.Offset.offset(0.0005));
        assertThat(line).matches("\\{\"m\":-?\\d+\\.\\d{3}}");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
            -Double.MAX_VALUE, 1e300, -1e300, 9.3e15, -9.3e15, Double.MIN_VALUE})
    void millisOutsideAnyRealDurationStillWriteAValidNumber(double millis) throws IOException {
        // Not durations QueryHound produces, but a line must parse whatever value reaches it:
        // Math.round saturates at Long.MIN_VALUE, whose negation overflowed to "--9223372036854775.00-808".
        String line = new JsonLine().millis("m", millis).field("after", 1).build();

        assertThat(line).matches("\\{\"m\":-?\\d+\\.\\d{3},\"after\":1}");
        JsonNode node = parse(line);
        assertThat(node.get("m").isNumber()).isTrue();
        assertThat(node.get("after").intValue()).isEqualTo(1);
        if (!Double.isNaN(millis)) {
            assertThat(node.get("m").decimalValue().signum()).isEqualTo(millis <= -0.0005 ? -1 : millis >= 0.0005 ? 1 : 0);
        }
    }

    @Test
    void randomDoublesAlwaysWriteAValidNumberWithThreeDecimals() throws IOException {
        Random random = new Random(7L);
        for (int i = 0; i < 10_000; i++) {
            double millis = Double.longBitsToDouble(random.nextLong());
            String line = new JsonLine().millis("m", millis).build();
            assertThat(line).as("%s -> %s", millis, line).matches("\\{\"m\":-?\\d+\\.\\d{3}}");
            parse(line);
        }
    }

    // ---------------------------------------------------------------- randomized

    @Test
    void randomStringsAlwaysProduceValidJsonThatRoundTrips() throws IOException {
        Random random = new Random(0x5EED_CAFEL);
        for (int i = 0; i < 5_000; i++) {
            String name = randomString(random, random.nextInt(8));
            String value = randomString(random, random.nextInt(80));
            String line = new JsonLine().field(name, value).field("n", i).build();

            assertThat(line).doesNotContain("\n").doesNotContain("\r");
            assertThat(hasLoneSurrogate(line)).as("lone surrogate in output for input %s", codePoints(value))
                    .isFalse();
            JsonNode node = parse(line);
            Iterator<String> names = node.fieldNames();
            String parsedName = names.next();
            String expectedName = replaceLoneSurrogates(name);
            if (!expectedName.equals("n")) {
                assertThat(parsedName).as("name of %s", codePoints(name)).isEqualTo(expectedName);
                assertThat(node.get(parsedName).textValue()).as("value of %s", codePoints(value))
                        .isEqualTo(replaceLoneSurrogates(value));
                assertThat(node.get("n").longValue()).isEqualTo(i);
            }
        }
    }

    /** Mostly the characters that are hard for JSON: controls, quotes, backslashes, surrogates. */
    private static String randomString(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            char c;
            switch (pick) {
                case 0 -> c = (char) random.nextInt(0x20);
                case 1 -> c = "\"\\/\u007f\u2028\u2029\ufffd\ufeff".charAt(random.nextInt(8));
                case 2 -> c = (char) (0xD800 + random.nextInt(0x400)); // high surrogate
                case 3 -> c = (char) (0xDC00 + random.nextInt(0x400)); // low surrogate
                case 4, 5 -> c = (char) (0x20 + random.nextInt(0x60));
                default -> c = (char) random.nextInt(0x10000);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String replaceLoneSurrogates(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- helpers

    /** Parses from strictly encoded UTF-8 bytes, as a reader of the output file would. */
    private static JsonNode parse(String line) throws IOException {
        byte[] utf8;
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(line));
            utf8 = new byte[encoded.remaining()];
            encoded.get(utf8);
        } catch (CharacterCodingException e) {
            throw new AssertionError("not encodable as UTF-8 (lone surrogate?): " + codePoints(line), e);
        }
        try (JsonParser parser = JSON.getFactory().createParser(utf8)) {
            JsonNode node = JSON.readTree(parser);
            assertThat(node).as("parsed %s", line).isNotNull();
            assertThat(parser.nextToken()).as("trailing content after %s", line).isNull();
            return node;
        }
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    private static String codePoints(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            out.append(String.format("U+%04X ", (int) text.charAt(i)));
        }
        return out.toString().trim();
    }
}
