package dev.switchboard.gateway.api.anthropic;

import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.wire.anthropic.ContentBlock;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Canonical {@link ContentPart.Thinking} ⇄ the {@code thinking} and {@code redacted_thinking} blocks of our
 * {@code /messages}, both directions in one place, so that what a client is given it can send back. Anthropic's own
 * reasoning is written as Anthropic wrote it. A Gemini thought signature travels in a thinking block's
 * {@code signature} as {@code google-gemini-v1.<base64url tool call id>.<signature>}: Anthropic clients send
 * thinking blocks back untouched, and Anthropic's own signatures (base64) never start that way. Reasoning nobody
 * signed (OpenAI-format upstreams, Gemini's thought summaries) is a thinking block with an empty signature, which
 * reads back as unsigned and is sent to no provider.
 */
final class ThinkingBlocks {

    private static final String GEMINI_PREFIX = ContentPart.Thinking.GEMINI + ".";

    private ThinkingBlocks() {
    }

    /** The block a reasoning part is written as. */
    static ContentBlock block(ContentPart.Thinking t) {
        String text = t.text() == null ? "" : t.text();
        if (ContentPart.Thinking.ANTHROPIC.equals(t.format())) {
            return t.data() != null ? new ContentBlock.RedactedThinking(t.data())
                    : new ContentBlock.Thinking(text, t.signature() == null ? "" : t.signature());
        }
        return new ContentBlock.Thinking(text, signature(t));
    }

    /** The {@code signature} of a thinking block for a part: Anthropic's own, a sealed Gemini one, else "". */
    static String signature(ContentPart.Thinking t) {
        if (ContentPart.Thinking.ANTHROPIC.equals(t.format())) {
            return t.signature() == null ? "" : t.signature();
        }
        if (ContentPart.Thinking.GEMINI.equals(t.format()) && t.signature() != null) {
            String id = t.toolCallId() == null ? "" : t.toolCallId();
            return GEMINI_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8))
                    + "." + t.signature();
        }
        return "";
    }

    /** A client's {@code thinking} block → its part. */
    static ContentPart.Thinking thinking(String text, String signature) {
        if (signature == null || signature.isEmpty()) {
            return ContentPart.Thinking.text(text);
        }
        if (signature.startsWith(GEMINI_PREFIX)) {
            int dot = signature.indexOf('.', GEMINI_PREFIX.length());
            if (dot > 0) {
                try {
                    String id = new String(Base64.getUrlDecoder().decode(signature.substring(GEMINI_PREFIX.length(), dot)),
                            StandardCharsets.UTF_8);
                    return new ContentPart.Thinking(ContentPart.Thinking.GEMINI, text == null || text.isEmpty() ? null : text,
                            signature.substring(dot + 1), null, id.isEmpty() ? null : id);
                } catch (IllegalArgumentException notOurs) {
                    // not a sealed Gemini signature after all: taken as Anthropic's, which Anthropic will judge
                }
            }
        }
        return new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, text, signature, null, null);
    }

    /** A client's {@code redacted_thinking} block → its part. */
    static ContentPart.Thinking redacted(String data) {
        return new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, null, null, data, null);
    }
}
