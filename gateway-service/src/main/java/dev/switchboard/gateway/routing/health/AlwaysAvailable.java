package dev.switchboard.gateway.routing.health;

import io.quarkus.arc.DefaultBean;
import jakarta.inject.Singleton;
import java.util.UUID;

/** Placeholder until the health tracker lands: every endpoint available, nothing measured. */
@Singleton
@DefaultBean
public class AlwaysAvailable implements EndpointHealth {

    private static final Permit PERMIT = new Permit() {
        @Override
        public void succeeded(long firstTokenMillis, long generationMillis, int outputTokens) {
        }

        @Override
        public void failed(dev.switchboard.gateway.providers.ProviderException failure) {
        }

        @Override
        public void abandoned() {
        }
    };

    @Override
    public Availability availability(UUID endpointId) {
        return Availability.AVAILABLE;
    }

    @Override
    public Permit tryAcquire(UUID endpointId) {
        return PERMIT;
    }

    @Override
    public EndpointStats stats(UUID endpointId) {
        return EndpointStats.NONE;
    }
}
