package dev.switchboard.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.support.GatewayProcess;
import dev.switchboard.testkit.seed.Tenants;
import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.providers.FakeProviderServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM under load loses no generation: the packaged gateway, under a steady stream of requests (some of them
 * slow streams still in flight), is sent SIGTERM; every response a client received complete has its generation
 * row, and the ledger invariants hold with every lease handed back.
 */
class GracefulShutdownIT {

    private static final String PLAIN = """
            {"model": "switchboard/echo", "max_tokens": 8, "messages": [{"role": "user", "content": "Say hello to me"}]}""";
    private static final String SLOW_STREAM = """
            {"model": "switchboard/echo-anthropic", "max_tokens": 100, "stream": true,
             "messages": [{"role": "user", "content": "go [[words:20]] [[chunk-delay:50]]"}]}""";

    @Test
    void sigterm_under_load_loses_no_generation_row() throws Exception {
        try (TestDatabase db = TestDatabase.create("sb_sigterm"); FakeProviderServer fake = FakeProviderServer.start(0)) {
            GatewayProcess gateway = GatewayProcess.start("sigterm", db, fake, Map.of());
            int port = gateway.port;
            try {
                Tenants tenants = new Tenants(db::connect);
                Tenants.Tenant t = tenants.create("sigterm", 100_000_000_000L);

                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                Set<String> completed = ConcurrentHashMap.newKeySet();
                AtomicInteger failures = new AtomicInteger();
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService clients = Executors.newFixedThreadPool(12);
                for (int i = 0; i < 12; i++) {
                    boolean streaming = i % 3 == 0;
                    clients.submit(() -> {
                        while (running.get()) {
                            try {
                                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/chat/completions"))
                                        .header("Authorization", "Bearer " + t.secret()).header("Content-Type", "application/json")
                                        .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(streaming ? SLOW_STREAM : PLAIN)).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                boolean whole = r.statusCode() == 200 && (!streaming || r.body().contains("data: [DONE]"));
                                if (whole) {
                                    completed.add(r.headers().firstValue("x-generation-id").orElseThrow());
                                } else {
                                    failures.incrementAndGet();
                                }
                            } catch (IOException | InterruptedException e) {
                                failures.incrementAndGet();
                                sleep(20); // the gateway is going away: refused connections
                            }
                        }
                    });
                }
                Thread.sleep(3_000);
                int before = completed.size();
                assertThat(gateway.terminate(60)).as("the gateway stops within 60 s of SIGTERM").isTrue();
                running.set(false);
                clients.shutdown();
                clients.awaitTermination(30, TimeUnit.SECONDS);

                assertThat(before).as("load was flowing before SIGTERM").isGreaterThan(50);
                List<String> missing = completed.stream()
                        .filter(id -> tenants.scalar("SELECT count(*) FROM generations WHERE id = ?", id) != 1).toList();
                assertThat(missing).as("completed responses without a generation row").isEmpty();
                long rows = tenants.generationCount(t.organizationId());
                assertThat(rows).isGreaterThanOrEqualTo(completed.size());
                assertThat(tenants.balance(t.organizationId())).isEqualTo(tenants.ledgerSum(t.organizationId()));
                assertThat(-tenants.usageEntriesSum(t.organizationId())).isEqualTo(tenants.generationCostSum(t.organizationId()));
                assertThat(tenants.scalar("SELECT count(*) FROM credit_leases")).as("every lease handed back").isZero();
                assertThat(tenants.scalar("SELECT leased_nanos FROM organization_balances WHERE organization_id = ?", t.organizationId())).isZero();
                System.out.printf("SIGTERM under load: %d responses completed (%d before SIGTERM), %d refused or cut, %d generation rows%n",
                        completed.size(), before, failures.get(), rows);
            } finally {
                gateway.close();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
