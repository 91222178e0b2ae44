package dev.switchboard.testkit.providers;

/**
 * A runtime fault rule for one upstream model of the fake ({@link FakeFaults}): the effects of the failure
 * directives ({@link Directives}), laid over each matching request's own directives (the rule wins), for every
 * request or for the next {@code times} requests only. Immutable; build one from {@link #NONE}, e.g.
 * {@code Fault.NONE.withError(429).withRetryAfter(2).times(3)}.
 *
 * @param errorStatus the HTTP status to fail with (400..599), or 0 for none
 * @param hang accept the request and never answer
 * @param slowMillis wait this long before the first byte, or 0
 * @param chunkDelayMillis wait this long between stream events, or 0
 * @param malformed answer 200 with a cut JSON body (streams: one cut event)
 * @param midstreamError streams: 3 content events, then the format's in-stream error and a closed connection
 * @param retryAfterSeconds the retry delay an error answer asks for, in the format's form, or -1 for its default
 * @param times how many more requests the rule applies to (at least 1), or -1 for every request
 */
public record Fault(int errorStatus, boolean hang, long slowMillis, long chunkDelayMillis, boolean malformed,
        boolean midstreamError, int retryAfterSeconds, int times) {

    /** No effect, for every request: the start of every rule. */
    public static final Fault NONE = new Fault(0, false, 0, 0, false, false, -1, -1);

    public Fault {
        if (errorStatus != 0 && (errorStatus < 400 || errorStatus > 599)) {
            throw new IllegalArgumentException("error status must be 400..599 (or 0 for none): " + errorStatus);
        }
        if (slowMillis < 0 || chunkDelayMillis < 0) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (retryAfterSeconds < -1) {
            throw new IllegalArgumentException("retry-after must be 0 or more seconds (or -1 for the default)");
        }
        if (times == 0 || times < -1) {
            throw new IllegalArgumentException("times must be 1 or more (or -1 for every request): " + times);
        }
    }

    public Fault withError(int status) {
        return new Fault(status, hang, slowMillis, chunkDelayMillis, malformed, midstreamError, retryAfterSeconds,
                times);
    }

    public Fault withHang() {
        return new Fault(errorStatus, true, slowMillis, chunkDelayMillis, malformed, midstreamError,
                retryAfterSeconds, times);
    }

    public Fault withSlow(long millis) {
        return new Fault(errorStatus, hang, millis, chunkDelayMillis, malformed, midstreamError, retryAfterSeconds,
                times);
    }

    public Fault withChunkDelay(long millis) {
        return new Fault(errorStatus, hang, slowMillis, millis, malformed, midstreamError, retryAfterSeconds, times);
    }

    public Fault withMalformed() {
        return new Fault(errorStatus, hang, slowMillis, chunkDelayMillis, true, midstreamError, retryAfterSeconds,
                times);
    }

    public Fault withMidstreamError() {
        return new Fault(errorStatus, hang, slowMillis, chunkDelayMillis, malformed, true, retryAfterSeconds, times);
    }

    public Fault withRetryAfter(int seconds) {
        return new Fault(errorStatus, hang, slowMillis, chunkDelayMillis, malformed, midstreamError, seconds, times);
    }

    /** The same effects for the next {@code count} requests only (at least 1), then the rule is removed. */
    public Fault times(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("times must be 1 or more: " + count);
        }
        return new Fault(errorStatus, hang, slowMillis, chunkDelayMillis, malformed, midstreamError,
                retryAfterSeconds, count);
    }

    /** The same effects for every request, until cleared. */
    public Fault always() {
        return new Fault(errorStatus, hang, slowMillis, chunkDelayMillis, malformed, midstreamError,
                retryAfterSeconds, -1);
    }

    /** Whether the rule applies to every request rather than a counted number. */
    public boolean unlimited() {
        return times < 0;
    }
}
