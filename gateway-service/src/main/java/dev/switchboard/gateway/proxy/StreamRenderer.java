package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.canonical.ChatChunk;
import io.vertx.core.buffer.Buffer;

/** Renders one stream's canonical chunks as SSE bytes of a public format. Stateful, one per response. */
public interface StreamRenderer {

    /** The SSE bytes for a chunk; empty when the chunk shows nothing by itself (usage, start). */
    Buffer chunk(ChatChunk chunk);

    /** The end of a successful stream: final usage (with cost) and the terminator. */
    Buffer end(ResponseMeta meta);

    /** The end of a failed stream: one error event in the format's shape, then nothing. */
    Buffer error(ApiException error, ResponseMeta meta);
}
