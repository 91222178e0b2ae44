package dev.switchboard.gateway.metering;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One request that reached a provider, as metering writes it to {@code generations}: what it cost, and the
 * leases its cost is charged against.
 */
public record GenerationRecord(
        String id,
        Instant createdAt,
        UUID organizationId,
        UUID apiKeyId,
        String modelId,
        String providerId,
        String providerName,
        UUID endpointId,
        String apiType,
        String upstreamId,
        int tokensPrompt,
        int tokensCompletion,
        int tokensReasoning,
        int tokensCached,
        int tokensCacheWrite,
        boolean tokensEstimated,
        long costNanos,
        Integer latencyMs,
        Integer generationTimeMs,
        boolean streamed,
        boolean cancelled,
        String finishReason,
        String nativeFinishReason,
        int status,
        String errorCode,
        String errorMessage,
        String appReferer,
        String appTitle,
        String externalUser,
        String providerResponsesJson,
        List<String> droppedParameters,
        UUID organizationLeaseId,
        UUID keyLeaseId) {

    /** A record without cache writes (embeddings; tests). */
    public GenerationRecord(String id, Instant createdAt, UUID organizationId, UUID apiKeyId, String modelId, String providerId,
                            String providerName, UUID endpointId, String apiType, String upstreamId, int tokensPrompt,
                            int tokensCompletion, int tokensReasoning, int tokensCached, boolean tokensEstimated, long costNanos,
                            Integer latencyMs, Integer generationTimeMs, boolean streamed, boolean cancelled, String finishReason,
                            String nativeFinishReason, int status, String errorCode, String errorMessage, String appReferer,
                            String appTitle, String externalUser, String providerResponsesJson, List<String> droppedParameters,
                            UUID organizationLeaseId, UUID keyLeaseId) {
        this(id, createdAt, organizationId, apiKeyId, modelId, providerId, providerName, endpointId, apiType, upstreamId,
                tokensPrompt, tokensCompletion, tokensReasoning, tokensCached, 0, tokensEstimated, costNanos, latencyMs,
                generationTimeMs, streamed, cancelled, finishReason, nativeFinishReason, status, errorCode, errorMessage,
                appReferer, appTitle, externalUser, providerResponsesJson, droppedParameters, organizationLeaseId, keyLeaseId);
    }
}
