package dev.switchboard.gateway.canonical;

/** One piece of a streamed response, as a stream parser emits them. */
public sealed interface ChatChunk {

    /**
     * The provider's id and model, as soon as known (first event).
     *
     * @param promptUsage the input side of usage when the provider reports it at the start (Anthropic's
     *                    {@code message_start}), else null
     */
    record Start(String upstreamId, String upstreamModel, Usage promptUsage) implements ChatChunk {

        public Start(String upstreamId, String upstreamModel) {
            this(upstreamId, upstreamModel, null);
        }
    }

    record TextDelta(String text) implements ChatChunk {
    }

    record ReasoningDelta(String text) implements ChatChunk {
    }

    /**
     * What closes a piece of reasoning: its signature (Anthropic's {@code signature_delta}, a Gemini
     * {@code thoughtSignature}) or a redacted block. {@code thinking.text()} is null: the text, if any, came
     * before as {@link ReasoningDelta}s.
     */
    record ReasoningDetail(ContentPart.Thinking thinking) implements ChatChunk {
    }

    /**
     * A piece of the {@code index}-th tool call: the first piece of a call carries {@code id} and {@code name}
     * (others null); {@code argumentsDelta} is a fragment of the arguments JSON text ("" when none).
     */
    record ToolCallDelta(int index, String id, String name, String argumentsDelta) implements ChatChunk {
    }

    /** Generation finished, normalised and native reason. */
    record Finish(FinishReason reason, String nativeReason) implements ChatChunk {
    }

    /** Usage so far: parsers emit it once, complete, when the provider has reported everything (normally at the end). */
    record UsageReport(Usage usage) implements ChatChunk {
    }
}
