package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.gateway.support.GatewayProcess;
import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.providers.FakeProviderServer;
import dev.switchboard.testkit.seed.Tenants;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two gateway replicas (two packaged processes) over one Postgres and one Redis, as on Kubernetes: rate limits
 * counted once for both, a revoked key refused by both within a second, an organization's credit spent across both
 * as on one (the replica without credit gets what the other holds unused), and a replica killed with SIGKILL
 * costing its leases only until they expire. The last test kills replica b.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    // as in CreditConcurrencyTest: worst case 53 750 nano-USD, actual cost 36 250
    private static final String BODY = """
            {"model": "switchboard/echo", "max_tokens": 8, "messages": [{"role": "user", "content": "Say hello to me"}]}""";
    private static final long ACTUAL_COST = 36_250;
    private static final long WORST_CASE = 53_750;

    private static TestDatabase db;
    private static FakeProviderServer fake;
    private static GatewayProcess a;
    private static GatewayProcess b;
    private static Tenants tenants;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void two_replicas() throws Exception {
        boolean redis;
        try (Socket s = new Socket("127.0.0.1", 6379)) {
            redis = true;
        } catch (java.io.IOException e) {
            redis = false;
        }
        if (System.getenv("SWITCHBOARD_TEST_REQUIRE_REDIS") != null) {
            assertThat(redis).as("SWITCHBOARD_TEST_REQUIRE_REDIS is set, but no Redis answers at 127.0.0.1:6379").isTrue();
        }
        assumeTrue(redis, "no Redis at 127.0.0.1:6379");
        db = TestDatabase.create("sb_replicas");
        fake = FakeProviderServer.start(0);
        String run = UUID.randomUUID().toString();
        Map<String, String> env = Map.of(
                "SWITCHBOARD_RATE_LIMITS_REDIS", "true",
                "SWITCHBOARD_GATEWAY_RATE_LIMITS_REDIS_KEY_PREFIX", "switchboard-test:" + run + ":rl",
                "SWITCHBOARD_HEALTH_REDIS", "true",
                "SWITCHBOARD_GATEWAY_HEALTH_REDIS_KEY_PREFIX", "switchboard-test:" + run + ":health",
                // leases that expire within seconds, renewed every second, and small slices, so that the SIGKILL
                // test sees an expiry and refills happen often
                "SWITCHBOARD_GATEWAY_CREDIT_LEASE_TTL", "4s",
                "SWITCHBOARD_GATEWAY_CREDIT_MAINTENANCE_INTERVAL", "1s",
                "SWITCHBOARD_GATEWAY_CREDIT_MIN_LEASE_NANOS", "1000000");
        a = GatewayProcess.start("replica-a", db, fake, env);
        b = GatewayProcess.start("replica-b", db, fake, env);
        tenants = new Tenants(db::connect);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[]{a, b, fake, db}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void a_key_limited_to_n_a_minute_gets_n_across_both_replicas() throws Exception {
        // a few limited requests first: a freshly started JVM may answer its first ones slower than the Redis timeout
        Tenants.Tenant warm = tenants.create("warm-" + UUID.randomUUID(), 10_000_000_000L);
        tenants.exec("UPDATE api_keys SET rate_limit_rpm = 1000 WHERE id = ?", warm.keyId());
        awaitKeyLimit(warm, 1000);
        for (int i = 0; i < 20; i++) {
            send(i % 2 == 0 ? a : b, warm.secret(), BODY).join();
        }
        Tenants.Tenant t = tenants.create("rate-" + UUID.randomUUID(), 10_000_000_000L);
        tenants.exec("UPDATE api_keys SET rate_limit_rpm = 6 WHERE id = ?", t.keyId());
        awaitKeyLimit(t, 6);

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(send(i % 2 == 0 ? a : b, t.secret(), BODY));
        }
        int ok = 0;
        int limited = 0;
        long now = System.currentTimeMillis();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.join();
            assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("6");
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                limited++;
                assertThat(r.body()).contains("\"code\":429", "key_requests_per_minute");
                assertThat(Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 10);
                assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
                assertThat(Long.parseLong(r.headers().firstValue("X-RateLimit-Reset").orElseThrow()) - now).isBetween(50_000L, 61_000L);
            }
        }
        assertThat(ok).as("6 a minute, both replicas together").isEqualTo(6);
        assertThat(limited).isEqualTo(10);
        assertThat(counter(a.metrics(), "switchboard_rate_limits_refused_total", "scope=\"key\"", "kind=\"requests\"")
                + counter(b.metrics(), "switchboard_rate_limits_refused_total", "scope=\"key\"", "kind=\"requests\"")).isEqualTo(10);
        assertThat(a.metrics()).contains("switchboard_rate_limits_shared 1.0");
    }

    @Test
    @Order(2)
    void a_revoked_key_fails_on_both_within_a_second() throws Exception {
        Tenants.Tenant t = tenants.create("revoke-" + UUID.randomUUID(), 10_000_000_000L);
        assertThat(send(a, t.secret(), BODY).join().statusCode()).isEqualTo(200); // cached on both
        assertThat(send(b, t.secret(), BODY).join().statusCode()).isEqualTo(200);
        long revoked = System.nanoTime();
        tenants.disable(t.keyId());
        boolean aRefused = false;
        boolean bRefused = false;
        while (!(aRefused && bRefused) && System.nanoTime() - revoked < TimeUnit.SECONDS.toNanos(2)) {
            aRefused |= send(a, t.secret(), BODY).join().statusCode() == 401;
            bRefused |= send(b, t.secret(), BODY).join().statusCode() == 401;
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked);
        assertThat(aRefused && bRefused).isTrue();
        assertThat(took).as("both replicas refuse the key within a second").isLessThan(1000);
        System.out.printf("revoked key refused by both replicas after %d ms%n", took);
    }

    @Test
    @Order(3)
    void credit_for_ten_requests_at_once_across_both_lets_at_most_ten_through() {
        long credit = 9 * ACTUAL_COST + WORST_CASE; // the tenth request's worst case still fits, an eleventh does not
        Tenants.Tenant t = tenants.create("burst-" + UUID.randomUUID(), credit);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(send(i % 2 == 0 ? a : b, t.secret(), BODY));
        }
        int ok = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.join();
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(402);
            }
        }
        // in flight, each holds its worst case: at most 7 fit at once, and at most 10 in all
        assertThat(ok).isBetween(1, 10);
        awaitLedger(t, ok);
    }

    @Test
    @Order(4)
    void credit_held_by_one_replica_serves_the_other_at_once() {
        long credit = 9 * ACTUAL_COST + WORST_CASE;
        Tenants.Tenant t = tenants.create("alternate-" + UUID.randomUUID(), credit);
        int ok = 0;
        long slowest = 0;
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = send(i % 2 == 0 ? a : b, t.secret(), BODY).join();
            slowest = Math.max(slowest, System.nanoTime() - start);
            statuses.add(r.statusCode());
            if (r.statusCode() == 200) {
                ok++;
            }
        }
        // the first request leases all the credit to its replica; every other request is on the other replica,
        // which gets it handed back (credit_wanted) instead of a 402 or a wait for the idle return (10 s)
        assertThat(statuses).as("exactly what the credit covers, alternating replicas").containsExactly(
                200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 402);
        assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).as("a handed-back lease takes milliseconds").isLessThan(2_000);
        awaitLedger(t, ok);
        System.out.printf("alternating replicas: 10 of 10 affordable requests served, slowest %d ms%n", TimeUnit.NANOSECONDS.toMillis(slowest));
    }

    @Test
    @Order(5)
    void a_replica_killed_with_sigkill_loses_its_leases_only_until_they_expire() throws Exception {
        Tenants.Tenant t = tenants.create("sigkill-" + UUID.randomUUID(), 10_000_000_000L);
        Set<String> fromA = ConcurrentHashMap.newKeySet();
        Set<String> fromB = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            GatewayProcess target = i % 2 == 0 ? a : b;
            Set<String> ids = target == a ? fromA : fromB;
            Thread client = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = send(target, t.secret(), BODY).get(10, TimeUnit.SECONDS);
                        if (r.statusCode() == 200) {
                            ids.add(r.headers().firstValue("x-generation-id").orElseThrow());
                        }
                    } catch (Exception e) {
                        if (target == b) {
                            return; // killed
                        }
                    }
                }
            });
            clients.add(client);
        }
        Thread.sleep(2_000);
        String bMetrics = b.metrics(); // what b held unwritten just before it dies, for the record
        b.kill();
        long killedAt = System.nanoTime();
        String bHolder = b.pid() + "@%";
        UUID org = t.organizationId();
        String bLeasesOfOrg = "SELECT count(*) FROM credit_leases WHERE holder LIKE ? AND organization_id = ?";
        long bLeases = tenants.scalar(bLeasesOfOrg, bHolder, org);
        assertThat(bLeases).as("the killed replica's leases are still there").isPositive();
        assertThat(fromB).as("b was serving").isNotEmpty();

        // a keeps serving, and once b's leases expire its next refill reclaims them
        while (tenants.scalar(bLeasesOfOrg, bHolder, org) > 0) {
            assertThat(System.nanoTime() - killedAt).as("b's leases reclaimed after their 4 s expiry (a served %d; leases: %s)",
                    fromA.size(), tenants.text("SELECT string_agg(holder || ' ' || amount_nanos || ' ' || (expires_at - now()), '; ') "
                            + "FROM credit_leases WHERE organization_id = ?", org))
                    .isLessThan(TimeUnit.SECONDS.toNanos(20));
            Thread.sleep(100);
        }
        long reclaimedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        running.set(false);
        for (Thread client : clients) {
            client.join(15_000);
        }
        assertThat(a.terminate(60)).isTrue(); // SIGTERM: a flushes and hands its leases back

        List<String> missingA = fromA.stream().filter(id -> tenants.scalar("SELECT count(*) FROM generations WHERE id = ?", id) != 1).toList();
        assertThat(missingA).as("every response a served has its generation row").isEmpty();
        long missingB = fromB.stream().filter(id -> tenants.scalar("SELECT count(*) FROM generations WHERE id = ?", id) != 1).count();
        assertThat(tenants.balance(org)).as("balance = Σ ledger").isEqualTo(tenants.ledgerSum(org));
        assertThat(-tenants.usageEntriesSum(org)).as("Σ usage = Σ generation costs").isEqualTo(tenants.generationCostSum(org));
        assertThat(tenants.scalar("SELECT count(*) FROM credit_leases WHERE organization_id = ?", org)).isZero();
        assertThat(tenants.scalar("SELECT leased_nanos FROM organization_balances WHERE organization_id = ?", org)).isZero();
        System.out.printf("SIGKILL: a served %d, b served %d before the kill (%d of them unwritten when it died; b's queue a "
                + "moment before: %.0f, its slowest batch lag %.3f s); b's leases reclaimed %d ms after the kill%n", fromA.size(),
                fromB.size(), missingB, gauge(bMetrics, "switchboard_metering_queue"), gauge(bMetrics, "switchboard_metering_lag_seconds_max"),
                reclaimedAfter);
    }

    private static CompletableFuture<HttpResponse<String>> send(GatewayProcess gateway, String secret, String body) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until both replicas apply the key's requests-per-minute setting (its NOTIFY reached both). */
    private static void awaitKeyLimit(Tenants.Tenant t, int rpm) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (GatewayProcess g : List.of(a, b)) {
            while (true) {
                String key = HTTP.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/key")).header("Authorization", "Bearer " + t.secret()).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (key.contains("\"rate_limit\":{\"requests\":" + rpm) || key.matches("(?s).*\"requests\"\\s*:\\s*" + rpm + "\\b.*")) {
                    break;
                }
                assertThat(System.nanoTime()).as("the key's setting reached both replicas: " + key).isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    /** Both replicas flush within milliseconds: then balance = Σ ledger and the costs are the successes'. */
    private static void awaitLedger(Tenants.Tenant t, int ok) {
        UUID org = t.organizationId();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tenants.generationCount(org) < ok) {
            assertThat(System.nanoTime()).as("generations written").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(tenants.generationCount(org)).isEqualTo(ok);
        assertThat(tenants.generationCostSum(org)).isEqualTo(ok * ACTUAL_COST);
        assertThat(tenants.balance(org)).as("balance = Σ ledger").isEqualTo(tenants.ledgerSum(org)).isNotNegative();
        assertThat(-tenants.usageEntriesSum(org)).isEqualTo(tenants.generationCostSum(org));
    }

    private static double gauge(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(-1);
    }

    private static double counter(String metrics, String name, String... labels) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && java.util.Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
