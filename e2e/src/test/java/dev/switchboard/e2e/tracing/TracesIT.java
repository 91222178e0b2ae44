package dev.switchboard.e2e.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.e2e.E2eTest;
import dev.switchboard.e2e.platform.Platform;
import dev.switchboard.testkit.providers.RecordedRequest;
import dev.switchboard.testkit.seed.Tenants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry across the services, as an operator turns it on (the platform exports every service's spans to a
 * collector in this JVM): a client's W3C traceparent is continued by the gateway and carried on to accounts-service,
 * both export spans of that one trace, and a provider never sees our trace context.
 */
@E2eTest
class TracesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void a_trace_started_by_a_client_spans_the_gateway_and_accounts_service(Platform platform) throws Exception {
        Tenants db = new Tenants(platform.database()::connect);
        Tenants.Tenant tenant = db.create("traces-" + UUID.randomUUID(), 10_000_000_000L);
        Tenants.Key management = db.key(tenant.organizationId(), null, "ops", true);
        String traceId = randomHex(16);

        // the key API: the gateway forwards it to accounts-service
        HttpResponse<String> keys = HTTP.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/v1/keys"))
                .header("Authorization", "Bearer " + management.secret())
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);

        // spans leave each service in batches
        awaitSpan(platform, Platform.GATEWAY, traceId);
        awaitSpan(platform, Platform.ACCOUNTS, traceId);
    }

    @Test
    void a_provider_is_sent_no_trace_context(Platform platform) throws Exception {
        Tenants db = new Tenants(platform.database()::connect);
        Tenants.Tenant tenant = db.create("traces-" + UUID.randomUUID(), 10_000_000_000L);
        String traceId = randomHex(16);
        String marker = "trace-marker-" + UUID.randomUUID();
        HttpResponse<String> chat = HTTP.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/v1/chat/completions"))
                .header("Authorization", "Bearer " + tenant.secret()).header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "switchboard/echo", "messages": [{"role": "user", "content": "%s"}]}""".formatted(marker)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        RecordedRequest upstream = platform.fakeProvider().requests().stream().filter(r -> r.body().contains(marker))
                .findFirst().orElseThrow();
        assertThat(upstream.header("traceparent")).isNull();
        assertThat(upstream.header("tracestate")).isNull();
        awaitSpan(platform, Platform.GATEWAY, traceId); // the request itself is traced
    }

    private static void awaitSpan(Platform platform, String service, String traceId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!platform.otlp().hasSpan(service, traceId)) {
            assertThat(System.nanoTime()).as("a span of %s in trace %s (%d exports so far)", service, traceId,
                    platform.otlp().exports()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros, which W3C calls invalid
        return HexFormat.of().formatHex(b);
    }
}
