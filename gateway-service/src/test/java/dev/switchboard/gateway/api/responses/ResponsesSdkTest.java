package dev.switchboard.gateway.api.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK's {@code responses()} against the gateway, pointed at it by base URL only, with response
 * validation on: every body and every event must have the shape the SDK requires.
 */
@QuarkusTest
class ResponsesSdkTest extends GatewayTestBase {

    private OpenAIClient client(Tenants.Tenant t) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl()).apiKey(t.secret()).maxRetries(0).responseValidation(true).build();
    }

    private static String text(Response response) {
        StringBuilder text = new StringBuilder();
        response.output().stream().filter(ResponseOutputItem::isMessage)
                .forEach(m -> m.asMessage().content().forEach(c -> text.append(c.asOutputText().text())));
        return text.toString();
    }

    @Test
    void the_official_sdk_creates_a_response() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Response response = client(t).responses().create(ResponseCreateParams.builder()
                .model("switchboard/echo-anthropic").instructions("Be brief.").input("Say hello to me").build());

        assertThat(response.id()).startsWith("gen-");
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(text(response)).isEqualTo("Hello from echo-anthropic. w1 w2 w3 w4 w5");
        ResponseUsage usage = response.usage().orElseThrow();
        assertThat(usage.inputTokens()).isEqualTo(7);
        assertThat(usage.outputTokens()).isEqualTo(8);
        assertThat(usage.totalTokens()).isEqualTo(15);
        assertThat(usage.inputTokensDetails().cachedTokens()).isZero();
        flushed();
        long cost = tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", response.id());
        assertThat(new BigDecimal(usage._additionalProperties().get("cost").toString())).isEqualByComparingTo(BigDecimal.valueOf(cost, 9));
    }

    @Test
    void the_official_sdk_streams_a_response_and_parses_every_event() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        List<String> types = new ArrayList<>();
        List<Long> sequence = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Response[] completed = {null};
        try (StreamResponse<ResponseStreamEvent> stream = client(t).responses().createStreaming(ResponseCreateParams.builder()
                .model("switchboard/echo-gemini").input("Say hello to me").build())) {
            stream.stream().forEach(event -> {
                types.add(type(event));
                sequence.add(sequenceNumber(event));
                event.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                event.completed().ifPresent(c -> completed[0] = c.response());
            });
        }
        assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed");
        for (int i = 0; i < sequence.size(); i++) {
            assertThat(sequence.get(i)).isEqualTo(i);
        }
        assertThat(text.toString()).isEqualTo("Hello from echo-gemini. w1 w2 w3 w4 w5");
        assertThat(completed[0].status()).contains(ResponseStatus.COMPLETED);
        assertThat(text(completed[0])).isEqualTo(text.toString());
        ResponseUsage usage = completed[0].usage().orElseThrow();
        assertThat(usage.inputTokens()).isEqualTo(5);
        assertThat(usage.outputTokens()).isEqualTo(8);
        assertThat(usage.totalTokens()).isEqualTo(13);
        flushed();
        long cost = tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", completed[0].id());
        assertThat(new BigDecimal(usage._additionalProperties().get("cost").toString())).isEqualByComparingTo(BigDecimal.valueOf(cost, 9));
    }

    @Test
    void the_official_sdk_makes_a_function_tool_round_trip() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        OpenAIClient client = client(t);
        FunctionTool weather = FunctionTool.builder().name("get_weather").description("Current weather").strict(false)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build();
        EasyInputMessage question = EasyInputMessage.builder().role(EasyInputMessage.Role.USER).content("Weather in Paris?").build();
        List<ResponseInputItem> conversation = new ArrayList<>(List.of(ResponseInputItem.ofEasyInputMessage(question)));

        Response first = client.responses().create(ResponseCreateParams.builder().model("switchboard/echo")
                .input(ResponseCreateParams.Input.ofResponse(conversation)).addTool(weather).build());
        assertThat(first.output()).hasSize(1);
        ResponseFunctionToolCall call = first.output().getFirst().asFunctionCall();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).isEqualTo("{\"city\":\"example\"}");
        assertThat(call.id()).hasValueSatisfying(id -> assertThat(id).startsWith("fc_"));

        conversation.add(ResponseInputItem.ofFunctionCall(call));
        conversation.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(call.callId()).output("Sunny and 18 degrees in Paris").build()));
        Response second = client.responses().create(ResponseCreateParams.builder().model("switchboard/echo")
                .input(ResponseCreateParams.Input.ofResponse(conversation)).addTool(weather).build());
        assertThat(second.status()).contains(ResponseStatus.COMPLETED);
        assertThat(text(second)).isEqualTo("Tool result received: Sunny and 18 degrees in");
    }

    @Test
    void the_official_sdk_streams_a_function_call_whose_argument_deltas_join_to_the_arguments() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        FunctionTool weather = FunctionTool.builder().name("get_weather").strict(false)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build();
        StringBuilder arguments = new StringBuilder();
        String[] done = {null};
        Response[] completed = {null};
        try (StreamResponse<ResponseStreamEvent> stream = client(t).responses().createStreaming(ResponseCreateParams.builder()
                .model("switchboard/echo-anthropic").input("Weather in Paris?").addTool(weather).build())) {
            stream.stream().forEach(event -> {
                event.functionCallArgumentsDelta().ifPresent(d -> arguments.append(d.delta()));
                event.functionCallArgumentsDone().ifPresent(d -> done[0] = d.arguments());
                event.completed().ifPresent(c -> completed[0] = c.response());
            });
        }
        assertThat(arguments.toString()).isEqualTo("{\"city\":\"example\"}").isEqualTo(done[0]);
        ResponseFunctionToolCall call = completed[0].output().getFirst().asFunctionCall();
        assertThat(call.arguments()).isEqualTo(done[0]);
        assertThat(call.callId()).startsWith("toolu_");
    }

    @Test
    void the_official_sdk_reads_a_refusal_as_a_bad_request() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        assertThatThrownBy(() -> client(t).responses().create(ResponseCreateParams.builder().model("switchboard/echo")
                .input("hi").previousResponseId("resp_123").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("previous_response_id: responses are not stored by this gateway"));
    }

    private static String type(ResponseStreamEvent e) {
        if (e.isCreated()) return "response.created";
        if (e.isInProgress()) return "response.in_progress";
        if (e.isOutputItemAdded()) return "response.output_item.added";
        if (e.isContentPartAdded()) return "response.content_part.added";
        if (e.isOutputTextDelta()) return "response.output_text.delta";
        if (e.isOutputTextDone()) return "response.output_text.done";
        if (e.isContentPartDone()) return "response.content_part.done";
        if (e.isOutputItemDone()) return "response.output_item.done";
        if (e.isCompleted()) return "response.completed";
        throw new AssertionError("an event this stream should not have: " + e);
    }

    private static long sequenceNumber(ResponseStreamEvent e) {
        if (e.isCreated()) return e.asCreated().sequenceNumber();
        if (e.isInProgress()) return e.asInProgress().sequenceNumber();
        if (e.isOutputItemAdded()) return e.asOutputItemAdded().sequenceNumber();
        if (e.isContentPartAdded()) return e.asContentPartAdded().sequenceNumber();
        if (e.isOutputTextDelta()) return e.asOutputTextDelta().sequenceNumber();
        if (e.isOutputTextDone()) return e.asOutputTextDone().sequenceNumber();
        if (e.isContentPartDone()) return e.asContentPartDone().sequenceNumber();
        if (e.isOutputItemDone()) return e.asOutputItemDone().sequenceNumber();
        return e.asCompleted().sequenceNumber();
    }
}
