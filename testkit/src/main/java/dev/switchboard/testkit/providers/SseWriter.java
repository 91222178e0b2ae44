package dev.switchboard.testkit.providers;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a planned list of stream events to an {@link Exchange}: one event per write with a timer between them
 * when {@code chunk-delay} is set, otherwise in batches that respect back-pressure. It also applies the
 * {@code malformed} and {@code midstream-error} directives to the plan.
 */
final class SseWriter {

    /** How events are framed: SSE with LF (OpenAI, Anthropic) or CRLF (Gemini), or a streamed JSON array. */
    enum Framing { SSE, SSE_CRLF, JSON_ARRAY }

    /** One event: the optional SSE event name, the data line and whether it carries reply content. */
    record Event(String name, String data, boolean content) {

        static Event data(String data, boolean content) {
            return new Event(null, data, content);
        }
    }

    private static final int BATCH_BYTES = 16 * 1024;
    private static final int CONTENT_BEFORE_ERROR = 3;

    private final Exchange exchange;
    private final Framing framing;
    private final List<Event> events;
    private final long delayMillis;
    private final boolean abort;
    private int next;
    private int written;

    private SseWriter(Exchange exchange, Framing framing, List<Event> events, long delayMillis, boolean abort) {
        this.exchange = exchange;
        this.framing = framing;
        this.events = events;
        this.delayMillis = delayMillis;
        this.abort = abort;
    }

    /**
     * Streams {@code events}. With {@code malformed} the first content event's data is cut in half (the rest
     * follows); with {@code midstream-error} the stream stops after 3 content events, sends {@code error} and the
     * connection is closed.
     */
    static void stream(Exchange exchange, String contentType, Framing framing, List<Event> events,
            Directives directives, Event error) {
        List<Event> plan = new ArrayList<>(events);
        if (directives.malformed()) {
            for (int i = 0; i < plan.size(); i++) {
                Event event = plan.get(i);
                if (event.content()) {
                    String cut = event.data().substring(0, Math.max(1, event.data().length() / 2));
                    plan.set(i, new Event(event.name(), cut, true));
                    break;
                }
            }
        }
        boolean abort = directives.midstreamError();
        if (abort) {
            int seen = 0;
            int cut = 0;
            for (int i = 0; i < plan.size() && seen < CONTENT_BEFORE_ERROR; i++) {
                if (plan.get(i).content()) {
                    seen++;
                    cut = i;
                }
            }
            plan = new ArrayList<>(plan.subList(0, cut + 1));
            plan.add(error);
        }
        if (abort) {
            // the connection is closed after the error: tell the client not to reuse it
            exchange.header("connection", "close");
        }
        exchange.startStream(contentType);
        new SseWriter(exchange, framing, plan, directives.chunkDelayMillis(), abort).pump();
    }

    private void pump() {
        if (!exchange.active()) {
            return;
        }
        if (delayMillis > 0) {
            if (next < events.size()) {
                Buffer one = Buffer.buffer();
                append(one, events.get(next++));
                exchange.write(one);
            }
            if (next < events.size()) {
                exchange.vertx().setTimer(delayMillis, id -> pump());
            } else {
                finish(Buffer.buffer());
            }
            return;
        }
        Buffer batch = Buffer.buffer();
        while (next < events.size()) {
            append(batch, events.get(next++));
            if (batch.length() >= BATCH_BYTES && next < events.size()) {
                exchange.write(batch);
                batch = Buffer.buffer();
                if (exchange.response.writeQueueFull()) {
                    exchange.response.drainHandler(ignored -> pump());
                    return;
                }
            }
        }
        finish(batch);
    }

    private void finish(Buffer tail) {
        if (framing == Framing.JSON_ARRAY && !abort) {
            tail.appendString(written == 0 ? "[]" : "]");
        }
        if (abort) {
            exchange.abortStream(tail);
        } else {
            exchange.completeStream(tail);
        }
    }

    private void append(Buffer buffer, Event event) {
        switch (framing) {
            case SSE -> {
                if (event.name() != null) {
                    buffer.appendString("event: ").appendString(event.name()).appendString("\n");
                }
                buffer.appendString("data: ").appendString(event.data()).appendString("\n\n");
            }
            case SSE_CRLF -> buffer.appendString("data: ").appendString(event.data()).appendString("\r\n\r\n");
            case JSON_ARRAY -> buffer.appendString(written == 0 ? "[" : ",\r\n").appendString(event.data());
            default -> throw new IllegalStateException();
        }
        written++;
    }
}
