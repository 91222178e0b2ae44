package dev.switchboard.gateway.api;

import java.nio.charset.StandardCharsets;

/** Server-sent event framing for our streamed responses: one JSON per {@code data:} event, blank-line terminated. */
public final class SseFrames {

    /** The end of an OpenAI-format stream. */
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    /** {@code data: <json>\n\n}. The JSON must be on one line (Jackson's compact output is). */
    public static byte[] data(byte[] json) {
        byte[] frame = new byte[DATA.length + json.length + 2];
        System.arraycopy(DATA, 0, frame, 0, DATA.length);
        System.arraycopy(json, 0, frame, DATA.length, json.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    /** {@code event: <name>\ndata: <json>\n\n}, for formats that name their events (Anthropic's). */
    public static byte[] event(String name, byte[] json) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] data = data(json);
        byte[] frame = new byte[EVENT.length + nameBytes.length + 1 + data.length];
        System.arraycopy(EVENT, 0, frame, 0, EVENT.length);
        System.arraycopy(nameBytes, 0, frame, EVENT.length, nameBytes.length);
        frame[EVENT.length + nameBytes.length] = '\n';
        System.arraycopy(data, 0, frame, EVENT.length + nameBytes.length + 1, data.length);
        return frame;
    }

    /** {@code data: [DONE]\n\n}. */
    public static byte[] done() {
        return DONE.clone();
    }

    /** A comment line, e.g. {@code : OPENROUTER PROCESSING}, sent as a keep-alive only between events. */
    public static byte[] comment(String text) {
        return (": " + text.replace('\n', ' ').replace('\r', ' ') + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
