package dev.switchboard.gateway.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.providers.sse.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the recorded-style fixtures under {@code src/test/resources/fixtures/<format>/}. Test-only. */
public final class ProviderFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderFixtures() {
    }

    /** The bytes of {@code fixtures/<name>}, e.g. {@code "anthropic/chat-basic.response.json"}. */
    public static byte[] bytes(String name) {
        try (InputStream in = ProviderFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static JsonNode json(String name) {
        return json(bytes(name));
    }

    public static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The events of an SSE fixture: blocks split on blank lines, {@code event:} names, {@code data:} lines joined
     * by "\n", comment lines skipped. Enough for fixtures; the real reader is {@code SseEventReader}.
     */
    public static List<SseEvent> sseEvents(String name) {
        List<SseEvent> events = new ArrayList<>();
        for (String block : text(name).split("\\r?\\n\\r?\\n")) {
            String event = null;
            List<String> data = new ArrayList<>();
            for (String line : block.split("\\r?\\n")) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
            if (event != null || !data.isEmpty()) {
                events.add(new SseEvent(event, String.join("\n", data)));
            }
        }
        return events;
    }
}
