package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.api.InboundEmbeddingsRequest;
import dev.switchboard.gateway.api.openai.OpenAiEmbeddingsReader;
import dev.switchboard.gateway.api.openai.OpenAiEmbeddingsWriter;
import dev.switchboard.gateway.auth.Caller;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.catalog.CatalogModel;
import dev.switchboard.gateway.catalog.ModelCatalog;
import dev.switchboard.gateway.catalog.ModelKind;
import dev.switchboard.gateway.credit.CreditGuard;
import dev.switchboard.gateway.credit.Reservation;
import dev.switchboard.gateway.metering.GenerationIds;
import dev.switchboard.gateway.metering.GenerationRecord;
import dev.switchboard.gateway.metering.SpendCalculator;
import dev.switchboard.gateway.metering.UsageRecorder;
import dev.switchboard.gateway.providers.EmbeddingsAdapter;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderAdapters;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.http.ProviderHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code POST /api/v1/embeddings}: the same reserve → call → settle → record path as chat, for embedding models. */
@Singleton
public class EmbeddingsProxy {

    @Inject
    OpenAiEmbeddingsReader reader;
    @Inject
    OpenAiEmbeddingsWriter writer;
    @Inject
    ModelCatalog catalog;
    @Inject
    CreditGuard credit;
    @Inject
    ProviderAdapters adapters;
    @Inject
    ProviderHttp http;
    @Inject
    UsageRecorder recorder;

    public void handle(RoutingContext ctx, Caller caller, byte[] body) {
        ChatProxy.admit(recorder);
        InboundEmbeddingsRequest request = reader.read(body);
        CatalogModel model = catalog.model(request.model())
                .orElseThrow(() -> new ApiException(ErrorCode.MODEL_NOT_FOUND, "Model '" + request.model() + "' is not available here.",
                        Map.of("model", request.model())));
        if (model.kind() != ModelKind.EMBEDDING) {
            throw ApiException.badRequest("model", "'" + request.model() + "' is a chat model; embeddings need an embedding model (GET /api/v1/embeddings/models)");
        }
        CatalogEndpoint endpoint = model.endpoints().getFirst();
        EmbeddingsAdapter adapter = adapters.embeddingsFor(endpoint.format());
        if (adapter == null) {
            throw new ApiException(ErrorCode.NO_AVAILABLE_PROVIDER, "No provider of '" + request.model() + "' offers embeddings here.");
        }
        int estimate = request.inputs().stream().mapToInt(s -> SpendCalculator.utf8Length(s) / 3 + 2).sum();
        long worstCase = SpendCalculator.worstCaseNanos(estimate, 0, endpoint.prices());
        Instant now = Instant.now();
        String id = GenerationIds.next(now);
        long start = System.nanoTime();
        credit.reserve(caller, worstCase).onComplete(reserved -> {
            if (reserved.failed()) {
                ctx.fail(reserved.cause());
                return;
            }
            Reservation reservation = reserved.result();
            PreparedCall call = adapter.prepareEmbeddings(request.inputs(), request.dimensions(), request.user(), endpoint.toTarget());
            http.send(endpoint.toTarget(), call).compose(ProviderHttp.Call::response).compose(response -> response.body()
                    .map(bytes -> new Object[] {response, bytes})).onComplete(done -> {
                        if (done.failed()) {
                            fail(ctx, caller, endpoint, reservation, id, now, start, UpstreamErrors.asProviderException(done.cause()));
                            return;
                        }
                        HttpClientResponse response = (HttpClientResponse) done.result()[0];
                        byte[] bytes = ((Buffer) done.result()[1]).getBytes();
                        if (response.statusCode() >= 300) {
                            fail(ctx, caller, endpoint, reservation, id, now, start,
                                    adapters.forFormat(endpoint.format()).readError(response.statusCode(), ChatProxy.headers(response), bytes));
                            return;
                        }
                        EmbeddingsAdapter.EmbeddingsResult result;
                        try {
                            result = adapter.readEmbeddings(bytes);
                        } catch (ProviderException e) {
                            fail(ctx, caller, endpoint, reservation, id, now, start, e);
                            return;
                        }
                        boolean estimated = result.promptTokens() < 0;
                        int tokens = estimated ? request.inputs().stream().mapToInt(SpendCalculator::estimateTokens).sum() : result.promptTokens();
                        Usage usage = new Usage(tokens, 0, 0, 0, 0);
                        long cost = SpendCalculator.costNanos(usage, endpoint.prices());
                        ResponseMeta meta = new ResponseMeta(id, now.getEpochSecond(), endpoint.modelId(), endpoint.providerName(), usage,
                                cost, cost, 0, estimated);
                        credit.settle(reservation, cost);
                        recorder.record(generation(caller, endpoint, reservation, id, now, start, usage, estimated, cost, 200, null, null));
                        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").putHeader("X-Generation-Id", id)
                                .end(Buffer.buffer(writer.write(result.vectors(), request.encoding(), meta)));
                    });
        });
    }

    private void fail(RoutingContext ctx, Caller caller, CatalogEndpoint endpoint, Reservation reservation, String id, Instant now,
                      long start, ProviderException failure) {
        ApiException error = UpstreamErrors.toApi(failure, endpoint.providerName());
        credit.settle(reservation, 0);
        recorder.record(generation(caller, endpoint, reservation, id, now, start, Usage.ZERO, false, 0, error.code().status(),
                error.code().name().toLowerCase(), UpstreamErrors.recorded(error, failure, id)));
        ctx.fail(error);
    }

    private static GenerationRecord generation(Caller caller, CatalogEndpoint endpoint, Reservation reservation, String id, Instant now,
                                               long start, Usage usage, boolean estimated, long cost, int status, String errorCode,
                                               String errorMessage) {
        int elapsed = (int) ((System.nanoTime() - start) / 1_000_000);
        return new GenerationRecord(id, now, caller.organizationId(), caller.apiKeyId(), endpoint.modelId(), endpoint.providerId(),
                endpoint.providerName(), endpoint.id(), "embeddings", null, usage.promptTokens(), 0, 0, 0, estimated, cost, elapsed,
                elapsed, false, false, null, null, status, errorCode, errorMessage, null, null, null,
                ChatProxy.attemptsJson(endpoint.providerName(), status, elapsed),
                List.of(), reservation.organizationLeaseId(), reservation.keyLeaseId());
    }
}
