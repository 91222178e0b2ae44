package dev.switchboard.gateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.api.InboundChatRequest;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Reasoning;
import dev.switchboard.gateway.canonical.ResponseFormat;
import dev.switchboard.gateway.canonical.Role;
import dev.switchboard.gateway.canonical.Sampling;
import dev.switchboard.gateway.canonical.ToolChoice;
import dev.switchboard.gateway.routing.ProviderPreferences;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiChatRequestReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final OpenAiChatRequestReader reader = new OpenAiChatRequestReader();

    @Test
    void maps_a_full_request_with_tools_images_json_schema_provider_and_models() {
        InboundChatRequest inbound = reader.read(bytes("""
                {"model":"openai/gpt-4o","models":["openai/gpt-4o","anthropic/claude-sonnet-4.5"],
                 "messages":[
                   {"role":"developer","content":"Be brief."},
                   {"role":"user","name":"ann","content":[{"type":"text","text":"What is this?"},
                     {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
                     {"type":"image_url","image_url":"https://example.com/a.jpg"}]},
                   {"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"lookup","arguments":"{\\"q\\":\\"cat\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"a cat"}]},
                   {"role":"tool","tool_call_id":"call_unknown","content":"?"}],
                 "tools":[{"type":"function","function":{"name":"lookup","description":"Search",
                   "parameters":{"type":"object","properties":{"q":{"type":"string"}}},"strict":true}}],
                 "tool_choice":{"type":"function","function":{"name":"lookup"}},"parallel_tool_calls":false,
                 "temperature":0.7,"top_p":1,"top_k":40,"frequency_penalty":0.1,"presence_penalty":-0.1,
                 "repetition_penalty":1.1,"seed":42,"max_tokens":100,"max_completion_tokens":200,"stop":"END",
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
                   "schema":{"type":"object"}}},
                 "reasoning":{"max_tokens":2000,"exclude":true},"reasoning_effort":"high",
                 "logit_bias":{"50256":-100},"logprobs":true,"top_logprobs":2,"user":"u-1","stream":true,
                 "provider":{"order":["openai","azure"],"only":["openai","azure","together"],"ignore":["deepinfra"],
                   "allow_fallbacks":false,"require_parameters":true,"data_collection":"deny",
                   "quantizations":["fp8","bf16"],"sort":"throughput",
                   "max_price":{"prompt":1.25,"completion":"10","request":0}}}"""));
        ChatRequest chat = inbound.chat();

        assertThat(chat.model()).isEqualTo("openai/gpt-4o");
        assertThat(inbound.routing().models()).as("the fallbacks after the model").containsExactly("anthropic/claude-sonnet-4.5");
        assertThat(chat.stream()).isTrue();
        assertThat(chat.messages()).containsExactly(
                Message.of(Role.SYSTEM, "Be brief."),
                new Message(Role.USER, List.of(new ContentPart.Text("What is this?"),
                        new ContentPart.Image("data:image/png;base64,iVBORw0KGgo=", "low"),
                        new ContentPart.Image("https://example.com/a.jpg", null)), "ann"),
                new Message(Role.ASSISTANT, List.of(new ContentPart.ToolUse("call_1", "lookup", "{\"q\":\"cat\"}")), null),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_1", "lookup", "a cat", false)), null),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_unknown", null, "?", false)), null));
        assertThat(chat.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("lookup");
            assertThat(t.description()).isEqualTo("Search");
            assertThat(t.parameters().get("type").asText()).isEqualTo("object");
            assertThat(t.strict()).isTrue();
        });
        assertThat(chat.toolChoice()).isEqualTo(ToolChoice.function("lookup"));
        assertThat(chat.parallelToolCalls()).isFalse();
        assertThat(chat.sampling()).isEqualTo(new Sampling(0.7, 1.0, 40, 0.1, -0.1, 1.1, 42L));
        assertThat(chat.maxTokens()).isEqualTo(200);
        assertThat(chat.stop()).containsExactly("END");
        assertThat(chat.responseFormat().type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
        assertThat(chat.responseFormat().name()).isEqualTo("answer");
        assertThat(chat.responseFormat().strict()).isTrue();
        assertThat(chat.responseFormat().schema().get("type").asText()).isEqualTo("object");
        assertThat(chat.reasoning()).isEqualTo(new Reasoning("high", 2000, true, null));
        assertThat(chat.extensions()).containsOnlyKeys("logit_bias", "logprobs", "top_logprobs")
                .containsEntry("logprobs", true).containsEntry("top_logprobs", 2);
        assertThat(chat.user()).isEqualTo("u-1");
        assertThat(inbound.routing().provider()).isEqualTo(new ProviderPreferences(List.of("openai", "azure"),
                List.of("openai", "azure", "together"), List.of("deepinfra"), false, true,
                ProviderPreferences.DataCollection.DENY, false, List.of("fp8", "bf16"), ProviderPreferences.Sort.THROUGHPUT, false,
                new ProviderPreferences.MaxPrice(new BigDecimal("1.25"), new BigDecimal("10"), new BigDecimal("0"))));
    }

    @Test
    void a_minimal_request_has_defaults_and_no_provider() {
        InboundChatRequest inbound = reader.read(bytes(BASE));

        assertThat(inbound.routing().provider()).isEqualTo(ProviderPreferences.NONE);
        assertThat(inbound.routing().models()).isEmpty();
        assertThat(inbound.chat().stream()).isFalse();
        assertThat(inbound.chat().sampling()).isEqualTo(Sampling.NONE);
        assertThat(inbound.chat().parametersUsed()).isEmpty();
    }

    @Test
    void takes_the_first_of_models_when_model_is_absent() {
        InboundChatRequest inbound = reader.read(with("{\"model\":null,\"models\":[\"a/one\",\"b/two\"]}"));

        assertThat(inbound.chat().model()).isEqualTo("a/one");
        assertThat(inbound.routing().models()).containsExactly("b/two");
    }

    @Test
    void accepts_and_ignores_openrouter_and_openai_extras_and_nulls() {
        InboundChatRequest inbound = reader.read(bytes("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],
                 "usage":{"include":true},"stream_options":{"include_usage":true},"transforms":["middle-out"],
                 "route":"fallback","session_id":"s-1","metadata":{"k":"v"},"service_tier":"auto","n":1,
                 "temperature":null,"stop":null,"tools":null,"tool_choice":null,"reasoning":null,"provider":{}}"""));

        assertThat(inbound.chat().parametersUsed()).isEmpty();
        assertThat(inbound.routing().provider()).isEqualTo(ProviderPreferences.NONE);
    }

    @Test
    void reads_max_tokens_stop_lists_and_reasoning_effort_alone() {
        ChatRequest chat = reader.read(with("{\"max_tokens\":64.0,\"stop\":[\"\\n\\n\",\"END\"],\"reasoning_effort\":\"low\"}")).chat();

        assertThat(chat.maxTokens()).isEqualTo(64);
        assertThat(chat.stop()).containsExactly("\n\n", "END");
        assertThat(chat.reasoning()).isEqualTo(new Reasoning("low", null, null, null));
    }

    @Test
    void a_tool_choice_of_auto_without_tools_is_dropped_and_json_object_mode_read() {
        ChatRequest chat = reader.read(with("{\"tool_choice\":\"auto\",\"parallel_tool_calls\":true,"
                + "\"response_format\":{\"type\":\"json_object\"}}")).chat();

        assertThat(chat.toolChoice()).isNull();
        assertThat(chat.parallelToolCalls()).isNull();
        assertThat(chat.responseFormat().type()).isEqualTo(ResponseFormat.Type.JSON_OBJECT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"preferred_min_throughput\":10}|provider.preferred_min_throughput",
            "{\"max_price\":{\"image\":1}}|provider.max_price.image",
            "{\"sort\":{\"by\":\"price\",\"weight\":2}}|provider.sort.weight",
            "{\"sort\":{\"partition\":\"none\"}}|provider.sort.by"})
    void refuses_a_provider_field_it_does_not_implement_naming_it(String provider, String field) {
        assertThatThrownBy(() -> reader.read(with("{\"provider\":" + provider + "}")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).contains(field).containsAnyOf("not supported", "is required");
                });
    }

    @Test
    void reads_zdr_and_the_sort_partition() {
        ProviderPreferences provider = reader.read(with("""
                {"provider":{"zdr":true,"sort":{"by":"price","partition":"none"}}}""")).routing().provider();

        assertThat(provider.zdr()).isTrue();
        assertThat(provider.sort()).isEqualTo(ProviderPreferences.Sort.PRICE);
        assertThat(provider.sortAcrossModels()).isTrue();
    }

    @Test
    void reads_the_sort_object_form_and_string_prices_exactly() {
        ProviderPreferences provider = reader.read(with("""
                {"provider":{"sort":{"by":"latency"},"max_price":{"prompt":"0.000001","completion":0.1}}}""")).routing().provider();

        assertThat(provider.sort()).isEqualTo(ProviderPreferences.Sort.LATENCY);
        assertThat(provider.maxPrice().prompt()).isEqualByComparingTo("0.000001");
        assertThat(provider.maxPrice().completion()).isEqualTo(new BigDecimal("0.1"));
        assertThat(provider.maxPrice().request()).isNull();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            // overrides merged into a valid request | field named | problem
            "{\"messages\":null}                                            | messages | is required",
            "{\"messages\":[]}                                              | messages | must not be empty",
            "{\"messages\":\"hi\"}                                          | messages | must be an array",
            "{\"messages\":[\"hi\"]}                                        | messages[0] | must be an object",
            "{\"messages\":[{\"content\":\"hi\"}]}                          | messages[0].role | is required",
            "{\"messages\":[{\"role\":\"function\",\"content\":\"x\"}]}     | messages[0].role | must be one of system, developer, user, assistant, tool",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"},{\"role\":\"user\",\"content\":7}]} | messages[2].content | must be a string or an array",
            "{\"messages\":[{\"role\":\"user\",\"content\":null}]}          | messages[0].content | is required",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"input_audio\"}]}]} | messages[0].content[1].type | input_audio is not supported",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}]} | messages[0].content[0].type | is required",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]} | messages[0].content[0].text | is required",
            "{\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]} | messages[0].content[0].type | must be text",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://x\"}}]}]} | messages[0].content[0].image_url.url | must be an http(s) URL",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png,abc\"}}]}]} | messages[0].content[0].image_url.url | base64 data URL",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x\",\"detail\":\"max\"}}]}]} | messages[0].content[0].image_url.detail | must be one of auto, low, high",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"tool\",\"content\":\"r\"}]} | messages[1].tool_call_id | is required",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\"}]} | messages[1].content | is required unless the message has tool_calls",
            "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}]} | messages[0].tool_calls[0].id | is required",
            "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\"}]}]} | messages[0].tool_calls[0].function | is required",
            "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":5}}]}]} | messages[0].tool_calls[0].function.arguments | must be a string of JSON",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"name\":5}]} | messages[0].name | must be a string",
            "{\"model\":null}                        | model | is required",
            "{\"model\":\" \"}                       | model | must not be empty",
            "{\"model\":7}                           | model | must be a string",
            "{\"models\":[\"a\",1]}                  | models[1] | must be a non-empty string",
            "{\"temperature\":\"hot\"}               | temperature | must be a number",
            "{\"temperature\":2.5}                   | temperature | must be between 0 and 2",
            "{\"top_p\":1.5}                         | top_p | must be between 0 and 1",
            "{\"top_k\":1.5}                         | top_k | must be an integer",
            "{\"frequency_penalty\":-3}              | frequency_penalty | must be between -2 and 2",
            "{\"presence_penalty\":true}             | presence_penalty | must be a number",
            "{\"repetition_penalty\":3}              | repetition_penalty | must be between 0 and 2",
            "{\"seed\":1.5}                          | seed | must be an integer",
            "{\"max_tokens\":0}                      | max_tokens | must be a positive integer",
            "{\"max_tokens\":\"100\"}                | max_tokens | must be a positive integer",
            "{\"max_tokens\":10.5}                   | max_tokens | must be a positive integer",
            "{\"max_tokens\":99999999999}            | max_tokens | must be a positive integer",
            "{\"max_completion_tokens\":-1}          | max_completion_tokens | must be a positive integer",
            "{\"stream\":\"yes\"}                    | stream | must be a boolean",
            "{\"stop\":5}                            | stop | must be a string or an array of strings",
            "{\"stop\":[\"\"]}                       | stop[0] | must be a non-empty string",
            "{\"user\":5}                            | user | must be a string",
            "{\"user\":\"a\\u0000b\"}              | user | must not contain control characters (U+0000 at character 2)",
            "{\"model\":\"openai/gpt-4o\\u0007:free\"} | model | must not contain control characters (U+0007",
            "{\"models\":[\"a/b\",\"c/d\\u007f\"]}  | models[1] | must not contain control characters (U+007F",
            "{\"metadata\":[1]}                      | metadata | must be an object",
            "{\"metadata\":{\"k\":1}}              | metadata.k | must be a string",
            "{\"metadata\":{\"k\":\"a\\u0000\"}}   | metadata.k | must not contain control characters",
            "{\"metadata\":{\"a\\u0001\":\"v\"}}   | metadata | a key must not contain control characters (U+0001",
            "{\"n\":2}                               | n | must be 1",
            "{\"functions\":[]}                      | functions | use tools",
            "{\"tools\":{}}                          | tools | must be an array",
            "{\"tools\":[{\"type\":\"function\"}]}   | tools[0].function | is required",
            "{\"tools\":[{\"type\":\"retrieval\",\"function\":{\"name\":\"f\"}}]} | tools[0].type | must be one of function",
            "{\"tools\":[{\"function\":{\"description\":\"d\"}}]} | tools[0].function.name | is required",
            "{\"tools\":[{\"function\":{\"name\":\"f\",\"parameters\":\"x\"}}]} | tools[0].function.parameters | must be an object",
            "{\"tools\":[{\"function\":{\"name\":\"f\"}}],\"parallel_tool_calls\":\"yes\"} | parallel_tool_calls | must be a boolean",
            "{\"tool_choice\":\"always\"}            | tool_choice | must be auto, none, required",
            "{\"tool_choice\":\"required\"}          | tool_choice | no tools are given",
            "{\"tools\":[{\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}} | tool_choice.function.name | must name one of the tools",
            "{\"tool_choice\":{\"type\":\"function\"}} | tool_choice.function | is required",
            "{\"response_format\":{\"type\":\"xml\"}} | response_format.type | must be one of text, json_object, json_schema",
            "{\"response_format\":{}}                | response_format.type | is required",
            "{\"response_format\":{\"type\":\"json_schema\"}} | response_format.json_schema | is required when type is json_schema",
            "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}} | response_format.json_schema.name | is required",
            "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\",\"schema\":[]}}} | response_format.json_schema.schema | must be an object",
            "{\"reasoning\":{\"effort\":\"max\"}}    | reasoning.effort | must be one of none, minimal, low, medium, high, xhigh",
            "{\"reasoning\":{\"max_tokens\":0}}      | reasoning.max_tokens | must be a positive integer",
            "{\"reasoning\":{\"exclude\":1}}         | reasoning.exclude | must be a boolean",
            "{\"reasoning_effort\":\"turbo\"}        | reasoning_effort | must be one of",
            "{\"logit_bias\":[1]}                    | logit_bias | must be an object",
            "{\"logit_bias\":{\"50256\":200}}        | logit_bias.50256 | must be between -100 and 100",
            "{\"logprobs\":\"yes\"}                  | logprobs | must be a boolean",
            "{\"top_logprobs\":21}                   | top_logprobs | must be an integer between 0 and 20",
            "{\"provider\":\"openai\"}               | provider | must be an object",
            "{\"provider\":{\"order\":\"openai\"}}   | provider.order | must be an array",
            "{\"provider\":{\"only\":[1]}}           | provider.only[0] | must be a non-empty string",
            "{\"provider\":{\"ignore\":[\"\"]}}      | provider.ignore[0] | must be a non-empty string",
            "{\"provider\":{\"allow_fallbacks\":\"no\"}} | provider.allow_fallbacks | must be a boolean",
            "{\"provider\":{\"require_parameters\":1}} | provider.require_parameters | must be a boolean",
            "{\"provider\":{\"data_collection\":\"maybe\"}} | provider.data_collection | must be one of allow, deny",
            "{\"provider\":{\"sort\":\"cheapest\"}}  | provider.sort | must be one of price, throughput, latency",
            "{\"provider\":{\"sort\":{\"by\":\"speed\"}}} | provider.sort.by | must be one of price, throughput, latency",
            "{\"provider\":{\"quantizations\":[\"fp8\",\"fp7\"]}} | provider.quantizations[1] | must be one of int4",
            "{\"provider\":{\"max_price\":5}}        | provider.max_price | must be an object",
            "{\"provider\":{\"max_price\":{\"prompt\":-1}}} | provider.max_price.prompt | must be a non-negative number",
            "{\"provider\":{\"max_price\":{\"completion\":\"abc\"}}} | provider.max_price.completion | must be a non-negative number",
            "{\"modalities\":[\"text\",\"audio\"]}      | modalities | only [\"text\"] is supported",
            "{\"audio\":{\"voice\":\"alloy\"}}          | audio | is not supported by this gateway",
            "{\"prediction\":{\"type\":\"content\"}}    | prediction | is not supported by this gateway",
            "{\"web_search_options\":{}}               | web_search_options | is not supported by this gateway",
            "{\"plugins\":[{\"id\":\"web\"}]}           | plugins | is not supported by this gateway",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\",\"cache_control\":{\"type\":\"persistent\"}}]}]} | messages[0].content[0].cache_control.type | must be \"ephemeral\""})
    void names_the_field_of_every_validation_failure(String overrides, String field, String problem) {
        assertBadRequest(() -> reader.read(with(overrides)), field, problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json | is not valid JSON",
            "{\"model\":\"a\" | is not valid JSON",
            "{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} trailing | has content after the JSON value",
            "[1,2] | must be a JSON object",
            "\"text\" | must be a JSON object"})
    void an_unreadable_body_is_a_400_on_body(String body, String problem) {
        assertBadRequest(() -> reader.read(bytes(body)), "body", problem);
    }

    @Test
    void refuses_client_strings_the_gateway_could_not_store() {
        assertBadRequest(() -> reader.read(with("{\"user\":\"" + "u".repeat(257) + "\"}")), "user", "must be at most 256 characters (it has 257)");
        assertBadRequest(() -> reader.read(with("{\"model\":\"a/" + "m".repeat(194) + ":free\"}")), "model", "must be at most 200 characters (it has 201)");
        assertBadRequest(() -> reader.read(with("{\"models\":[\"a/" + "m".repeat(199) + "\"]}")), "models[0]", "must be at most 200 characters");
        assertBadRequest(() -> reader.read(bytes("{\"user\":\"a\\ud800\",\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")),
                "user", "must not contain an unpaired UTF-16 surrogate (U+D800 at character 2)");
        assertBadRequest(() -> reader.read(bytes("{\"model\":\"m\\udc00\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")),
                "model", "must not contain an unpaired UTF-16 surrogate (U+DC00");
    }

    @Test
    void validates_the_metadata_object_as_openai_does() {
        StringBuilder sixteen = new StringBuilder("{\"metadata\":{");
        for (int i = 0; i < 16; i++) {
            sixteen.append(i == 0 ? "" : ",").append("\"").append(String.format("%064d", i)).append("\":\"").append("v\\n".repeat(256)).append("\"");
        }
        sixteen.append("}}");
        String atTheLimits = sixteen.toString();
        assertThat(reader.read(with(atTheLimits)).chat().model()).isEqualTo("openai/gpt-4o");
        assertThat(reader.read(with("{\"user\":\"" + "u".repeat(256) + "\",\"model\":\"a/" + "m".repeat(192) + ":nitro\"}")).chat().user())
                .hasSize(256);

        assertBadRequest(() -> reader.read(with(atTheLimits.replace("}}", ",\"k\":\"v\"}}"))), "metadata", "must have at most 16 keys (it has 17)");
        assertBadRequest(() -> reader.read(with("{\"metadata\":{\"" + "k".repeat(65) + "\":\"v\"}}")), "metadata",
                "a key must be at most 64 characters (it has 65)");
        assertBadRequest(() -> reader.read(with("{\"metadata\":{\"k\":\"" + "v".repeat(513) + "\"}}")), "metadata.k",
                "must be at most 512 characters (it has 513)");
    }

    @Test
    void an_empty_body_is_a_400_on_body() {
        assertBadRequest(() -> reader.read(new byte[0]), "body", "is empty");
    }

    static void assertBadRequest(Runnable read, String field, String problem) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.metadata()).containsEntry("field", field);
            assertThat(e.getMessage()).startsWith(field + ": ").contains(problem);
        });
    }

    /** The base request with {@code overrides} merged in at the top level (a null value removes the field). */
    private static byte[] with(String overrides) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(BASE);
            JSON.readTree(overrides).fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    body.remove(f.getKey());
                } else {
                    body.set(f.getKey(), f.getValue());
                }
            });
            return JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
