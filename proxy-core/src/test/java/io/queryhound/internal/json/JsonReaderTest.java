package io.queryhound.internal.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.queryhound.internal.export.JsonLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The reader as a table of JSON texts and what they read as; a new bug becomes a new row. */
class JsonReaderTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    static Stream<Arguments> valid() {
        return Stream.of(
                // literals
                arguments("null", null),
                arguments("true", true),
                arguments("false", false),
                // integers: Long while they fit, then Double
                arguments("0", 0L),
                arguments("-0", 0L),
                arguments("42", 42L),
                arguments("-17", -17L),
                arguments("9223372036854775807", Long.MAX_VALUE),
                arguments("-9223372036854775808", Long.MIN_VALUE),
                arguments("9223372036854775808", 9.223372036854775808e18),
                // fractions and exponents are Double
                arguments("1.5", 1.5),
                arguments("-0.25", -0.25),
                arguments("13.459", 13.459),
                arguments("1e3", 1000.0),
                arguments("1E+2", 100.0),
                arguments("2.5e-3", 0.0025),
                arguments("-1.0E2", -100.0),
                // strings and every escape
                arguments("\"\"", ""),
                arguments("\"select name from customer where id = ?\"", "select name from customer where id = ?"),
                arguments("\"a\\\"b\"", "a\"b"),
                arguments("\"\\\\ \\/ \\b \\f \\n \\r \\t\"", "\\ / \b \f \n \r \t"),
                arguments("\"\\u00e9t\\u00C9\"", "\u00e9t\u00c9"),
                arguments("\"\\u0000\\u001f\\u2028\"", "\u0000\u001f\u2028"),
                arguments("\"\\ud83d\\ude00 ok\"", "\ud83d\ude00 ok"),
                arguments("\"\ud83d\ude00 \u2014 raw\"", "\ud83d\ude00 \u2014 raw"),
                arguments("\"\\ufffd\"", "\ufffd"),
                // containers
                arguments("[]", List.of()),
                arguments("{}", Map.of()),
                arguments("[1,\"a\",null,true,2.5]", Arrays.asList(1L, "a", null, true, 2.5)),
                arguments("{\"a\":{\"b\":[1,{\"c\":[]}]}}", Map.of("a", Map.of("b", List.of(1L, Map.of("c", List.of()))))),
                arguments("[[[]]]", List.of(List.of(List.of()))),
                arguments("{\"callSite\":null}", mapOf("callSite", null)),
                // whitespace allowed between every token
                arguments(" \t\r\n{ \"a\" : 1 , \"b\" : [ 2 , 3 ] }\n ", Map.of("a", 1L, "b", List.of(2L, 3L))),
                // a repeated name keeps its last value
                arguments("{\"a\":1,\"a\":2}", Map.of("a", 2L)));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("", "unexpected end of input, expected a value at character 0"),
                arguments("   ", "unexpected end of input"),
                arguments("{", "expected a member name in double quotes, found the end of input at character 1"),
                arguments("[", "unexpected end of input"),
                arguments("{\"a\":1", "expected ',' or '}' in an object, found the end of input"),
                arguments("{\"a\":1,}", "expected a member name in double quotes at character 7"),
                arguments("{a:1}", "expected a member name in double quotes at character 1"),
                arguments("{\"a\" 1}", "expected ':' at character 5"),
                arguments("{\"a\":1 \"b\":2}", "expected ',' or '}' in an object at character 7"),
                arguments("[1,]", "unexpected ']', expected a value at character 3"),
                arguments("[1 2]", "expected ',' or ']' in an array at character 3"),
                arguments("'a'", "unexpected ''', expected a value"),
                arguments("\"abc", "unterminated string"),
                arguments("\"a\\x\"", "unknown escape '\\x' at character 3"),
                arguments("\"a\\", "unterminated escape"),
                arguments("\"\\u12\"", "incomplete \\u escape"),
                arguments("\"\\u12G4\"", "invalid hex digit 'G' in a \\u escape"),
                arguments("\"tab\there\"", "unescaped control character U+0009 in a string at character 4"),
                arguments("\"line\nbreak\"", "unescaped control character U+000A"),
                arguments("01", "leading zero in a number at character 1"),
                arguments("-", "expected a digit, found the end of input"),
                arguments("-a", "expected a digit at character 1"),
                arguments("+1", "unexpected '+', expected a value"),
                arguments(".5", "unexpected '.', expected a value"),
                arguments("1.", "expected a digit after the decimal point"),
                arguments("1.e3", "expected a digit after the decimal point"),
                arguments("1e", "expected a digit in the exponent"),
                arguments("1e+", "expected a digit in the exponent"),
                arguments("tru", "unexpected 't', expected a value"),
                arguments("nul", "unexpected 'n', expected a value"),
                arguments("True", "unexpected 'T', expected a value"),
                arguments("NaN", "unexpected 'N', expected a value"),
                arguments("Infinity", "unexpected 'I', expected a value"),
                arguments("{} {}", "unexpected '{' after the value at character 3"),
                arguments("1 2", "unexpected '2' after the value"),
                arguments("2026-11-21 15:32:24 INFO started", "unexpected '-' after the value at character 4"),
                arguments("{\"schema\":1,\"record\":\"finding\"", "expected ',' or '}' in an object, found the end of input"),
                arguments("[".repeat(JsonReader.MAX_DEPTH + 1), "nested deeper than 256 levels at character 256"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valid")
    void readsValidJson(String json, Object expected) {
        assertThat(JsonReader.parse(json)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valid")
    void readsWhatJacksonReads(String json, Object ignored) throws Exception {
        assertThat(JsonReader.parse(json)).isEqualTo(normalise(JACKSON.readValue(json, Object.class)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void refusesMalformedJsonSayingWhereAndWhy(String json, String message) {
        assertThatThrownBy(() -> JsonReader.parse(json))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining(message);
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        int depth = JsonReader.MAX_DEPTH;
        Object value = JsonReader.parse("[".repeat(depth) + "]".repeat(depth));
        for (int level = 1; level < depth; level++) {
            assertThat(value).isInstanceOf(List.class);
            value = ((List<?>) value).get(0);
        }
        assertThat(value).isEqualTo(List.of());
    }

    @Test
    void aRepeatedNameKeepsItsLastValueUnlessNamesMustBeUnique() {
        String json = "{\"plan\": 1, \"plan\": 2}";

        assertThat(JsonReader.parse(json)).isEqualTo(Map.of("plan", 2L));
        assertThatThrownBy(() -> JsonReader.parse(json, JsonReader.MAX_DEPTH, true))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("duplicate member \"plan\" at character 21")
                .satisfies(e -> assertThat(((MalformedJsonException) e).reason()).isEqualTo("duplicate member \"plan\""));
    }

    @Test
    void aLowerNestingLimitIsKept() {
        assertThat(JsonReader.parse("[[[]]]", 3, false)).isEqualTo(List.of(List.of(List.of())));
        assertThatThrownBy(() -> JsonReader.parse("[[[[]]]]", 3, false))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("nested deeper than 3 levels at character 3");
    }

    @Test
    void objectsKeepTheOrderOfTheirMembers() {
        Object value = JsonReader.parse("{\"schema\":1,\"record\":\"finding\",\"type\":\"N_PLUS_ONE\",\"count\":3}");
        assertThat(new ArrayList<Object>(((Map<?, ?>) value).keySet())).containsExactly("schema", "record", "type", "count");
    }

    @Test
    void readsBackEveryCharacterThatProxyCoreWrites() {
        // QueryHound's own writer against this reader: every BMP character, escaped or not.
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MIN_SURROGATE; c++) {
            all.append(c);
        }
        for (char c = (char) (Character.MAX_SURROGATE + 1); c != 0; c++) {
            all.append(c);
        }
        all.append("\ud83d\ude00");
        String text = all.toString();
        String line = new JsonLine().field("sql", text).field("count", 7).millis("totalMillis", 13.459).build();

        assertThat(JsonReader.parse(line)).isEqualTo(Map.of("sql", text, "count", 7L, "totalMillis", 13.459));
    }

    @Test
    void aLoneSurrogateWrittenByProxyCoreReadsAsTheReplacementCharacter() {
        String line = new JsonLine().field("sql", "a\ud800b").build();
        assertThat(JsonReader.parse(line)).isEqualTo(Map.of("sql", "a\ufffdb"));
    }

    @Test
    void thePositionPointsAtTheFirstCharacterThatIsNotJson() {
        assertThatThrownBy(() -> JsonReader.parse("{\"count\":12x}"))
                .isInstanceOfSatisfying(MalformedJsonException.class,
                        e -> assertThat(e.position()).isEqualTo(11));
    }

    /** Jackson's numbers as this reader types them: whole numbers Long (or Double beyond), the rest Double. */
    private static Object normalise(Object jackson) {
        if (jackson instanceof Integer) {
            return ((Integer) jackson).longValue();
        }
        if (jackson instanceof BigInteger) {
            return ((BigInteger) jackson).doubleValue();
        }
        if (jackson instanceof List) {
            List<Object> list = new ArrayList<>();
            for (Object item : (List<?>) jackson) {
                list.add(normalise(item));
            }
            return list;
        }
        if (jackson instanceof Map) {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) jackson).entrySet()) {
                map.put(entry.getKey(), normalise(entry.getValue()));
            }
            return map;
        }
        return jackson;
    }

    private static Map<String, Object> mapOf(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }
}
