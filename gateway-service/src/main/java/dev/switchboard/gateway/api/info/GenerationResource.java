package dev.switchboard.gateway.api.info;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.auth.ApiKeyAuthHandler;
import dev.switchboard.gateway.auth.Caller;
import dev.switchboard.gateway.metering.GenerationIds;
import dev.switchboard.gateway.metering.GenerationRecord;
import dev.switchboard.gateway.metering.UsageRecorder;
import dev.switchboard.shared.generations.ProviderResponses;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/generation?id=gen-…}: one request's record, in the shape the OpenRouter SDK requires
 * (every key present). Only generations of the caller's organization are found; others answer 404.
 * A generation still in the metering queue is served from memory, so it is visible right after the response.
 */
@ApplicationScoped
public class GenerationResource {

    private static final String BY_ID = """
            SELECT g.*, p.name AS provider_name FROM generations g LEFT JOIN providers p ON p.id = g.provider_id
            WHERE g.id = $1 AND g.organization_id = $2 AND g.created_at >= $3 AND g.created_at < $4""";

    @Inject
    Pool pool;
    @Inject
    ObjectMapper json;
    @Inject
    UsageRecorder recorder;

    public void handle(RoutingContext ctx) {
        Caller caller = ApiKeyAuthHandler.caller(ctx);
        String id = ctx.request().getParam("id");
        if (id == null || id.isBlank()) {
            ctx.fail(ApiException.badRequest("id", "the query parameter id (a generation id, gen-…) is required"));
            return;
        }
        Instant second = GenerationIds.timeOf(id);
        if (second == null) {
            // not an id we could have made (malformed, or its second out of range): no lookup, and no echo of it
            ctx.fail(new ApiException(ErrorCode.NOT_FOUND,
                    "Generation not found: a generation id has the form gen-<unix seconds>-<20 letters or digits>."));
            return;
        }
        Optional<GenerationRecord> pending = recorder.unwritten(id).filter(g -> g.organizationId().equals(caller.organizationId()));
        if (pending.isPresent()) {
            JsonResponses.ok(ctx, json, Map.of("data", view(pending.get())));
            return;
        }
        pool.preparedQuery(BY_ID).execute(Tuple.of(id, caller.organizationId(),
                second.atOffset(ZoneOffset.UTC), second.plusSeconds(1).atOffset(ZoneOffset.UTC))).onComplete(result -> {
                    if (result.failed()) {
                        ctx.fail(result.cause());
                        return;
                    }
                    if (result.result().size() == 0) {
                        ctx.fail(notFound(id));
                        return;
                    }
                    JsonResponses.ok(ctx, json, Map.of("data", view(result.result().iterator().next())));
                });
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.NOT_FOUND, "Generation " + id + " not found.");
    }

    private Map<String, Object> view(GenerationRecord g) {
        return view(g.id(), g.modelId(), g.createdAt(), g.costNanos(), g.apiType(), g.finishReason(), g.nativeFinishReason(),
                g.appReferer(), g.providerName(), g.upstreamId(), g.externalUser(), g.tokensPrompt(), g.tokensCompletion(),
                g.tokensReasoning(), g.tokensCached(), g.tokensCacheWrite(), g.generationTimeMs(), g.latencyMs(), g.cancelled(), g.streamed(),
                g.providerResponsesJson());
    }

    private Map<String, Object> view(Row r) {
        return view(r.getString("id"), r.getString("model_id"), r.getOffsetDateTime("created_at").toInstant(), r.getLong("cost_nanos"),
                r.getString("api_type"), r.getString("finish_reason"), r.getString("native_finish_reason"), r.getString("app_referer"),
                r.getString("provider_name"), r.getString("upstream_id"), r.getString("external_user"), r.getInteger("tokens_prompt"),
                r.getInteger("tokens_completion"), r.getInteger("tokens_reasoning"), r.getInteger("tokens_cached"),
                r.getInteger("tokens_cache_write"), r.getInteger("generation_time_ms"), r.getInteger("latency_ms"), r.getBoolean("cancelled"), r.getBoolean("streamed"),
                r.getValue("provider_responses") == null ? null : r.getValue("provider_responses").toString());
    }

    private Map<String, Object> view(String id, String model, Instant createdAt, long costNanos, String apiType, String finish,
                                     String nativeFinish, String referer, String providerName, String upstreamId, String user,
                                     int prompt, int completion, int reasoning, int cached, int cacheWrite, Integer generationTime,
                                     Integer latency,
                                     boolean cancelled, boolean streamed, String providerResponses) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("model", model);
        d.put("created_at", createdAt.toString());
        d.put("origin", referer == null ? "" : referer);
        d.put("data_region", "global");
        d.put("is_byok", false);
        d.put("total_cost", Usd.of(costNanos));
        d.put("usage", Usd.of(costNanos));
        d.put("upstream_inference_cost", null);
        d.put("api_type", apiType);
        d.put("app_id", null);
        d.put("cache_discount", null);
        d.put("cancelled", cancelled);
        d.put("external_user", user);
        d.put("finish_reason", finish);
        d.put("generation_time", generationTime);
        d.put("http_referer", referer);
        d.put("latency", latency);
        d.put("moderation_latency", null);
        d.put("native_finish_reason", nativeFinish);
        d.put("native_tokens_cached", cached);
        // ours: prompt tokens written to the provider's cache, billed at its cache-write price (part of native_tokens_prompt)
        d.put("native_tokens_cache_write", cacheWrite);
        d.put("native_tokens_completion", completion);
        d.put("native_tokens_completion_images", null);
        d.put("native_tokens_prompt", prompt);
        d.put("native_tokens_reasoning", reasoning);
        d.put("num_fetches", null);
        d.put("num_input_audio_prompt", null);
        d.put("num_media_completion", null);
        d.put("num_media_prompt", null);
        d.put("num_search_results", null);
        d.put("preset_id", null);
        d.put("provider_name", providerName);
        JsonNode responses = parse(providerResponses);
        d.put("provider_responses", ProviderResponses.attempts(responses));
        d.put("router", null);
        d.put("routing", ProviderResponses.routing(responses));
        d.put("service_tier", null);
        d.put("streamed", streamed);
        d.put("tokens_completion", completion);
        d.put("tokens_prompt", prompt);
        d.put("upstream_id", upstreamId);
        d.put("user_agent", null);
        d.put("web_search_engine", null);
        d.put("workspace_id", null);
        return d;
    }

    private JsonNode parse(String providerResponses) {
        if (providerResponses == null) {
            return null;
        }
        try {
            return json.readTree(providerResponses);
        } catch (Exception e) {
            return null;
        }
    }
}
