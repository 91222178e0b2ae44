package dev.switchboard.gateway.providers;

import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.providers.sse.SseEvent;
import java.util.List;

/**
 * Turns one response stream's server-sent events into canonical chunks. Stateful, one per request, not
 * thread-safe (events arrive in order on one thread). It owns usage accumulation: it emits one complete
 * {@link ChatChunk.UsageReport} once the provider has reported all of it.
 */
public interface ChatStreamParser {

    /**
     * @return the chunks this event yields (often one, possibly none)
     * @throws ProviderException when the event is an error the provider sent mid-stream, or cannot be parsed
     */
    List<ChatChunk> onEvent(SseEvent event);

    /**
     * The stream ended (EOF). Returns any chunks still owed (e.g. a Finish the provider implied).
     *
     * @throws ProviderException when the stream ended before the provider said it was complete
     */
    List<ChatChunk> onEnd();

    /**
     * What the provider has reported of the usage so far, for a stream that ends early (the client went away,
     * the provider failed): input counts are final once reported (Anthropic's {@code message_start}, Gemini's
     * cumulative {@code usageMetadata}); output counts may lag behind what was streamed. Null when the provider
     * has reported nothing yet (OpenAI reports usage only at the end).
     */
    default dev.switchboard.gateway.canonical.Usage usageSoFar() {
        return null;
    }
}
