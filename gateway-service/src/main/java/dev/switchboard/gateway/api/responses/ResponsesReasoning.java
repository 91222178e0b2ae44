package dev.switchboard.gateway.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.api.ApiJson;
import dev.switchboard.gateway.api.FieldReader;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.wire.openai.responses.OutputItem;
import dev.switchboard.gateway.wire.openai.responses.SummaryText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reasoning items of the Responses format, both ways, in one place: the reasoning item of a response and the
 * {@code {"type":"reasoning","id","summary":[…],"encrypted_content"}} input item a client sends back.
 *
 * <p>The summary is the provider's reasoning text. What the provider needs back to continue its reasoning
 * (Anthropic's signed thinking and redacted blocks, Gemini's thought signatures: {@link ContentPart.Thinking}) travels
 * in {@code encrypted_content}, opaque to the client as OpenAI's is: {@code sb1.} and the base64url of a JSON array
 * of the parts. Clients that keep reasoning items between turns (stateless use, {@code store: false}) send it back
 * unchanged, and each part goes to the provider that made it. Encrypted content this gateway did not issue (OpenAI's
 * own) is refused: no upstream here could read it.
 */
final class ResponsesReasoning {

    private static final String PREFIX = "sb1.";

    private ResponsesReasoning() {
    }

    /** The canonical parts of a {@code reasoning} input item (read from {@code item}, named by its path). */
    static List<ContentPart> decode(FieldReader item) {
        String sealed = item.string("encrypted_content");
        if (sealed != null) {
            return List.copyOf(open(sealed, item.path("encrypted_content")));
        }
        StringBuilder summary = new StringBuilder();
        for (FieldReader part : item.objects("summary")) {
            part.oneOf("type", List.of("summary_text"));
            String text = part.string("text");
            summary.append(text == null ? "" : text);
        }
        // a summary alone is unsigned text, which no provider takes back; kept for what the canonical model says
        return summary.isEmpty() ? List.of() : List.of(ContentPart.Thinking.text(summary.toString()));
    }

    /**
     * The reasoning output item: its summary is the provider's reasoning text (none when null or empty), its
     * encrypted content the parts a provider needs back (none when there are none).
     */
    static OutputItem.Reasoning encode(String id, String reasoningText, List<ContentPart.Thinking> parts) {
        return new OutputItem.Reasoning(id, reasoningText == null || reasoningText.isEmpty() ? List.of()
                : List.of(new SummaryText(reasoningText)), seal(parts));
    }

    /** The parts a provider needs back, sealed; null when none of them is signed or encrypted. */
    static String seal(List<ContentPart.Thinking> parts) {
        ArrayNode array = ApiJson.MAPPER.createArrayNode();
        for (ContentPart.Thinking t : parts) {
            if (t.format() == null || (t.signature() == null && t.data() == null)) {
                continue;
            }
            ObjectNode o = array.addObject().put("format", t.format());
            put(o, "text", t.text());
            put(o, "signature", t.signature());
            put(o, "data", t.data());
            put(o, "tool_call_id", t.toolCallId());
        }
        if (array.isEmpty()) {
            return null;
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(array.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<ContentPart.Thinking> open(String sealed, String field) {
        if (!sealed.startsWith(PREFIX)) {
            throw ApiException.badRequest(field, "was not issued by this gateway; send back the encrypted_content of our"
                    + " own responses, or leave the reasoning item out");
        }
        JsonNode array;
        try {
            array = ApiJson.MAPPER.readTree(Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length())));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw ApiException.badRequest(field, "is damaged: send it back exactly as it was given");
        }
        if (array == null || !array.isArray()) {
            throw ApiException.badRequest(field, "is damaged: send it back exactly as it was given");
        }
        List<ContentPart.Thinking> parts = new ArrayList<>(array.size());
        for (JsonNode o : array) {
            if (!o.path("format").isTextual()) {
                throw ApiException.badRequest(field, "is damaged: send it back exactly as it was given");
            }
            parts.add(new ContentPart.Thinking(o.path("format").asText(), text(o, "text"), text(o, "signature"),
                    text(o, "data"), text(o, "tool_call_id")));
        }
        return parts;
    }

    private static void put(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static String text(JsonNode o, String name) {
        JsonNode value = o.get(name);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
