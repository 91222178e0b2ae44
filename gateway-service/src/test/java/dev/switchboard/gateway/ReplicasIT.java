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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * losing no generation it served (its successor on its journal writes them) and its leases only until they expire.
 * The last test stops replica a.
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
    private static Map<String, String> replicaEnv;
    /** Replicas a test starts besides a and b: stopped after all, whatever the test's outcome. */
    private static final List<GatewayProcess> others = new ArrayList<>();
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
        replicaEnv = Map.of(
                "SWITCHBOARD_RATE_LIMITS_REDIS", "true",
                "SWITCHBOARD_GATEWAY_RATE_LIMITS_REDIS_KEY_PREFIX", "switchboard-test:" + run + ":rl",
                "SWITCHBOARD_HEALTH_REDIS", "true",
                "SWITCHBOARD_GATEWAY_HEALTH_REDIS_KEY_PREFIX", "switchboard-test:" + run + ":health",
                // leases that expire within seconds, renewed every second, and small slices, so that the SIGKILL
                // test sees an expiry and refills happen often
                "SWITCHBOARD_GATEWAY_CREDIT_LEASE_TTL", "4s",
                "SWITCHBOARD_GATEWAY_CREDIT_MAINTENANCE_INTERVAL", "1s",
                "SWITCHBOARD_GATEWAY_CREDIT_MIN_LEASE_NANOS", "1000000");
        a = GatewayProcess.start("replica-a", db, fake, replicaEnv);
        b = GatewayProcess.start("replica-b", db, fake, replicaEnv);
        tenants = new Tenants(db::connect);
    }

    @AfterAll
    static void stop() throws Exception {
        others.forEach(GatewayProcess::close);
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
    void a_replica_killed_with_sigkill_loses_no_settled_generation_and_its_leases_only_until_they_expire() throws Exception {
        Tenants.Tenant t = tenants.create("sigkill-" + UUID.randomUUID(), 10_000_000_000L);
        UUID org = t.organizationId();
        Path journal = Files.createTempDirectory("replica-c-journal-");
        Map<String, String> cEnv = new HashMap<>(replicaEnv);
        cEnv.put("SWITCHBOARD_METERING_JOURNAL", journal.toString());
        Map<String, String> slow = new HashMap<>(cEnv);
        // c writes its metering every 2 s, so that it surely dies holding answers it served and had not written
        slow.put("SWITCHBOARD_GATEWAY_METERING_FLUSH_INTERVAL", "2s");
        slow.put("SWITCHBOARD_GATEWAY_METERING_BATCH_SIZE", "100000");
        GatewayProcess c = GatewayProcess.start("replica-c", db, fake, slow);
        others.add(c);
        Set<String> fromA = ConcurrentHashMap.newKeySet();
        Set<String> fromC = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            GatewayProcess target = i % 2 == 0 ? a : c;
            Set<String> ids = target == a ? fromA : fromC;
            clients.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = send(target, t.secret(), BODY).get(10, TimeUnit.SECONDS);
                        if (r.statusCode() == 200) {
                            ids.add(r.headers().firstValue("x-generation-id").orElseThrow());
                        }
                        Thread.sleep(2); // room on two cores for the restart below
                    } catch (Exception e) {
                        if (target == c) {
                            return; // killed
                        }
                    }
                }
            }));
        }
        Thread.sleep(3_000);
        c.kill();
        long killedAt = System.nanoTime();
        String cHolder = c.pid() + "@%";
        String cLeasesOfOrg = "SELECT count(*) FROM credit_leases WHERE holder LIKE ? AND organization_id = ?";
        assertThat(tenants.scalar(cLeasesOfOrg, cHolder, org)).as("the killed replica's leases are still there").isPositive();
        Set<String> writtenAtKill = Set.copyOf(generationIds(org));
        List<String> unwrittenAtKill = fromC.stream().filter(id -> !writtenAtKill.contains(id)).toList();
        assertThat(unwrittenAtKill).as("c died holding answers it had served and not written (c served %d)", fromC.size()).isNotEmpty();

        // c comes back on its journal, as Kubernetes restarts a killed container on its emptyDir
        GatewayProcess restarted = GatewayProcess.start("replica-c-restarted", db, fake, cEnv);
        others.add(restarted);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Set.copyOf(generationIds(org)).containsAll(fromC)) {
            assertThat(System.nanoTime()).as("the restarted replica writes what c had not").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(counter(restarted.metrics(), "switchboard_metering_journal_replayed_total"))
                .as("written from the journal: exactly what the database lacked (the rest c had committed)")
                .isEqualTo(unwrittenAtKill.size());

        // a keeps serving, and once c's leases expire its next refill reclaims them
        while (tenants.scalar(cLeasesOfOrg, cHolder, org) > 0) {
            assertThat(System.nanoTime() - killedAt).as("c's leases reclaimed after their 4 s expiry (a served %d; leases: %s)",
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
        assertThat(restarted.terminate(60)).isTrue();

        Set<String> served = new HashSet<>(fromA);
        served.addAll(fromC);
        assertThat(generationIds(org)).as("every answer either replica served has exactly one generation row, and nothing else does")
                .hasSameSizeAs(served).containsExactlyInAnyOrderElementsOf(served);
        assertThat(tenants.balance(org)).as("balance = Σ ledger").isEqualTo(tenants.ledgerSum(org));
        assertThat(-tenants.usageEntriesSum(org)).as("Σ usage = Σ generation costs: billed once each").isEqualTo(tenants.generationCostSum(org));
        assertThat(tenants.scalar("SELECT count(*) FROM credit_leases WHERE organization_id = ?", org)).isZero();
        assertThat(tenants.scalar("SELECT leased_nanos FROM organization_balances WHERE organization_id = ?", org)).isZero();
        try (var files = Files.list(journal)) {
            assertThat(files.filter(p -> p.toString().endsWith(".journal")).toList()).as("a clean stop leaves no journal to replay").isEmpty();
        }
        System.out.printf("SIGKILL: a served %d, c served %d before the kill, %d of them unwritten when it died, all written by the "
                + "restarted c from its journal; c's leases reclaimed %d ms after the kill%n", fromA.size(), fromC.size(),
                unwrittenAtKill.size(), reclaimedAfter);
    }

    /** The organization's generation ids, one query (a query per id takes minutes for thousands). */
    private static List<String> generationIds(UUID org) throws java.sql.SQLException {
        List<String> ids = new ArrayList<>();
        try (java.sql.Connection c = db.connect();
             java.sql.PreparedStatement s = c.prepareStatement("SELECT id FROM generations WHERE organization_id = ?")) {
            s.setObject(1, org);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
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

    private static double counter(String metrics, String name, String... labels) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && java.util.Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
