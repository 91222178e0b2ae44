package dev.switchboard.gateway.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.api.ClientText;
import dev.switchboard.gateway.api.FieldReader;
import dev.switchboard.gateway.api.ToolChoices;
import dev.switchboard.gateway.api.InboundChatRequest;
import dev.switchboard.gateway.api.ProviderPreferencesReader;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Reasoning;
import dev.switchboard.gateway.canonical.ResponseFormat;
import dev.switchboard.gateway.canonical.Tool;
import dev.switchboard.gateway.canonical.ToolChoice;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code POST /chat/completions} body (OpenAI's format with OpenRouter's extensions) into an
 * {@link InboundChatRequest}, validating strictly: every problem is a 400 naming its field.
 * Accepted and ignored: {@code usage}, {@code stream_options} (usage is always reported), {@code transforms},
 * {@code route}, {@code session_id} and fields we do not know. {@code metadata} is validated as OpenAI does (at most
 * 16 pairs, keys up to 64 characters, string values up to 512), then not forwarded. Refused with a reason rather
 * than silently ignored: {@code n} above 1 and the deprecated {@code functions} / {@code function_call}.
 */
@Singleton
public class OpenAiChatRequestReader {

    static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh");
    private static final List<String> FORMAT_TYPES = List.of("text", "json_object", "json_schema");
    private static final int METADATA_PAIRS = 16;
    private static final int METADATA_KEY_LENGTH = 64;
    private static final int METADATA_VALUE_LENGTH = 512;

    /**
     * Fields OpenAI or OpenRouter define that ask for something no provider here does (audio output, predicted
     * outputs, web search, OpenRouter's plugins): refused, since ignoring them would answer a different request than
     * the one sent. OpenRouter's {@code transforms: ["middle-out"]} only acts on a prompt longer than the context,
     * which routing refuses here instead, so it is accepted. Fields the gateway does not know at all are left alone,
     * so that clients newer than the gateway keep working (docs/api.md).
     */
    private static void refuseUnservable(FieldReader request) {
        JsonNode modalities = request.raw("modalities");
        if (modalities != null && !modalities.isNull()
                && !(modalities.isArray() && modalities.size() == 1 && "text".equals(modalities.get(0).asText()))) {
            throw ApiException.badRequest("modalities", "only [\"text\"] is supported: no provider here answers in audio or images");
        }
        for (String field : List.of("audio", "prediction", "web_search_options", "plugins")) {
            JsonNode value = request.raw(field);
            if (value != null && !value.isNull() && !(value.isArray() && value.isEmpty())) {
                throw ApiException.badRequest(field, "is not supported by this gateway");
            }
        }
    }

    /** @throws ApiException 400 naming the offending field */
    public InboundChatRequest read(byte[] body) {
        FieldReader request = FieldReader.body(body);
        for (String deprecated : List.of("functions", "function_call")) {
            if (request.has(deprecated)) {
                throw ApiException.badRequest(deprecated, "is not supported; use tools and tool_choice");
            }
        }
        OpenAiRequestFields.singleChoice(request);
        refuseUnservable(request);
        metadata(request);
        List<String> models = OpenAiRequestFields.models(request);
        String model = OpenAiRequestFields.model(request, models);
        List<Message> messages = OpenAiMessagesReader.read(request);
        List<Tool> tools = tools(request);
        boolean stream = request.bool("stream", false);
        ChatRequest chat = new ChatRequest(
                model,
                messages,
                tools,
                toolChoice(request, tools),
                OpenAiRequestFields.sampling(request),
                OpenAiRequestFields.maxTokens(request),
                OpenAiRequestFields.stop(request),
                responseFormat(request),
                reasoning(request),
                stream,
                request.text("user", ClientText.USER),
                tools.isEmpty() ? null : request.bool("parallel_tool_calls"),
                OpenAiRequestFields.extensions(request, true));
        return new InboundChatRequest(chat, ProviderPreferencesReader.options(request, models, model));
    }

    /** OpenAI's {@code metadata}: checked so a client learns of a bad one here, as it would from OpenAI. */
    private static void metadata(FieldReader request) {
        FieldReader metadata = request.object("metadata");
        if (metadata == null) {
            return;
        }
        if (metadata.node().size() > METADATA_PAIRS) {
            throw ApiException.badRequest("metadata", "must have at most " + METADATA_PAIRS + " keys (it has " + metadata.node().size() + ")");
        }
        for (Iterator<String> keys = metadata.node().fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            String problem = ClientText.problem(key, METADATA_KEY_LENGTH);
            if (problem != null) {
                throw ApiException.badRequest("metadata", "a key " + problem); // the key itself is not fit to name the field
            }
            metadata.text(key, METADATA_VALUE_LENGTH);
        }
    }

    private static List<Tool> tools(FieldReader request) {
        List<Tool> tools = new ArrayList<>();
        for (FieldReader tool : request.objects("tools")) {
            tool.oneOf("type", List.of("function"));
            FieldReader function = tool.object("function");
            if (function == null) {
                throw ApiException.badRequest(tool.path("function"), "is required");
            }
            FieldReader parameters = function.object("parameters");
            tools.add(new Tool(function.requiredString("name"), function.string("description"),
                    parameters == null ? null : parameters.node(), function.bool("strict")));
        }
        return tools;
    }

    /**
     * "auto" | "none" | "required" | {@code {type:"function", function:{name}}}. Without tools, "auto" and "none"
     * mean nothing and are dropped (providers reject a tool_choice without tools); the others are an error.
     */
    private static ToolChoice toolChoice(FieldReader request, List<Tool> tools) {
        return ToolChoices.read(request, tools, "{\"type\":\"function\",\"function\":{\"name\":…}}", object -> {
            object.oneOf("type", List.of("function"));
            FieldReader function = object.object("function");
            if (function == null) {
                throw ApiException.badRequest(object.path("function"), "is required");
            }
            return Map.entry(function.requiredString("name"), function.path("name"));
        });
    }

    private static ResponseFormat responseFormat(FieldReader request) {
        FieldReader format = request.object("response_format");
        if (format == null) {
            return null;
        }
        String type = format.oneOf("type", FORMAT_TYPES);
        if (type == null) {
            throw ApiException.badRequest(format.path("type"), "is required");
        }
        return switch (type) {
            case "json_object" -> new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null);
            case "json_schema" -> {
                FieldReader schema = format.object("json_schema");
                if (schema == null) {
                    throw ApiException.badRequest(format.path("json_schema"), "is required when type is json_schema");
                }
                FieldReader jsonSchema = schema.object("schema");
                yield new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, schema.requiredString("name"),
                        jsonSchema == null ? null : jsonSchema.node(), schema.bool("strict"));
            }
            default -> new ResponseFormat(ResponseFormat.Type.TEXT, null, null, null);
        };
    }

    /** OpenRouter's {@code reasoning} object and OpenAI's {@code reasoning_effort}; the object's effort wins. */
    private static Reasoning reasoning(FieldReader request) {
        String topLevelEffort = request.oneOf("reasoning_effort", EFFORTS);
        FieldReader reasoning = request.object("reasoning");
        if (reasoning == null) {
            return topLevelEffort == null ? null : new Reasoning(topLevelEffort, null, null, null);
        }
        String effort = reasoning.oneOf("effort", EFFORTS);
        return new Reasoning(effort != null ? effort : topLevelEffort,
                reasoning.integer("max_tokens", 1, Integer.MAX_VALUE), reasoning.bool("exclude"), reasoning.bool("enabled"));
    }
}
