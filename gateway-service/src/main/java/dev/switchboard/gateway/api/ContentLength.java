package dev.switchboard.gateway.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** The body length a request announces, read once for the body limit and for the lingering close after an early error. */
final class ContentLength {

    private ContentLength() {
    }

    /**
     * The announced {@code Content-Length}; -1 when there is none (a chunked body) and {@link Long#MAX_VALUE} for
     * digits beyond a long. Netty has already refused a value that is not digits.
     */
    static long announced(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        String digits = length.strip();
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return !digits.isEmpty() && digits.chars().allMatch(Character::isDigit) ? Long.MAX_VALUE : -1;
        }
    }
}
