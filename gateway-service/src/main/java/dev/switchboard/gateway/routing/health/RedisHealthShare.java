package dev.switchboard.gateway.routing.health;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Shares health between gateway replicas through Redis, asynchronously and never on a request's path. Every refresh
 * ({@link #tick}), one pipelined batch adds what this replica recorded since the last one to per-minute hashes
 * ({@code <prefix>:m:<endpoint>:<minute>}, fields {@code s0..s5}/{@code f0..f5} per 10-second slot and {@code l<bin>}
 * / {@code t<bin>} for the histograms; they expire after 32 minutes) and reads back the merged minutes and each
 * endpoint's shared circuit ({@code <prefix>:c:<endpoint>}: open-until, back-off, reason). The half-open probe is
 * claimed cluster-wide with {@code SET <prefix>:p:<endpoint> <replica> NX PX}. Redis away: every endpoint falls back
 * to this replica's own view, said once in the log; requests never wait for or fail because of Redis.
 */
public final class RedisHealthShare {

    /** A shared open circuit. */
    record CircuitRecord(long openUntil, long backoffMillis, String reason) {

        String encode() {
            return openUntil + "|" + backoffMillis + "|" + reason;
        }

        static CircuitRecord decode(String value) {
            String[] parts = value.split("\\|", 3);
            try {
                return new CircuitRecord(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts.length > 2 ? parts[2] : "");
            } catch (RuntimeException e) {
                return null; // not ours: ignore rather than fail the refresh
            }
        }
    }

    private static final Logger LOG = Logger.getLogger(RedisHealthShare.class);
    private static final long MINUTE_KEY_TTL_MILLIS = 32 * MinuteSlot.MINUTE_MILLIS;
    /** A claim not turned into a probe within this time lapses, so a replica without traffic does not hold it long. */
    private static final long CLAIM_MILLIS = 10_000;
    /** A request wanting the endpoint this recently makes this replica claim its probe. */
    static final long DEMAND_MILLIS = 10_000;
    /** Deletes the probe claim only when it is this replica's. */
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final Redis redis;
    private final String prefix;
    private final String replica = UUID.randomUUID().toString();
    private final long refreshMillis;
    private final long maxBackoffMillis;
    private final LongSupplier clock;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final Set<UUID> claiming = ConcurrentHashMap.newKeySet();
    private volatile long tickStartedAt;
    private volatile boolean up;
    private volatile boolean downLogged;

    /** @param maxBackoffMillis an open circuit's record outlives its back-off by this much, so a failed probe can double it */
    public RedisHealthShare(Redis redis, String prefix, long refreshMillis, long maxBackoffMillis, LongSupplier clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.refreshMillis = refreshMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.clock = clock;
    }

    /** Whether the last refresh reached Redis: the merged view and the cluster-wide probe claim are in use. */
    boolean up() {
        return up;
    }

    /**
     * One refresh: sends what each watched endpoint recorded since the last one, reads back the merged minutes and
     * the shared circuits, and claims due probes that requests here are waiting for. A refresh still running (Redis
     * slow) is not doubled; past three intervals Redis counts as away.
     *
     * @param onChange told of circuits opened or closed by other replicas (outside any lock)
     */
    Future<Void> tick(Collection<EndpointState> states, CircuitListener onChange) {
        long now = clock.getAsLong();
        if (!ticking.compareAndSet(false, true)) {
            if (now - tickStartedAt > 3 * refreshMillis) {
                down("no answer for " + (now - tickStartedAt) + " ms", states);
            }
            return Future.succeededFuture();
        }
        tickStartedAt = now;
        record Step(EndpointState state, Map<Long, MinuteSlot> sent, List<Long> reads, int first) {
        }
        List<Request> batch = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (EndpointState state : states) {
            if (!state.watched(now)) {
                continue;
            }
            Map<Long, MinuteSlot> sent = state.drainPending();
            sent.forEach((minute, slot) -> add(batch, minuteKey(state.id, minute), slot));
            List<Long> reads = state.minutesToRead(now, sent.keySet());
            int first = batch.size();
            reads.forEach(minute -> batch.add(Request.cmd(Command.HGETALL).arg(minuteKey(state.id, minute))));
            batch.add(Request.cmd(Command.GET).arg(circuitKey(state.id)));
            steps.add(new Step(state, sent, reads, first));
        }
        if (batch.isEmpty()) {
            batch.add(Request.cmd(Command.PING)); // nothing to share yet: still learn whether Redis answers
        }
        Promise<Void> done = Promise.promise();
        redis.batch(batch).onComplete(result -> {
            try {
                if (result.failed()) {
                    steps.forEach(step -> step.state().restorePending(step.sent()));
                    down(result.cause().toString(), states);
                    return;
                }
                long read = clock.getAsLong();
                List<Response> responses = result.result();
                for (Step step : steps) {
                    List<MinuteSlot> snapshots = new ArrayList<>(step.reads().size());
                    for (int i = 0; i < step.reads().size(); i++) {
                        long minute = step.reads().get(i);
                        MinuteSlot slot = parse(minute, responses.get(step.first() + i));
                        // every replica sends within an interval, so a minute that ended three intervals ago is final
                        slot.complete = read >= (minute + 1) * MinuteSlot.MINUTE_MILLIS + 3 * refreshMillis;
                        snapshots.add(slot);
                    }
                    step.state().remote(snapshots);
                    Response circuit = responses.get(step.first() + step.reads().size());
                    CircuitRecord record = circuit == null ? null : CircuitRecord.decode(circuit.toString());
                    Breaker.Change change = step.state().sharedCircuit(record, read);
                    if (change != Breaker.Change.NONE) {
                        onChange.changed(step.state(), change);
                    }
                    publish(step.state()); // an opening Redis missed (it was away, or the write is still on its way)
                    if (step.state().wantsClaim(read, DEMAND_MILLIS)) {
                        claim(step.state());
                    }
                }
                if (!up && downLogged) {
                    LOG.info("health: Redis reachable again; endpoint health is shared with the other replicas");
                }
                up = true;
                downLogged = false;
            } finally {
                ticking.set(false);
                done.complete();
            }
        });
        return done.future();
    }

    /** Told of a circuit another replica opened or closed, to log it. */
    @FunctionalInterface
    interface CircuitListener {
        void changed(EndpointState state, Breaker.Change change);
    }

    private void down(String why, Collection<EndpointState> states) {
        if (!downLogged) {
            LOG.warnf("health: Redis unreachable (%s); endpoint health is local to this replica until it answers again", why);
            downLogged = true;
        }
        up = false;
        states.forEach(EndpointState::unshared);
    }

    /** Claims the endpoint's half-open probe for this replica, unless a claim is already under way. */
    void claim(EndpointState state) {
        if (!up || !claiming.add(state.id)) {
            return;
        }
        long until = clock.getAsLong() + CLAIM_MILLIS;
        redis.send(Request.cmd(Command.SET).arg(probeKey(state.id)).arg(replica).arg("NX").arg("PX").arg(CLAIM_MILLIS))
                .onComplete(result -> {
                    claiming.remove(state.id);
                    if (result.succeeded()) {
                        state.claimed(result.result() != null, until);
                    }
                });
    }

    /** The probe went out: the claim is held for as long as the probe may take. */
    void probing(UUID endpoint, long probeTimeoutMillis) {
        quietly(Request.cmd(Command.PEXPIRE).arg(probeKey(endpoint)).arg(probeTimeoutMillis));
    }

    /** The circuit opened here (or a probe failed): every replica stops sending until it may be probed. */
    void publish(EndpointState state) {
        CircuitRecord record = state.unpublished();
        if (record == null) {
            return;
        }
        long ttl = Math.max(1, record.openUntil() - clock.getAsLong()) + maxBackoffMillis;
        redis.send(Request.cmd(Command.SET).arg(circuitKey(state.id)).arg(record.encode()).arg("PX").arg(ttl))
                .onSuccess(ok -> state.published(record.openUntil()))
                .onFailure(e -> LOG.debugf("health: could not share the open circuit of %s: %s", state.name, e));
        release(state.id);
    }

    /** A probe here succeeded: the circuit is closed for every replica. */
    void closed(UUID endpoint) {
        quietly(Request.cmd(Command.DEL).arg(circuitKey(endpoint)));
        release(endpoint);
    }

    /** Frees the probe claim if it is this replica's. */
    void release(UUID endpoint) {
        quietly(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(probeKey(endpoint)).arg(replica));
    }

    /** A write that a later refresh makes good if it fails (Redis away: every replica is on its own meanwhile). */
    private void quietly(Request request) {
        redis.send(request).onFailure(e -> LOG.debugf("health: Redis %s failed: %s", request.command(), e));
    }

    private static void add(List<Request> batch, String key, MinuteSlot slot) {
        for (int i = 0; i < MinuteSlot.TEN_SECOND_SLOTS; i++) {
            increment(batch, key, "s" + i, slot.successes[i]);
            increment(batch, key, "f" + i, slot.failures[i]);
        }
        for (int bin = 0; bin < LogBins.SIZE; bin++) {
            increment(batch, key, "l" + bin, slot.latency == null ? 0 : slot.latency[bin]);
            increment(batch, key, "t" + bin, slot.throughput == null ? 0 : slot.throughput[bin]);
        }
        batch.add(Request.cmd(Command.PEXPIRE).arg(key).arg(MINUTE_KEY_TTL_MILLIS));
    }

    private static void increment(List<Request> batch, String key, String field, int by) {
        if (by != 0) {
            batch.add(Request.cmd(Command.HINCRBY).arg(key).arg(field).arg(by));
        }
    }

    private static MinuteSlot parse(long minute, Response hash) {
        MinuteSlot slot = new MinuteSlot(minute);
        if (hash == null) {
            return slot;
        }
        Map<String, Integer> fields = new HashMap<>();
        for (String field : hash.getKeys()) {
            fields.put(field, hash.get(field).toInteger());
        }
        fields.forEach((field, value) -> {
            int index;
            try {
                index = Integer.parseInt(field.substring(1));
            } catch (RuntimeException e) {
                return;
            }
            switch (field.charAt(0)) {
                case 's' -> { if (index < MinuteSlot.TEN_SECOND_SLOTS) slot.successes[index] = value; }
                case 'f' -> { if (index < MinuteSlot.TEN_SECOND_SLOTS) slot.failures[index] = value; }
                case 'l' -> { if (index < LogBins.SIZE) slot.latency = set(slot.latency, index, value); }
                case 't' -> { if (index < LogBins.SIZE) slot.throughput = set(slot.throughput, index, value); }
                default -> { }
            }
        });
        return slot;
    }

    private static int[] set(int[] bins, int index, int value) {
        int[] b = bins == null ? new int[LogBins.SIZE] : bins;
        b[index] = value;
        return b;
    }

    private String minuteKey(UUID endpoint, long minute) {
        return prefix + ":m:" + endpoint + ":" + minute;
    }

    private String circuitKey(UUID endpoint) {
        return prefix + ":c:" + endpoint;
    }

    private String probeKey(UUID endpoint) {
        return prefix + ":p:" + endpoint;
    }
}
