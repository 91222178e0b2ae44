package dev.switchboard.web.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** The dashboard's settings ({@code switchboard.web.*}); the other services' URLs are the REST clients' own. */
@ConfigMapping(prefix = "switchboard.web")
public interface WebConfig {

    /** The dashboard's own public base URL (Keycloak redirects back to it). */
    String url();

    /** The gateway's public base URL, shown to people as the place to point their SDK at ({@code <url>/api/v1}). */
    String gatewayUrl();

    /** Below this balance (USD) every page shows the low-balance banner. */
    @WithDefault("1.00")
    BigDecimal lowBalanceUsd();
}
