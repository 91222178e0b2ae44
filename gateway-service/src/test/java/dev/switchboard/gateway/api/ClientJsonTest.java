package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.errors.ApiException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A body that is not JSON is explained in the client's terms: where, and what, never the parser's internals. */
class ClientJsonTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"model\": \"a\", x}       | body: is not valid JSON at line 1, column 16: unexpected character 'x'; expected a field name in double quotes",
            "{'model': 1}                | body: is not valid JSON at line 1, column 2: unexpected character '''; expected a field name in double quotes",
            "{\"a\" 1}                   | body: is not valid JSON at line 1, column 6: unexpected character '1'; expected ':' after a field name",
            "{\"a\":1]                   | body: is not valid JSON at line 1, column 7: unexpected character ']'",
            "{\"a\":tru}                 | body: is not valid JSON at line 1, column 10: unexpected word 'tru'; expected a value",
            "{\"a\":NaN}                 | body: is not valid JSON at line 1, column 9: unexpected word 'NaN'; expected a value",
            "{\"a\":01}                  | body: is not valid JSON at line 1, column 7: invalid number",
            "{\"a\":\"\\q\"}             | body: is not valid JSON at line 1, column 8: invalid escape sequence in a string",
            "{/* note */}                | body: is not valid JSON at line 1, column 2: unexpected character '/'; comments are not allowed",
            "{\"a\":                     | body: is not valid JSON at line 1, column 6: unexpected end of input",
            "{\"a\":\"b                  | body: is not valid JSON at line 1, column 8: unexpected end of input",
            "{\"a\":1} trailing          | body: has content after the JSON value",
            "{\"a\":1} {}                | body: has content after the JSON value",
            "{\"a\":1},                  | body: has content after the JSON value"})
    void explains_where_and_what(String body, String message) {
        assertProblem(body.getBytes(StandardCharsets.UTF_8), message);
    }

    @Test
    void explains_control_characters_and_bad_utf8_without_echoing_them() {
        assertProblem("{\"a\":\"x\u0001\"}".getBytes(StandardCharsets.UTF_8),
                "body: is not valid JSON at line 1, column 8: a control character (U+0001) must be escaped in a string");
        assertProblem(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                "body: is not valid JSON at line 1, column 9: invalid UTF-8");
        assertProblem(new byte[] {(byte) 0xFF, '{', '}'}, "body: is not valid JSON at line 1, column 3: unexpected character U+00FF; expected a value");
        assertProblem("{\"a\":1,\n  \"b\": x}".getBytes(StandardCharsets.UTF_8),
                "body: is not valid JSON at line 2, column 10: unexpected word 'x'; expected a value");
    }

    @Test
    void names_the_parsers_limits_in_the_clients_terms() {
        assertProblem("[".repeat(1001).getBytes(StandardCharsets.UTF_8), "body: nests deeper than 1000 levels");
        assertProblem(("{\"a\":" + "1".repeat(1001) + "}").getBytes(StandardCharsets.UTF_8), "body: a number has more than 1000 digits");

        ObjectMapper small = JsonMapper.builder(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(10).maxNameLength(5).build()).build()).build();
        assertThat(problem(small, "{\"a\":\"" + "x".repeat(11) + "\"}")).isEqualTo("a string is longer than 10 characters");
        assertThat(problem(small, "{\"abcdef\":1}")).isEqualTo("a field name is longer than 5 characters");
    }

    @Test
    void never_leaks_the_parsers_internals() {
        for (String body : new String[] {"{\"a\":1]", "{\"a\":NaN}", "{/* c */}", "{\"a\":", "{\"a\":1} x", "[".repeat(2000)}) {
            assertThatThrownBy(() -> ClientJson.parse(body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                            .doesNotContain("`", "Source", "REDACTED", "Feature", "StreamReadConstraints", "code ", "(CTRL-CHAR"));
        }
    }

    @Test
    void an_empty_or_blank_body_has_no_value() {
        assertThat(ClientJson.parse(new byte[0])).isNull();
        assertThat(ClientJson.parse(" \n ".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(ClientJson.parse(" {\"a\": [1]} \n".getBytes(StandardCharsets.UTF_8)).toString()).isEqualTo("{\"a\":[1]}");
    }

    private static void assertProblem(byte[] body, String message) {
        assertThatThrownBy(() -> ClientJson.parse(body)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.metadata()).containsEntry("field", "body");
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static String problem(ObjectMapper mapper, String body) {
        try {
            mapper.readTree(body);
            throw new AssertionError("parsed: " + body);
        } catch (JsonProcessingException e) {
            return ClientJson.problem(e, mapper.getFactory().streamReadConstraints());
        }
    }
}
