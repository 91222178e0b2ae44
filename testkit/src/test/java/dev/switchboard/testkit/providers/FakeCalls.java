package dev.switchboard.testkit.providers;

import dev.switchboard.testkit.providers.FakeHttp.Reply;
import java.io.IOException;
import java.time.Duration;

/**
 * One minimal valid request per wire format and endpoint of a {@link FakeProviderServer}, by upstream model and
 * user text, for the tests that check a behaviour in every format (retry hints, fault rules).
 */
final class FakeCalls {

    /** An endpoint of the fake that takes a model and a user text. */
    enum Endpoint {
        OPENAI_CHAT(FakeFormat.OPENAI, false),
        OPENAI_CHAT_STREAM(FakeFormat.OPENAI, true),
        OPENAI_COMPLETIONS(FakeFormat.OPENAI, false),
        OPENAI_EMBEDDINGS(FakeFormat.OPENAI, false),
        ANTHROPIC(FakeFormat.ANTHROPIC, false),
        ANTHROPIC_STREAM(FakeFormat.ANTHROPIC, true),
        GEMINI(FakeFormat.GEMINI, false),
        GEMINI_STREAM(FakeFormat.GEMINI, true);

        final FakeFormat format;
        final boolean stream;

        Endpoint(FakeFormat format, boolean stream) {
            this.format = format;
            this.stream = stream;
        }
    }

    private final FakeProviderServer server;

    FakeCalls(FakeProviderServer server) {
        this.server = server;
    }

    Reply call(Endpoint endpoint, String model, String text) throws IOException, InterruptedException {
        return call(endpoint, model, text, Duration.ofSeconds(30));
    }

    Reply call(Endpoint endpoint, String model, String text, Duration timeout)
            throws IOException, InterruptedException {
        String stream = endpoint.stream ? ",\"stream\":true" : "";
        return switch (endpoint) {
            case OPENAI_CHAT, OPENAI_CHAT_STREAM -> FakeHttp.postWithTimeout(server.openAiBaseUrl()
                    + "/chat/completions", """
                    {"model":"%s","messages":[{"role":"user","content":"%s"}]%s}""".formatted(model, text, stream),
                    timeout, "authorization", "Bearer sk-test-1234");
            case OPENAI_COMPLETIONS -> FakeHttp.postWithTimeout(server.openAiBaseUrl() + "/completions", """
                    {"model":"%s","prompt":"%s"}""".formatted(model, text), timeout,
                    "authorization", "Bearer sk-test-1234");
            case OPENAI_EMBEDDINGS -> FakeHttp.postWithTimeout(server.openAiBaseUrl() + "/embeddings", """
                    {"model":"%s","input":"%s"}""".formatted(model, text), timeout,
                    "authorization", "Bearer sk-test-1234");
            case ANTHROPIC, ANTHROPIC_STREAM -> FakeHttp.postWithTimeout(server.anthropicBaseUrl() + "/v1/messages",
                    """
                    {"model":"%s","max_tokens":64,"messages":[{"role":"user","content":"%s"}]%s}"""
                            .formatted(model, text, stream), timeout,
                    "x-api-key", "sk-ant-test-1234", "anthropic-version", "2023-06-01");
            case GEMINI, GEMINI_STREAM -> FakeHttp.postWithTimeout(server.geminiBaseUrl() + "/v1beta/models/" + model
                    + (endpoint.stream ? ":streamGenerateContent?alt=sse" : ":generateContent"), """
                    {"contents":[{"role":"user","parts":[{"text":"%s"}]}]}""".formatted(text), timeout,
                    "x-goog-api-key", "AIza-test-1234");
        };
    }

    /** Whether a 200 reply carries the fake's normal answer for {@code model} (text, stream or embedding). */
    static boolean answeredNormally(Endpoint endpoint, Reply reply, String model) {
        if (reply.status() != 200) {
            return false;
        }
        if (endpoint == Endpoint.OPENAI_EMBEDDINGS) {
            return reply.json().at("/data/0/embedding").size() == OpenAiExtraEndpoints.DEFAULT_DIMENSIONS;
        }
        String hello = "Hello from " + model + ".";
        if (endpoint.stream) {
            return reply.body().contains("\"Hello") && reply.body().contains("\" w5\"")
                    && reply.body().contains(endpoint == Endpoint.GEMINI_STREAM ? "\"STOP\"" : "stop");
        }
        return reply.body().contains(hello + " w1 w2 w3 w4 w5");
    }
}
