package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.http.ConnectionFailures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Turns a provider's failure into our error, keeping the provider's own reason in the message and in
 * {@code metadata} (name, status, code), never an opaque "provider returned error".
 */
public final class UpstreamErrors {

    private static final Logger LOG = Logger.getLogger(UpstreamErrors.class);

    private UpstreamErrors() {
    }

    /** A failure that is not the provider's answer (connection refused or reset) as a provider failure. */
    public static ProviderException asProviderException(Throwable t) {
        if (t instanceof ProviderException pe) {
            return pe;
        }
        return ConnectionFailures.of(ConnectionFailures.CONNECTION_ERROR, t);
    }

    /**
     * The generation's {@code error_message}: what the client was told, then what only operators may read (the
     * provider's address of a connection failure), which the response never carries; that part is logged too.
     */
    public static String recorded(ApiException error, ProviderException failure, String generationId) {
        if (failure.detail() == null) {
            return error.getMessage();
        }
        LOG.warnf("%s: %s: %s", generationId, error.getMessage(), failure.detail());
        return error.getMessage() + ": " + failure.detail();
    }

    public static ApiException toApi(ProviderException e, String providerName) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("provider_name", providerName);
        metadata.put("error_type", e.kind().name().toLowerCase());
        if (e.upstreamStatus() > 0) {
            metadata.put("upstream_status", e.upstreamStatus());
        }
        if (e.upstreamCode() != null) {
            metadata.put("upstream_code", e.upstreamCode());
        }
        metadata.put("raw", e.getMessage() == null ? "" : e.getMessage());
        if (e.retryAfter() != null) {
            metadata.put("retry_after_seconds", Math.max(1, e.retryAfter().toSeconds()));
        }
        String reason = e.getMessage() == null || e.getMessage().isBlank() ? "no reason given" : e.getMessage();
        return switch (e.kind()) {
            case RATE_LIMITED -> new ApiException(ErrorCode.RATE_LIMITED, providerName + " is rate limiting requests: " + reason, metadata);
            case TIMEOUT -> new ApiException(ErrorCode.UPSTREAM_TIMEOUT, providerName + " timed out: " + reason, metadata);
            case INVALID_REQUEST -> new ApiException(ErrorCode.BAD_REQUEST, providerName + " rejected the request: " + reason, metadata);
            case CONTENT_FILTERED -> new ApiException(ErrorCode.FORBIDDEN, providerName + " refused the content: " + reason, metadata);
            case AUTH -> new ApiException(ErrorCode.UPSTREAM_ERROR, providerName + " refused the gateway's credentials (an operator must fix the provider key): " + reason, metadata);
            case OVERLOADED -> new ApiException(ErrorCode.UPSTREAM_ERROR, providerName + " is overloaded: " + reason, metadata);
            case BAD_RESPONSE -> new ApiException(ErrorCode.UPSTREAM_ERROR, providerName + " sent a response the gateway could not read: " + reason, metadata);
            case UPSTREAM -> new ApiException(ErrorCode.UPSTREAM_ERROR, providerName + " failed: " + reason, metadata);
        };
    }
}
