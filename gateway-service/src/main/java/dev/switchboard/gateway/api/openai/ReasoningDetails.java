package dev.switchboard.gateway.api.openai;

import dev.switchboard.gateway.api.FieldReader;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.wire.openai.ReasoningDetail;
import java.util.ArrayList;
import java.util.List;

/**
 * Canonical {@link ContentPart.Thinking} ⇄ OpenRouter's {@code reasoning_details}, the one place both directions
 * live, so that what a client is given it can send back. Signed text is {@code reasoning.text} with its
 * {@code signature}; redacted reasoning and Gemini's thought signatures are {@code reasoning.encrypted}
 * ({@code data}; a Gemini one names its tool call in {@code id}).
 *
 * <p>A stream gives the text in pieces and the signature last ({@link #piece}, {@link #of}): reading back, the
 * {@code reasoning.text} entries before a signed one are joined into the text that signature signs, so a client may
 * send the details as it accumulated them from the stream, or as a whole response gave them.
 */
final class ReasoningDetails {

    private static final List<String> TYPES = List.of(ReasoningDetail.TEXT, ReasoningDetail.ENCRYPTED, ReasoningDetail.SUMMARY);

    private ReasoningDetails() {
    }

    /** The details of a whole response's reasoning parts, or null when there are none. */
    static List<ReasoningDetail> of(List<ContentPart.Thinking> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        List<ReasoningDetail> details = new ArrayList<>(parts.size());
        parts.forEach(t -> details.add(of(t)));
        return details;
    }

    /** One reasoning part (a whole one, or a stream's closing signature or redacted block). */
    static ReasoningDetail of(ContentPart.Thinking t) {
        if (t.data() != null) {
            return new ReasoningDetail(ReasoningDetail.ENCRYPTED, null, null, t.data(), null, t.toolCallId(), t.format(), null);
        }
        if (t.text() == null && ContentPart.Thinking.GEMINI.equals(t.format())) {
            return new ReasoningDetail(ReasoningDetail.ENCRYPTED, null, null, t.signature(), null, t.toolCallId(), t.format(), null);
        }
        return new ReasoningDetail(ReasoningDetail.TEXT, t.text() == null ? "" : t.text(), t.signature(), null, null,
                t.toolCallId(), t.format(), null);
    }

    /** A streamed piece of reasoning text. */
    static ReasoningDetail piece(String text) {
        return new ReasoningDetail(ReasoningDetail.TEXT, text, null, null, null, null, null, null);
    }

    /** An assistant message's {@code reasoning_details} → its reasoning parts (empty when absent). */
    static List<ContentPart.Thinking> read(FieldReader message) {
        List<ContentPart.Thinking> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean pending = false;
        String pendingFormat = null;
        for (FieldReader detail : message.objects("reasoning_details")) {
            String type = detail.oneOf("type", TYPES);
            if (type == null) {
                throw ApiException.badRequest(detail.path("type"), "is required");
            }
            String format = detail.string("format");
            String id = detail.string("id");
            switch (type) {
                case ReasoningDetail.TEXT -> {
                    String piece = detail.string("text");
                    text.append(piece == null ? "" : piece);
                    pending = true;
                    pendingFormat = format != null ? format : pendingFormat;
                    String signature = detail.string("signature");
                    if (signature != null && !signature.isEmpty()) {
                        parts.add(new ContentPart.Thinking(pendingFormat, text.toString(), signature, null, id));
                        text.setLength(0);
                        pending = false;
                        pendingFormat = null;
                    }
                }
                case ReasoningDetail.ENCRYPTED -> {
                    String data = detail.requiredString("data");
                    if (pending) {
                        parts.add(new ContentPart.Thinking(pendingFormat, text.toString(), null, null, null));
                        text.setLength(0);
                        pending = false;
                        pendingFormat = null;
                    }
                    parts.add(ContentPart.Thinking.GEMINI.equals(format)
                            ? new ContentPart.Thinking(format, null, data, null, id)
                            : new ContentPart.Thinking(format, null, null, data, id));
                }
                default -> {
                    String summary = detail.string("summary");
                    parts.add(new ContentPart.Thinking(format, summary == null ? "" : summary, null, null, id));
                }
            }
        }
        if (pending) {
            parts.add(new ContentPart.Thinking(pendingFormat, text.toString(), null, null, null));
        }
        return parts;
    }
}
