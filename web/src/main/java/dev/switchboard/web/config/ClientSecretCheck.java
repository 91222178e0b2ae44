package dev.switchboard.web.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start in production without the web client's secret ({@code %prod} has no default for it: the
 * development one is public, in the repository's realm). Quarkus takes a missing secret as none and would start,
 * failing only at the first login.
 */
@Singleton
class ClientSecretCheck {

    @ConfigProperty(name = "quarkus.oidc.credentials.secret")
    Optional<String> secret;

    void check(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return; // dev and tests run against the local realm and its default
        }
        if (secret.isEmpty() || secret.get().isBlank()) {
            throw new IllegalStateException("QUARKUS_OIDC_CREDENTIALS_SECRET is not set: it must be the secret of the realm's "
                    + "'web' client (deploy/local/up.sh sets the local realm's)");
        }
    }
}
