package dev.switchboard.gateway.limits;

import dev.switchboard.gateway.auth.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Rate limits of inference requests per key and per organization (requests and tokens per minute), counted across
 * replicas in Redis by one atomic script ({@code limits/rate-limit.lua}) per request, or in this replica's memory
 * when no Redis is configured.
 * <p>
 * Redis is never a reason to fail a request: an answer slower than {@code redis-timeout}, or an error, makes this
 * replica decide that request alone ({@link LocalLimiter}, the same arithmetic); three in a row, and Redis counts as
 * away: every request is decided here, Redis is tried again every {@code redis-retry-interval} and used again once
 * it answers. Both turns are logged once, and the gauge
 * {@code switchboard.rate_limits.shared} says which counts are in force. While away, each replica allows the full
 * limit on its own: a cluster of n replicas may let up to n times the limit through, never fewer than one replica
 * would.
 */
@Singleton
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final String SCRIPT = script();
    private static final String SCRIPT_SHA = sha1(SCRIPT);
    private static final Future<Verdict> UNLIMITED = Future.succeededFuture(Verdict.UNLIMITED);
    private static final int LOCAL_MAX_ENTRIES = 1_000_000;
    private static final int FAILURES_BEFORE_AWAY = 3;

    @Inject
    RateLimitConfig config;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry meters;
    /** Resolved only when counting in Redis: without it no connection is ever made. */
    @Inject
    Instance<Redis> redisClient;

    private final LocalLimiter local = new LocalLimiter(() -> System.currentTimeMillis() * 1000d, LOCAL_MAX_ENTRIES);
    private Redis redis;
    private volatile boolean redisUp;
    private Future<Void> ready = Future.succeededFuture();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private long retryTimer = -1;
    private final Map<Limit.Scope, Map<Limit.Kind, Counter>> refused = new EnumMap<>(Limit.Scope.class);
    private Counter localDecisions;
    private Counter redisFailures;
    private Gauge shared;

    void start(@Observes StartupEvent event) {
        init(config.redis() ? redisClient.get() : null);
    }

    /** @param client the Redis to count in, or null to count in memory */
    void init(Redis client) {
        for (Limit.Scope scope : Limit.Scope.values()) {
            Map<Limit.Kind, Counter> byKind = new EnumMap<>(Limit.Kind.class);
            for (Limit.Kind kind : Limit.Kind.values()) {
                byKind.put(kind, Counter.builder("switchboard.rate_limits.refused")
                        .description("Requests refused with 429 by a rate limit of the gateway")
                        .tag("scope", scope.label).tag("kind", kind.label).register(meters));
            }
            refused.put(scope, byKind);
        }
        localDecisions = Counter.builder("switchboard.rate_limits.local_decisions")
                .description("Rate-limit decisions this replica took alone because Redis was away").register(meters);
        redisFailures = Counter.builder("switchboard.rate_limits.redis_failures")
                .description("Rate-limit calls to Redis that failed or timed out").register(meters);
        shared = Gauge.builder("switchboard.rate_limits.shared", this, r -> r.sharedNow() ? 1 : 0)
                .description("1 while rate limits are counted across replicas in Redis, 0 while this replica counts alone")
                .strongReference(true).register(meters);
        if (client != null) {
            redis = client;
            redisUp = true;
            // connect and load the script now, so the first requests do not pay for either (a call slower than
            // redis-timeout is decided by this replica alone); no Redis at all at start: away from the start
            ready = redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT)).<Void>mapEmpty()
                    .onFailure(e -> away(String.valueOf(e.getMessage())));
            LOG.infof("rate limits: counted across replicas in Redis (keys %s:*)", config.redisKeyPrefix());
        } else {
            LOG.info("rate limits: counted in this replica's memory (switchboard.gateway.rate-limits.redis=false)");
        }
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }

    synchronized void close() {
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        meters.remove(shared);
    }

    /** Completes once Redis has the script (tests wait for it; requests do not). */
    Future<Void> ready() {
        return ready;
    }

    /** Whether decisions are the cluster's right now. */
    public boolean sharedNow() {
        return redis != null && redisUp;
    }

    /** The limits that apply to the caller's requests: the key's own or the key default, and the organization's. */
    public List<Limit> limits(Caller caller) {
        long keyRpm = caller.rateLimitRpm() != null ? caller.rateLimitRpm() : config.keyRequestsPerMinute().orElse(0);
        long keyTpm = caller.rateLimitTpm() != null ? caller.rateLimitTpm() : config.keyTokensPerMinute().orElse(0);
        long organizationRpm = config.organizationRequestsPerMinute().orElse(0);
        long organizationTpm = config.organizationTokensPerMinute().orElse(0);
        if (keyRpm <= 0 && keyTpm <= 0 && organizationRpm <= 0 && organizationTpm <= 0) {
            return List.of(); // the usual case, without limits: nothing is built on the request's path
        }
        List<Limit> limits = new ArrayList<>(4);
        String base = config.redisKeyPrefix() + ":{" + caller.organizationId() + "}:";
        if (keyRpm > 0) {
            limits.add(new Limit(Limit.Kind.REQUESTS, Limit.Scope.KEY, keyRpm, base + "k:" + caller.apiKeyId() + ":r"));
        }
        if (keyTpm > 0) {
            limits.add(new Limit(Limit.Kind.TOKENS, Limit.Scope.KEY, keyTpm, base + "k:" + caller.apiKeyId() + ":t"));
        }
        if (organizationRpm > 0) {
            limits.add(new Limit(Limit.Kind.REQUESTS, Limit.Scope.ORGANIZATION, organizationRpm, base + "o:r"));
        }
        if (organizationTpm > 0) {
            limits.add(new Limit(Limit.Kind.TOKENS, Limit.Scope.ORGANIZATION, organizationTpm, base + "o:t"));
        }
        return limits;
    }

    /** Checks the caller's limits for one more request and, when it is admitted, counts it. */
    public Future<Verdict> admit(Caller caller) {
        List<Limit> limits = limits(caller);
        if (limits.isEmpty()) {
            return UNLIMITED;
        }
        if (!sharedNow()) {
            return Future.succeededFuture(count(decideLocally(limits, caller.organizationId())));
        }
        List<String> args = new ArrayList<>(limits.size() + 2);
        args.add("admit");
        args.add("0");
        limits.forEach(l -> args.add(l.scriptArgument()));
        Promise<Verdict> verdict = Promise.promise();
        // decided once: by Redis, or by this replica when Redis errs or is late (a late answer is then dropped,
        // having counted the request in Redis too: the cluster errs towards refusing, never towards overspending)
        AtomicBoolean decided = new AtomicBoolean();
        long timer = vertx.setTimer(config.redisTimeout().toMillis(), t -> {
            if (decided.compareAndSet(false, true)) {
                failed("no answer within " + config.redisTimeout().toMillis() + " ms");
                verdict.complete(count(decideLocally(limits, caller.organizationId())));
            }
        });
        run(limits, args).onComplete(answer -> {
            vertx.cancelTimer(timer);
            if (!decided.compareAndSet(false, true)) {
                return;
            }
            if (answer.succeeded()) {
                consecutiveFailures.set(0);
                verdict.complete(count(parse(limits, answer.result())));
            } else {
                failed(String.valueOf(answer.cause().getMessage()));
                verdict.complete(count(decideLocally(limits, caller.organizationId())));
            }
        });
        return verdict.future();
    }

    /** Adds the tokens a generation of the caller used to its token limits (after the fact: see {@link Gcra}). */
    public void chargeTokens(Caller caller, long tokens) {
        if (tokens <= 0) {
            return;
        }
        List<Limit> limits = limits(caller).stream().filter(l -> l.kind() == Limit.Kind.TOKENS).toList();
        if (limits.isEmpty()) {
            return;
        }
        if (!sharedNow()) {
            local.chargeTokens(limits, caller.organizationId(), tokens);
            return;
        }
        List<String> args = new ArrayList<>(limits.size() + 2);
        args.add("tokens");
        args.add(Long.toString(tokens));
        limits.forEach(l -> args.add(l.scriptArgument()));
        run(limits, args).onFailure(e -> {
            // not on a request's path: no timeout needed, but the tokens still count on this replica
            local.chargeTokens(limits, caller.organizationId(), tokens);
            failed(String.valueOf(e.getMessage()));
        });
    }

    private Verdict decideLocally(List<Limit> limits, UUID organization) {
        if (redis != null) {
            localDecisions.increment();
        }
        return local.admit(limits, organization);
    }

    private Verdict count(Verdict verdict) {
        if (!verdict.allowed()) {
            Verdict.Status refusing = verdict.refusing();
            if (refusing != null) {
                refused.get(refusing.limit().scope()).get(refusing.limit().kind()).increment();
            }
        }
        return verdict;
    }

    /** Runs the script by its digest, sending it whole only when Redis does not have it yet (after a restart). */
    private Future<Response> run(List<Limit> limits, List<String> args) {
        return redis.send(command(Command.EVALSHA, SCRIPT_SHA, limits, args)).recover(e -> {
            String message = e.getMessage();
            if (message != null && message.startsWith("NOSCRIPT")) {
                return redis.send(command(Command.EVAL, SCRIPT, limits, args));
            }
            return Future.failedFuture(e);
        });
    }

    private static Request command(Command command, String script, List<Limit> limits, List<String> args) {
        Request request = Request.cmd(command).arg(script).arg(limits.size());
        limits.forEach(l -> request.arg(l.key()));
        args.forEach(request::arg);
        return request;
    }

    private static Verdict parse(List<Limit> limits, Response answer) {
        boolean allowed = answer.get(0).toLong() == 1;
        List<Verdict.Status> statuses = new ArrayList<>(limits.size());
        for (int i = 0; i < limits.size(); i++) {
            statuses.add(new Verdict.Status(limits.get(i), answer.get(1 + 3 * i).toLong(), answer.get(2 + 3 * i).toLong(),
                    answer.get(3 + 3 * i).toLong()));
        }
        return new Verdict(allowed, List.copyOf(statuses), true);
    }

    /**
     * A call failed or was late. That request was decided here; Redis counts as away only after
     * {@link #FAILURES_BEFORE_AWAY} such calls in a row (one slow answer, say while this JVM is still cold, must
     * not split the counts for a second), or at once when it is not there at all (the startup's script load).
     */
    private void failed(String why) {
        redisFailures.increment();
        if (consecutiveFailures.incrementAndGet() >= FAILURES_BEFORE_AWAY) {
            away(why);
        } else {
            LOG.debugf("rate limits: one Redis call failed (%s); that request was decided by this replica", why);
        }
    }

    private synchronized void away(String why) {
        if (!redisUp) {
            return;
        }
        redisUp = false;
        LOG.warnf("rate limits: Redis unreachable (%s); each replica enforces the limits on its own until it answers again "
                + "(gauge switchboard.rate_limits.shared = 0)", why);
        retryTimer = vertx.setPeriodic(config.redisRetryInterval().toMillis(), id -> redis.send(Request.cmd(Command.PING))
                .onSuccess(pong -> back(id)));
    }

    private synchronized void back(long timer) {
        vertx.cancelTimer(timer);
        if (retryTimer == timer) {
            retryTimer = -1;
        }
        if (!redisUp) {
            consecutiveFailures.set(0);
            redisUp = true;
            LOG.info("rate limits: Redis reachable again; limits are counted across replicas again");
        }
    }

    private static String script() {
        try (InputStream in = RateLimiter.class.getResourceAsStream("/limits/rate-limit.lua")) {
            if (in == null) {
                throw new IllegalStateException("limits/rate-limit.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
