package dev.switchboard.gateway.routing;

import dev.switchboard.gateway.providers.ProviderException;
import java.time.Duration;

/**
 * What to do when an attempt failed before any output reached the client: try the next candidate, try the same
 * endpoint again after its {@code Retry-After}, or give the client the failure.
 *
 * <ul>
 *   <li>The client's own mistakes (the provider says the request is invalid) and refused content end the attempts at
 *       that model: another provider of it would most likely say the same. The next model of {@code models}, if
 *       any, is tried (it may accept what this one refused, e.g. a longer prompt); else the client gets the
 *       provider's own words.</li>
 *   <li>Rate limits, overload, 5xx, timeouts, connection failures, unreadable answers and refused credentials (our
 *       key at that provider is bad) go to the next candidate, never to the same endpoint again at once.</li>
 *   <li>When no candidate is left and the provider named a {@code Retry-After} that still fits in the request's
 *       deadline, the same endpoint is tried once more after that delay (at most once per endpoint).</li>
 * </ul>
 */
public final class FallbackPolicy {

    /** The decision after a failed attempt. */
    public sealed interface Decision {
        /** Try the next candidate of the plan now. */
        record Next() implements Decision {
        }

        /** Try the same endpoint again after {@code delay}. */
        record RetrySame(Duration delay) implements Decision {
        }

        /** Answer the client with this failure. */
        record GiveUp(String why) implements Decision {
        }
    }

    private FallbackPolicy() {
    }

    /**
     * @param failure      what went wrong
     * @param plan         the request's plan, with the failed attempt already recorded
     * @param remaining    time left before the request's deadline
     * @param retriedSame  whether this endpoint was already retried after a Retry-After
     * @param failedModel  the model of the failed attempt
     */
    public static Decision decide(ProviderException failure, RoutePlan plan, Duration remaining, boolean retriedSame,
                                  String failedModel) {
        if (!failure.retryable()) {
            if (remaining.isPositive() && plan.hasOtherModel(failedModel)) {
                plan.dropModel(failedModel, "not tried: another provider of " + failedModel + " refused the request as invalid");
                return new Decision.Next();
            }
            return new Decision.GiveUp("the provider's answer is not one another attempt could change");
        }
        if (remaining.isNegative() || remaining.isZero()) {
            return new Decision.GiveUp("the request's routing deadline has passed");
        }
        if (plan.hasNext()) {
            return new Decision.Next();
        }
        Duration retryAfter = failure.retryAfter();
        if (!retriedSame && retryAfter != null && failure.kind() != ProviderException.Kind.AUTH
                && retryAfter.compareTo(remaining) < 0) {
            return new Decision.RetrySame(retryAfter);
        }
        return new Decision.GiveUp(plan.attempts() > 1 ? "every candidate endpoint failed" : "no other endpoint may serve this request");
    }
}
