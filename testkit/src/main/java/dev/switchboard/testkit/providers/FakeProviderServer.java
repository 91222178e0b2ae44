package dev.switchboard.testkit.providers;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake LLM provider that speaks the OpenAI, Anthropic Messages and Google Gemini wire formats (success bodies,
 * SSE streams and the real error bodies) on one port, deterministically. It runs on its own Vert.x instance, one
 * event loop per core, and never blocks. Base URLs: {@code BASE/openai/v1}, {@code BASE/anthropic},
 * {@code BASE/gemini}; see {@code testkit/README.md} for the routes.
 *
 * <h2>Reply rules (all formats)</h2>
 * <ul>
 * <li><b>Text.</b> {@code "Hello from MODEL."} then the filler words {@code w1 w2 … wN}, N = 5 by default (8 words
 * in all), or the {@code words} directive. Stream deltas are the words, each after the first with its leading
 * space, so the deltas concatenate to the non-stream text.</li>
 * <li><b>Completion tokens</b> = the number of words of the reply ({@value FakeReply#TOOL_CALL_TOKENS} for a
 * tool call), plus the reasoning tokens for OpenAI.</li>
 * <li><b>Max tokens</b> ({@code max_completion_tokens}, {@code max_tokens}, {@code max_output_tokens},
 * {@code maxOutputTokens}) cut the reply to that many words: finish {@code length} / {@code max_tokens} /
 * {@code MAX_TOKENS}. A value below 1 is rejected with 400 (Gemini: ignored). Tool calls are never cut.</li>
 * <li><b>Stop sequences</b> equal to a whole reply word end the reply before that word: finish {@code stop} /
 * {@code stop_sequence} (with {@code stop_sequence} set) / {@code STOP}. The max tokens limit is checked first.</li>
 * <li><b>Prompt tokens</b> = words of the system prompt (OpenAI {@code system}/{@code developer} messages, Anthropic
 * {@code system}, Gemini {@code systemInstruction}) + for each other message: 1 + the words of its text parts and
 * tool results + 85 per image or other media part. Tool calls in assistant messages count nothing more. Directive
 * markers such as {@code [[words:3]]} are ordinary words.</li>
 * <li><b>Tools.</b> If tools are declared, the tool choice is not none and the last message is a user message
 * without tool results, the reply is one call to the forced tool (or the first declared) with arguments from its
 * JSON schema: string {@code "example"}, number/integer {@code 1}, boolean {@code true}, other {@code null}, in
 * schema order, compact JSON; streamed (OpenAI, Anthropic) in at least 3 pieces of at most 8 characters. Gemini
 * sends the whole call in one chunk, as it does.</li>
 * <li><b>After a tool result</b> (the last message holds tool results) the reply is
 * {@code "Tool result received: "} + the first 5 words of the results' text.</li>
 * <li><b>Usage.</b> {@code cached} tokens (at most the prompt tokens) are part of OpenAI {@code prompt_tokens} and
 * Gemini {@code promptTokenCount}; Anthropic reports {@code input_tokens} = prompt − cached and
 * {@code cache_read_input_tokens} = cached. Reasoning tokens: OpenAI adds them to {@code completion_tokens} and
 * reports {@code reasoning_tokens}; Gemini reports {@code thoughtsTokenCount} beside {@code candidatesTokenCount}
 * and adds it to {@code totalTokenCount}; Anthropic ignores them.</li>
 * <li><b>Reasoning signatures</b> ({@link FakeSignatures}). Anthropic, with {@code thinking} enabled, answers a
 * {@code thinking} block signed over its text (streamed: {@code thinking_delta}s, then {@code signature_delta}) and
 * refuses a changed signature, or a final assistant turn with tool calls that does not start with its thinking, with
 * Anthropic's own 400 messages. Gemini, with a {@code thinkingConfig} whose budget is not 0, puts a
 * {@code thoughtSignature} on the first function call part (else on the last text part) and a thought summary part
 * first when {@code includeThoughts}; it refuses a signature it did not issue ("Corrupted thought signature.") and a
 * function call of the current turn sent back without one.</li>
 * <li><b>Prompt cache</b> (Anthropic). The prompt up to the last block marked {@code cache_control} (system blocks,
 * then messages) is written to the cache the first time ({@code cache_creation_input_tokens}) and read when the same
 * prefix comes again ({@code cache_read_input_tokens}); its tokens are counted as any prompt's. It never expires.</li>
 * <li><b>Directives</b>: see {@link Directives}. Keys {@code bad-key} (and missing keys) are rejected with each
 * format's real authentication error.</li>
 * </ul>
 *
 * <p>The server keeps the last {@value RequestLog#CAPACITY} requests ({@link #requests()}) and counters (per
 * format and per upstream model), also served as JSON by {@code GET /__fake/requests}, {@code GET /__fake/stats}
 * and {@code POST /__fake/reset}. A response the client abandons before its end (a stream, or a {@code hang})
 * counts as a cancelled stream.
 *
 * <p>Runtime fault rules per upstream model ({@link #faults()}, over HTTP {@code /__fake/faults}, see
 * {@link FakeFaultsRoutes}) make one model fail, hang or slow down, and recover, while the others answer normally.
 */
public final class FakeProviderServer implements AutoCloseable {

    /** Handles the requests of one wire format. */
    interface Handler {
        void handle(Exchange exchange, Buffer body);
    }

    private static final long STARTUP_SECONDS = 30;

    private final Vertx vertx;
    private final String host;
    private final RequestLog log = new RequestLog();
    private final FakeFaults faults = new FakeFaults();
    private final FakeFaultsRoutes faultRoutes = new FakeFaultsRoutes(faults);
    private final AtomicLong sequence = new AtomicLong();
    private final Handler openAi = new OpenAiFakeHandler();
    private final Handler anthropic = new AnthropicFakeHandler();
    private final Handler gemini = new GeminiFakeHandler();
    private final Set<Integer> boundPorts = ConcurrentHashMap.newKeySet();
    private volatile int port;

    private FakeProviderServer(String host, int eventLoops) {
        this.host = host;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1));
    }

    /** Starts a server on 127.0.0.1; port 0 picks a free port. */
    public static FakeProviderServer start(int port) {
        return start("127.0.0.1", port);
    }

    /** Starts a server on the given interface and port (0 picks a free port). */
    public static FakeProviderServer start(String host, int port) {
        int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
        FakeProviderServer server = new FakeProviderServer(host, eventLoops);
        // One server per event loop; servers of one Vert.x instance on the same host and port share the socket.
        // A negative port is Vert.x's "random port shared by every server that asks for this same number".
        int shared = port == 0 ? -1 : port;
        try {
            await(server.vertx.deployVerticle(() -> server.new Listener(shared),
                    new DeploymentOptions().setInstances(eventLoops)));
            if (server.boundPorts.size() != 1) {
                throw new IllegalStateException("fake provider servers bound different ports: " + server.boundPorts);
            }
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The root URL, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://" + host + ":" + port;
    }

    /** {@code BASE/openai/v1}, the base URL an OpenAI client expects. */
    public String openAiBaseUrl() {
        return baseUrl() + "/openai/v1";
    }

    /** {@code BASE/anthropic}, the base URL an Anthropic client expects. */
    public String anthropicBaseUrl() {
        return baseUrl() + "/anthropic";
    }

    /** {@code BASE/gemini}, the base URL a Gemini client expects. */
    public String geminiBaseUrl() {
        return baseUrl() + "/gemini";
    }

    /** The last received provider requests, oldest first (at most {@value RequestLog#CAPACITY}). */
    public List<RecordedRequest> requests() {
        return log.requests();
    }

    /** The logged requests of one format, oldest first. */
    public List<RecordedRequest> requests(FakeFormat format) {
        return log.requests().stream().filter(r -> r.format() == format).toList();
    }

    /** The most recent provider request, or null. */
    public RecordedRequest lastRequest() {
        List<RecordedRequest> all = log.requests();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Provider requests received in a format since the start or the last reset. */
    public long requestCount(FakeFormat format) {
        return log.requestCount(format);
    }

    /**
     * Provider requests naming {@code upstreamModel} (body {@code model}, Gemini path segment) since the start or
     * the last reset, not bounded by the log's capacity. Requests refused before their body was read as JSON
     * name no model and are not counted here.
     */
    public long requestCount(String upstreamModel) {
        return log.requestCount(upstreamModel);
    }

    /** The runtime fault rules, keyed by upstream model name. */
    public FakeFaults faults() {
        return faults;
    }

    /** Streams written to their normal end (an aborting {@code midstream-error} stream is not counted). */
    public long completedStreams() {
        return log.completedStreams();
    }

    /** Responses (streamed or not, e.g. {@code hang}) whose client closed the connection before their end. */
    public long cancelledStreams() {
        return log.cancelledStreams();
    }

    /** Clears the request log, the counters and the fault rules. */
    public void reset() {
        log.reset();
        faults.clearAll();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(STARTUP_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Vertx vertx() {
        return vertx;
    }

    RequestLog log() {
        return log;
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith("/openai/")) {
            dispatch(request, FakeFormat.OPENAI, openAi);
        } else if (path.startsWith("/anthropic/")) {
            dispatch(request, FakeFormat.ANTHROPIC, anthropic);
        } else if (path.startsWith("/gemini/")) {
            dispatch(request, FakeFormat.GEMINI, gemini);
        } else if (path.equals("/health")) {
            json(request, 200, "{\"status\":\"UP\"}");
        } else if (path.equals("/__fake/requests") && request.method() == HttpMethod.GET) {
            json(request, 200, FakeJson.write(log.requestsJson()));
        } else if (path.equals("/__fake/stats") && request.method() == HttpMethod.GET) {
            json(request, 200, FakeJson.write(log.statsJson()));
        } else if (path.equals("/__fake/reset") && request.method() == HttpMethod.POST) {
            reset();
            json(request, 200, FakeJson.write(log.statsJson()));
        } else if (FakeFaultsRoutes.matches(path)) {
            faultRoutes.handle(request, path);
        } else {
            json(request, 404, "{\"error\":\"no fake route for " + request.method() + " " + path + "\"}");
        }
    }

    private void dispatch(HttpServerRequest request, FakeFormat format, Handler handler) {
        Exchange exchange = new Exchange(this, request, format);
        request.body().onSuccess(body -> {
            try {
                handler.handle(exchange, body);
            } catch (RuntimeException e) {
                exchange.send(500, "text/plain", "fake provider failure: " + e);
            }
        });
    }

    private static void json(HttpServerRequest request, int status, String body) {
        request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STARTUP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the fake provider", e);
        } catch (Exception e) {
            throw new IllegalStateException("fake provider did not start: " + e.getMessage(), e);
        }
    }

    private final class Listener extends AbstractVerticle {
        private final int wantedPort;

        Listener(int wantedPort) {
            this.wantedPort = wantedPort;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(wantedPort).setTcpNoDelay(true))
                    .requestHandler(FakeProviderServer.this::handle)
                    .listen()
                    .onSuccess(server -> {
                        port = server.actualPort();
                        boundPorts.add(port);
                        started.complete();
                    })
                    .onFailure(started::fail);
        }
    }
}
