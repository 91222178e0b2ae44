package dev.switchboard.gateway.routing.health;

import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderException.Kind;

/** Provider failures as adapters make them. */
final class Failures {

    static final ProviderException OVERLOADED = new ProviderException(Kind.OVERLOADED, 503, null, "overloaded", null);
    static final ProviderException RATE_LIMITED = new ProviderException(Kind.RATE_LIMITED, 429, null, "slow down", null);
    static final ProviderException INVALID = new ProviderException(Kind.INVALID_REQUEST, 400, null, "bad temperature", null);
    static final ProviderException FILTERED = new ProviderException(Kind.CONTENT_FILTERED, 400, null, "refused", null);

    private Failures() {
    }
}
