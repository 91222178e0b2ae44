package dev.switchboard.gateway.providers.http;

import dev.switchboard.gateway.providers.ProviderException;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * A failure of our own HTTP client (no provider answer at all: refused, reset, unresolvable) as a provider failure.
 * Its message reaches the client, so it names only the kind of failure ({@code could not connect (connection
 * refused)}); the cause, which names the provider's internal address ({@code Connection refused: /10.0.3.7:9001}),
 * is kept as the exception's {@link ProviderException#detail() detail}, for the log and the generation.
 */
public final class ConnectionFailures {

    /** Connecting failed: nothing was sent. */
    public static final String CONNECT_FAILED = "connect_failed";
    /** The connection failed after the request was (maybe partly) sent. */
    public static final String CONNECTION_ERROR = "connection_error";

    private ConnectionFailures() {
    }

    /** @param code {@link #CONNECT_FAILED} or {@link #CONNECTION_ERROR} */
    public static ProviderException of(String code, Throwable cause) {
        String message = (CONNECT_FAILED.equals(code) ? "could not connect" : "the connection failed") + " (" + kind(cause) + ")";
        String detail = String.valueOf(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        return new ProviderException(ProviderException.Kind.UPSTREAM, 0, code, message, null, detail);
    }

    /** The kind of failure, in words that name no host, address or port. */
    static String kind(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException || t instanceof SocketTimeoutException) {
                return "timed out";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof NoRouteToHostException) {
                return "host unreachable";
            }
            if (t instanceof ConnectException) {
                return t.getMessage() != null && t.getMessage().contains("refused") ? "connection refused" : "host unreachable";
            }
            if (t instanceof SSLException) {
                return "TLS failed";
            }
            if (t instanceof StreamResetException) {
                return "stream reset";
            }
            if (t instanceof HttpClosedException) {
                return "connection closed";
            }
            if (t.getMessage() != null && t.getMessage().contains("Connection reset")) {
                return "connection reset";
            }
        }
        return "connection error";
    }
}
