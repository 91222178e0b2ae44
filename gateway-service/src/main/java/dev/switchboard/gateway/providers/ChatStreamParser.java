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
}
