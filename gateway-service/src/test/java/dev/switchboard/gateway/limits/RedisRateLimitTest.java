package dev.switchboard.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.gateway.auth.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The limits counted in a real Redis: two limiters (two replicas) sharing one count, the script deciding as the
 * in-memory fallback does, and a Redis that goes away and comes back (a redis-server of the test's own, on a free
 * port). Skipped without redis-server, unless {@code SWITCHBOARD_TEST_REQUIRE_REDIS} is set, as {@code .ci/run} does.
 */
class RedisRateLimitTest {

    private static Vertx vertx;
    private static Process server;
    private static int port;

    private final List<RateLimiter> limiters = new ArrayList<>();
    private final List<Redis> clients = new ArrayList<>();
    private final String prefix = "switchboard-test:" + UUID.randomUUID();

    @BeforeAll
    static void start_a_redis() throws Exception {
        boolean installed = new ProcessBuilder("sh", "-c", "command -v redis-server").start().waitFor() == 0;
        if (System.getenv("SWITCHBOARD_TEST_REQUIRE_REDIS") != null) {
            assertThat(installed).as("SWITCHBOARD_TEST_REQUIRE_REDIS is set, but redis-server is not installed").isTrue();
        }
        assumeTrue(installed, "redis-server is not installed");
        vertx = Vertx.vertx();
        port = freePort();
        server = redisServer(port);
    }

    @AfterAll
    static void stop_it() throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @AfterEach
    void close() {
        limiters.forEach(RateLimiter::close);
        clients.forEach(Redis::close);
    }

    @Test
    void two_replicas_share_one_count() throws Exception {
        RateLimiter a = limiter(5, null);
        RateLimiter b = limiter(5, null);
        Caller caller = caller(null, null);
        int admitted = 0;
        List<Long> remaining = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Verdict v = done((i % 2 == 0 ? a : b).admit(caller));
            assertThat(v.shared()).isTrue();
            if (v.allowed()) {
                admitted++;
                remaining.add(v.statuses().getFirst().remaining());
            } else {
                assertThat(v.refusing().retryMicros()).isBetween(1L, 12_000_000L);
            }
        }
        assertThat(admitted).isEqualTo(5);
        assertThat(remaining).containsExactly(4L, 3L, 2L, 1L, 0L);
        assertThat(counter(a, "switchboard.rate_limits.refused", "key", "requests")
                + counter(b, "switchboard.rate_limits.refused", "key", "requests")).isEqualTo(5);
    }

    @Test
    void the_script_decides_as_the_in_memory_fallback_does() throws Exception {
        // the same sequence through Redis and through memory: same verdicts, same figures (times within 50 ms: the
        // two clocks are Redis's and this JVM's, read a few milliseconds apart)
        RateLimiter shared = limiter(4, 1000L);
        RateLimiter alone = limiter(4, 1000L, false);
        Caller caller = caller(null, null);
        for (int step = 0; step < 7; step++) {
            if (step == 2) {
                shared.chargeTokens(caller, 1200);
                alone.chargeTokens(caller, 1200);
            }
            Verdict r = done(shared.admit(caller));
            Verdict m = done(alone.admit(caller));
            assertThat(r.shared()).isTrue();
            assertThat(m.shared()).isFalse();
            assertThat(r.allowed()).as("step " + step).isEqualTo(m.allowed());
            for (int i = 0; i < r.statuses().size(); i++) {
                Verdict.Status rs = r.statuses().get(i);
                Verdict.Status ms = m.statuses().get(i);
                assertThat(rs.limit()).isEqualTo(ms.limit());
                assertThat(rs.remaining()).as("step " + step + " " + rs.limit().name()).isEqualTo(ms.remaining());
                assertThat(rs.resetMicros()).isCloseTo(ms.resetMicros(), within(50_000L));
                assertThat(rs.retryMicros()).isCloseTo(ms.retryMicros(), within(50_000L));
            }
        }
    }

    @Test
    void without_redis_a_replica_counts_alone_and_shares_again_once_it_is_back() throws Exception {
        RateLimiter a = limiter(3, null);
        Caller caller = caller(null, null);
        assertThat(done(a.admit(caller)).shared()).isTrue();

        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Verdict during = done(a.admit(caller));
        assertThat(during.allowed()).as("a request does not fail because Redis is away").isTrue();
        assertThat(during.shared()).isFalse();
        assertThat(a.sharedNow()).as("one failed call: that request is decided here, Redis is not yet away").isTrue();
        // counted alone from here: a fresh count of 3; the third failure in a row makes Redis away
        assertThat(done(a.admit(caller)).allowed()).isTrue();
        assertThat(done(a.admit(caller)).allowed()).isTrue();
        assertThat(a.sharedNow()).isFalse();
        assertThat(gauge(a)).isZero();
        Verdict refused = done(a.admit(caller));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.shared()).isFalse();
        assertThat(counter(a, "switchboard.rate_limits.local_decisions", null, null)).isEqualTo(4);
        assertThat(counter(a, "switchboard.rate_limits.redis_failures", null, null)).isEqualTo(3);

        server = redisServer(port); // an empty Redis, as after a restart: the script is loaded again
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(a::sharedNow);
        assertThat(gauge(a)).isEqualTo(1);
        Verdict after = done(a.admit(caller));
        assertThat(after.shared()).isTrue();
        assertThat(after.allowed()).isTrue();
        assertThat(after.statuses().getFirst().remaining()).isEqualTo(2);
    }

    @Test
    void a_key_setting_replaces_the_default_and_the_organization_applies_on_top() {
        RateLimiter a = limiter(5, null);
        Caller own = caller(2, 500L);
        List<Limit> limits = a.limits(own);
        assertThat(limits).extracting(Limit::name, Limit::perMinute).containsExactly(
                org.assertj.core.groups.Tuple.tuple("key_requests_per_minute", 2L),
                org.assertj.core.groups.Tuple.tuple("key_tokens_per_minute", 500L),
                org.assertj.core.groups.Tuple.tuple("organization_requests_per_minute", 100L));
        assertThat(a.limits(caller(null, null))).extracting(Limit::perMinute).containsExactly(5L, 100L);
    }

    private RateLimiter limiter(int keyRpm, Long keyTpm) {
        return limiter(keyRpm, keyTpm, true);
    }

    private RateLimiter limiter(int keyRpm, Long keyTpm, boolean redis) {
        RateLimiter limiter = new RateLimiter();
        limiter.vertx = vertx;
        limiter.meters = new SimpleMeterRegistry();
        limiter.config = new TestConfig(keyRpm, keyTpm, prefix);
        Redis client = null;
        if (redis) {
            client = Redis.createClient(vertx, "redis://127.0.0.1:" + port);
            clients.add(client);
        }
        limiter.init(client);
        limiters.add(limiter);
        limiter.ready().toCompletionStage().toCompletableFuture().join();
        return limiter;
    }

    private Caller caller(Integer rpm, Long tpm) {
        return new Caller(ORGANIZATION, KEY, "0".repeat(64), "sk-sb-v1-000…000", "test", null, null, null, false, null, rpm, tpm);
    }

    private static final UUID ORGANIZATION = UUID.randomUUID();
    private static final UUID KEY = UUID.randomUUID();

    private static double counter(RateLimiter limiter, String name, String scope, String kind) {
        MeterRegistry meters = limiter.meters;
        var search = meters.find(name);
        if (scope != null) {
            search = search.tag("scope", scope).tag("kind", kind);
        }
        return search.counter().count();
    }

    private static double gauge(RateLimiter limiter) {
        return limiter.meters.find("switchboard.rate_limits.shared").gauge().value();
    }

    private static <T> T done(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Process redisServer(int port) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("redis-test");
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start on " + port + ": " + Files.readString(dir.resolve("log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record TestConfig(int keyRpm, Long keyTpm, String prefix) implements RateLimitConfig {
        @Override
        public OptionalInt keyRequestsPerMinute() {
            return OptionalInt.of(keyRpm);
        }

        @Override
        public OptionalLong keyTokensPerMinute() {
            return keyTpm == null ? OptionalLong.empty() : OptionalLong.of(keyTpm);
        }

        @Override
        public OptionalInt organizationRequestsPerMinute() {
            return OptionalInt.of(100);
        }

        @Override
        public OptionalLong organizationTokensPerMinute() {
            return OptionalLong.empty();
        }

        @Override
        public boolean redis() {
            return true;
        }

        @Override
        public String redisKeyPrefix() {
            return prefix;
        }

        @Override
        public Duration redisTimeout() {
            return Duration.ofMillis(500);
        }

        @Override
        public Duration redisRetryInterval() {
            return Duration.ofMillis(100);
        }
    }
}
