package dev.switchboard.gateway.routing.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.gateway.routing.health.EndpointHealth.Availability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas (two trackers) sharing health through the real Redis on 127.0.0.1:6379, each test under its own key
 * prefix; the refreshes are driven by hand, time by a shared test clock. Without a Redis there the tests are skipped
 * (Redis is optional to Switchboard), unless {@code SWITCHBOARD_TEST_REQUIRE_REDIS} is set, as {@code .ci/run} does.
 */
class RedisHealthShareTest {

    private static Vertx vertx;
    private static Redis redis;

    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
    private final UUID endpoint = UUID.randomUUID();
    private String prefix;
    private HealthTracker a;
    private HealthTracker b;

    @BeforeAll
    static void connect() throws Exception {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, "redis://127.0.0.1:6379");
        boolean reachable;
        try {
            done(redis.send(Request.cmd(Command.PING)));
            reachable = true;
        } catch (ExecutionException e) {
            reachable = false;
        }
        if (System.getenv("SWITCHBOARD_TEST_REQUIRE_REDIS") != null) {
            assertThat(reachable).as("SWITCHBOARD_TEST_REQUIRE_REDIS is set, but no Redis answers at 127.0.0.1:6379").isTrue();
        }
        assumeTrue(reachable, "no Redis at 127.0.0.1:6379 (start one: redis-server --port 6379 --bind 127.0.0.1)");
    }

    @AfterAll
    static void disconnect() throws Exception {
        redis.close();
        done(vertx.close());
    }

    @BeforeEach
    void two_replicas() {
        prefix = "switchboard-test:" + UUID.randomUUID();
        a = replica(redis);
        b = replica(redis);
    }

    @AfterEach
    void forget_the_keys() throws Exception {
        if (prefix == null) {
            return;
        }
        Response keys = done(redis.send(Request.cmd(Command.KEYS).arg(prefix + ":*")));
        for (Response key : keys) {
            done(redis.send(Request.cmd(Command.DEL).arg(key.toString())));
        }
    }

    private HealthTracker replica(Redis client) {
        HealthTracker tracker = new HealthTracker(TestHealthConfig.defaults(), new SimpleMeterRegistry(), now::get,
                id -> EndpointState.Name.UNKNOWN);
        tracker.share(new RedisHealthShare(client, prefix, 1_000, Duration.ofMinutes(5).toMillis(), now::get));
        return tracker;
    }

    private static <T> T done(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void refresh(HealthTracker... replicas) throws Exception {
        for (HealthTracker replica : replicas) {
            done(replica.refresh());
        }
    }

    private static void fail(HealthTracker replica, UUID endpoint, int times) {
        for (int i = 0; i < times; i++) {
            replica.tryAcquire(endpoint).failed(Failures.OVERLOADED);
        }
    }

    /** A half-open probe, once this replica's claim on it has come back from Redis. */
    private Permit probe(HealthTracker replica) {
        AtomicReference<Permit> probe = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            probe.set(replica.tryAcquire(endpoint));
            return probe.get() != null;
        });
        return probe.get();
    }

    @Test
    void counts_and_latencies_of_both_replicas_merge() throws Exception {
        for (int i = 0; i < 3; i++) {
            a.tryAcquire(endpoint).succeeded(100, 0, 10);
        }
        fail(b, endpoint, 2);
        b.tryAcquire(endpoint).succeeded(1_000, 0, 10);
        assertThat(a.stats(endpoint).requests30s()).as("before sharing: its own").isEqualTo(3);

        refresh(a, b, a);

        for (HealthTracker replica : new HealthTracker[] {a, b}) {
            EndpointStats stats = replica.stats(endpoint);
            assertThat(stats.requests30s()).isEqualTo(6);
            assertThat(stats.successRate30s()).isCloseTo(4 / 6.0, within(1e-9));
            assertThat(stats.requests5m()).isEqualTo(6);
            assertThat(stats.latencyMillis()).as("median of 100, 100, 100, 1000").isCloseTo(100, within(12.5));
        }
        fail(a, endpoint, 1);
        assertThat(a.stats(endpoint).requests30s()).as("what it has not sent yet counts at once").isEqualTo(7);
        refresh(a, b);
        assertThat(b.stats(endpoint).requests30s()).isEqualTo(7);
    }

    @Test
    void an_open_circuit_is_shared_and_its_probe_claimed_by_one_replica() throws Exception {
        refresh(a, b); // both reach Redis: probes now need the cluster-wide claim
        fail(a, endpoint, 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            refresh(b);
            return !b.availability(endpoint).available();
        });
        assertThat(b.availability(endpoint).reason()).startsWith("circuit open after 5 failures in a row (last: overloaded, HTTP 503)");
        assertThat(b.tryAcquire(endpoint)).as("b stops sending too").isNull();

        now.addAndGet(5_000);
        Permit probe = probe(a);
        assertThat(b.tryAcquire(endpoint)).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.availability(endpoint).reason() != null
                && b.availability(endpoint).reason().endsWith("another replica is probing it"));
        assertThat(b.tryAcquire(endpoint)).as("the claim is a's: no second probe").isNull();

        probe.failed(Failures.OVERLOADED); // doubles the back-off for everyone and gives the claim up
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            refresh(b);
            return b.availability(endpoint).retryAfterSeconds() == 10;
        });
        assertThat(b.availability(endpoint).reason()).startsWith("circuit open after the half-open probe failed");

        now.addAndGet(10_000);
        Permit second = probe(b);
        second.succeeded(200, 0, 10);
        assertThat(b.availability(endpoint)).isEqualTo(Availability.AVAILABLE);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            refresh(a);
            return a.availability(endpoint).available();
        });
        assertThat(a.tryAcquire(endpoint)).as("closed on a by b's probe").isNotNull();
    }

    @Test
    void without_redis_each_replica_judges_alone_and_requests_never_wait() throws Exception {
        Redis nowhere = Redis.createClient(vertx, "redis://127.0.0.1:1");
        try {
            HealthTracker alone = replica(nowhere);
            alone.tryAcquire(endpoint).succeeded(100, 0, 10);
            refresh(alone); // fails: Redis away
            refresh(alone);

            assertThat(alone.stats(endpoint).requests30s()).isEqualTo(1);
            fail(alone, endpoint, 5);
            assertThat(alone.availability(endpoint).available()).isFalse();
            now.addAndGet(5_000);
            assertThat(alone.tryAcquire(endpoint)).as("probed without a claim").isNotNull();
            assertThat(alone.tryAcquire(endpoint)).as("still one at a time").isNull();
        } finally {
            nowhere.close();
        }
    }
}
