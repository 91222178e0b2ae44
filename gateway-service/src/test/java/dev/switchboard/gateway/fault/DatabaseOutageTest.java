package dev.switchboard.gateway.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.metering.UsageRecorder;
import dev.switchboard.testkit.seed.Tenants;
import dev.switchboard.testkit.db.InjectThrowawayPostgres;
import dev.switchboard.testkit.db.ThrowawayPostgres;
import dev.switchboard.testkit.db.ThrowawayPostgresResource;
import dev.switchboard.testkit.providers.FakeProvidersResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Postgres goes away under load and comes back (a server of the test's own, stopped and started for real).
 * Meanwhile the gateway serves what its cached keys and held leases cover, metering keeps the usage in memory
 * up to its bound, and everything else is a 503 with Retry-After in the OpenRouter envelope: never a 500.
 * Afterwards the first request that needs the database succeeds, and no usage is lost: every 200 has its row,
 * and what the clients were told they spent is what the ledger charged.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.OwnPostgres.class)
class DatabaseOutageTest {

    /** The gateway on a Postgres of its own, with a small metering bound so that the test reaches it. */
    public static class OwnPostgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.gateway.metering.max-queued", String.valueOf(MAX_QUEUED));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ThrowawayPostgresResource.class), new TestResourceEntry(FakeProvidersResource.class));
        }
    }

    private static final int MAX_QUEUED = 300;
    private static final long TEN_DOLLARS = 10_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectThrowawayPostgres
    ThrowawayPostgres postgres;
    @Inject
    UsageRecorder recorder;
    @Inject
    MeterRegistry meters;
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void an_outage_under_load_answers_503_never_500_and_loses_no_usage() throws Exception {
        Tenants tenants = new Tenants(postgres::connect);
        Tenants.Tenant busy = tenants.create("busy", TEN_DOLLARS);
        Tenants.Tenant unseen = tenants.create("unseen", TEN_DOLLARS); // its key is not cached when the database goes
        Tenants.Tenant unleased = tenants.create("unleased", TEN_DOLLARS); // key cached, but it holds no credit lease
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicLong reportedCost = new AtomicLong();
        AtomicInteger served = new AtomicInteger();
        HttpResponse<String> first = chat(busy.secret()); // the busy organization now holds a lease, its key is cached
        assertThat(first.statusCode()).isEqualTo(200);
        served.incrementAndGet();
        reportedCost.addAndGet(costNanos(first.body()));
        assertThat(get("/key", unleased.secret()).statusCode()).isEqualTo(200);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    HttpResponse<String> response = chat(busy.secret());
                    statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    if (response.statusCode() == 200) {
                        served.incrementAndGet();
                        reportedCost.addAndGet(costNanos(response.body()));
                    } else if (response.statusCode() != 503) {
                        unexpected.add(response.statusCode() + " " + response.body());
                    }
                }
            }));
        }
        Thread.sleep(1_000);

        postgres.stop();
        int servedBeforeOutage = served.get();
        double queuedPeak = 0;
        List<HttpResponse<String>> refused = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // 3 s without a database
            Thread.sleep(100);
            queuedPeak = Math.max(queuedPeak, meters.get("switchboard.metering.queue").gauge().value());
            if (i % 10 == 0) {
                refused.add(chat(unseen.secret()));
                refused.add(chat(unleased.secret()));
            }
        }
        int servedDuringOutage = served.get() - servedBeforeOutage;
        postgres.start();

        // metering writes what it held within its retry interval, with the busy clients still at it
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(recorder::accepting);
        Thread.sleep(1_000);
        stop.set(true);
        for (Thread client : clients) {
            client.join();
        }
        recorder.awaitFlushed(15_000);
        // then the first requests that need the database (an uncached key, a new lease) succeed at once: no dead
        // pooled connection is handed out. Asked with the load stopped and the queue drained, because while the
        // busy clients refill the queue to its bound, a 503 for anyone is the bound working, not a dead connection.
        HttpResponse<String> afterReturn = chat(unseen.secret());
        assertThat(afterReturn.statusCode()).as("an uncached key right after the restart: %s", afterReturn.body()).isEqualTo(200);
        afterReturn = chat(unleased.secret());
        assertThat(afterReturn.statusCode()).as("a new lease right after the restart: %s", afterReturn.body()).isEqualTo(200);
        recorder.awaitFlushed(15_000);

        assertThat(unexpected).as("answers other than 200 and 503").isEmpty();
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(r.body()).at("/error/code").asInt()).isEqualTo(503);
        });
        assertThat(servedDuringOutage).as("held leases keep serving while the database is away").isPositive();
        assertThat(queuedPeak).as("usage waits in memory, within its bound").isPositive().isLessThanOrEqualTo(MAX_QUEUED + 8);
        assertThat(statuses.get(503)).as("past the bound, the busy organization is refused too").isNotNull();

        // nothing lost: every 200 has its row, and the clients were charged exactly what they were told
        assertThat(tenants.generationCount(busy.organizationId())).isEqualTo(served.get());
        for (Tenants.Tenant t : List.of(busy, unseen, unleased)) {
            assertThat(tenants.balance(t.organizationId())).isEqualTo(tenants.ledgerSum(t.organizationId()));
            assertThat(-tenants.usageEntriesSum(t.organizationId())).isEqualTo(tenants.generationCostSum(t.organizationId()));
        }
        assertThat(-tenants.usageEntriesSum(busy.organizationId())).as("Σ costs reported with a 200 = Σ usage charged")
                .isEqualTo(reportedCost.get());
    }

    private HttpResponse<String> chat(String secret) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/chat/completions"))
                .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "switchboard/echo", "max_tokens": 8, "messages": [{"role": "user", "content": "Say hello to me"}]}""")));
    }

    private HttpResponse<String> get(String path, String secret) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path)).header("Authorization", "Bearer " + secret));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long costNanos(String body) {
        try {
            JsonNode cost = JSON.readTree(body).at("/usage/cost");
            return cost.decimalValue().movePointRight(9).longValueExact();
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }
}
