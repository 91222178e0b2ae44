package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.api.anthropic.AnthropicBetas;
import dev.switchboard.gateway.api.anthropic.AnthropicMessagesReader;
import dev.switchboard.gateway.api.anthropic.MessagesDialect;
import dev.switchboard.gateway.api.openai.ChatDialect;
import dev.switchboard.gateway.api.openai.CompletionsDialect;
import dev.switchboard.gateway.api.openai.OpenAiChatRequestReader;
import dev.switchboard.gateway.api.openai.OpenAiCompletionsReader;
import dev.switchboard.gateway.api.openai.OpenAiEmbeddingsReader;
import dev.switchboard.gateway.api.openai.OpenAiEmbeddingsWriter;
import dev.switchboard.gateway.api.responses.ResponsesDialect;
import dev.switchboard.gateway.api.responses.ResponsesRequest;
import dev.switchboard.gateway.api.responses.ResponsesRequestReader;
import dev.switchboard.gateway.routing.RoutingOptions;
import dev.switchboard.gateway.auth.ApiKeyAuthHandler;
import dev.switchboard.gateway.auth.Caller;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.proxy.ChatProxy;
import dev.switchboard.gateway.proxy.EmbeddingsProxy;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.List;

/** The inference endpoints: each reads its public format into the canonical request and hands it to the proxy. */
@Singleton
public class InferenceResources {

    private static final List<String> TITLE_HEADERS = List.of("X-Title", "X-OpenRouter-Title");
    private static final String REFERER_HEADER = "HTTP-Referer";

    @Inject
    ChatProxy proxy;
    @Inject
    EmbeddingsProxy embeddingsProxy;
    @Inject
    OpenAiChatRequestReader chatReader;
    @Inject
    OpenAiCompletionsReader completionsReader;
    @Inject
    AnthropicMessagesReader messagesReader;
    @Inject
    ResponsesRequestReader responsesReader;
    @Inject
    OpenAiEmbeddingsReader embeddingsReader;
    @Inject
    OpenAiEmbeddingsWriter embeddingsWriter;
    @Inject
    ChatDialect chatDialect;
    @Inject
    CompletionsDialect completionsDialect;

    public void chat(RoutingContext ctx) {
        ctx.put(ErrorResponder.DIALECT, chatDialect);
        attributionHeaders(ctx);
        InboundChatRequest inbound = chatReader.read(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        proxy.handle(ctx, inferenceCaller(ctx), inbound.chat(), inbound.routing(), chatDialect);
    }

    public void completions(RoutingContext ctx) {
        ctx.put(ErrorResponder.DIALECT, completionsDialect);
        attributionHeaders(ctx);
        InboundChatRequest inbound = completionsReader.read(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        proxy.handle(ctx, inferenceCaller(ctx), inbound.chat(), inbound.routing(), completionsDialect);
    }

    /** Errors of /messages are in Anthropic's shape from the first handler on (body limit and auth included). */
    public void messagesDialect(RoutingContext ctx) {
        ctx.put(ErrorResponder.DIALECT, MessagesDialect.INSTANCE);
        ctx.next();
    }

    public void messages(RoutingContext ctx) {
        attributionHeaders(ctx);
        FieldReader body = FieldReader.body(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        ChatRequest request = messagesReader.read(body.node());
        List<String> betas = AnthropicBetas.read(ctx.request().headers().getAll(AnthropicBetas.HEADER));
        if (!betas.isEmpty()) {
            request = request.withExtension(AnthropicBetas.PARAMETER, betas);
        }
        RoutingOptions options = ProviderPreferencesReader.options(body, body.texts("models", ClientText.MODEL), request.model());
        proxy.handle(ctx, inferenceCaller(ctx), request, options, MessagesDialect.INSTANCE);
    }

    /** OpenAI's Responses API; its errors are in the OpenRouter envelope, as on /chat/completions. */
    public void responses(RoutingContext ctx) {
        attributionHeaders(ctx);
        ResponsesRequest request = responsesReader.read(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        ResponsesDialect dialect = new ResponsesDialect(request.settings());
        ctx.put(ErrorResponder.DIALECT, dialect);
        proxy.handle(ctx, inferenceCaller(ctx), request.chat(), request.routing(), dialect);
    }

    public void embeddings(RoutingContext ctx) {
        attributionHeaders(ctx);
        Caller caller = inferenceCaller(ctx);
        InboundEmbeddingsRequest request = embeddingsReader.read(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        embeddingsProxy.handle(ctx, caller, request.model(), request.inputs(), request.dimensions(), request.user(),
                new RoutingOptions(List.of(), request.provider()),
                (vectors, meta) -> embeddingsWriter.write(vectors, request.encoding(), meta));
    }

    /**
     * OpenRouter's app attribution headers, which the generation records (the proxy reads them): checked like the
     * body's client strings, before any work, so a bad one is the client's 400 and never an unwritable row.
     */
    private static void attributionHeaders(RoutingContext ctx) {
        for (String title : TITLE_HEADERS) {
            ClientText.check(title + " header", ctx.request().getHeader(title), ClientText.TITLE);
        }
        ClientText.check(REFERER_HEADER + " header", ctx.request().getHeader(REFERER_HEADER), ClientText.REFERER);
    }

    private static Caller inferenceCaller(RoutingContext ctx) {
        Caller caller = ApiKeyAuthHandler.caller(ctx);
        if (caller.management()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Management keys manage keys; they cannot call models. Use an ordinary API key.");
        }
        return caller;
    }
}
