package dev.switchboard.gateway.api;

/**
 * The sampling fields every inbound format has, read with the same ranges and the same messages, so a value one
 * endpoint refuses is refused by all (the gateway routes any of them to any provider).
 */
public final class SamplingFields {

    private SamplingFields() {
    }

    public static Double temperature(FieldReader request) {
        return request.number("temperature", 0, 2);
    }

    public static Double topP(FieldReader request) {
        return request.number("top_p", 0, 1);
    }

    public static Integer topK(FieldReader request) {
        return request.integer("top_k", 0, Integer.MAX_VALUE);
    }
}
