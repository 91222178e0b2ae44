package dev.switchboard.gateway.routing.health;

import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.catalog.CatalogModel;
import dev.switchboard.gateway.catalog.EndpointFigures;
import dev.switchboard.gateway.catalog.ModelCatalog;
import dev.switchboard.gateway.providers.ProviderException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Endpoint health in memory: per endpoint a window of the last 30 minutes of attempts (successes and failures per
 * 10 seconds, latency and throughput histograms per minute) and a circuit breaker ({@link Breaker}). Everything a
 * request touches is one endpoint's own lock and a few arrays: no I/O and no lock shared between endpoints, so the
 * planner and the proxy call it from event loops. Persistence ({@link HealthStore}) and sharing ({@link
 * RedisHealthShare}) run beside it ({@link HealthJobs}), never on a request's path.
 * <p>
 * Metrics: {@code switchboard.health.circuit} (gauge per endpoint, tags provider and model: 0 closed, 1 open,
 * 2 half-open), {@code switchboard.health.attempts} (counter, tags provider, model and outcome: success, failure,
 * ignored, abandoned) and {@code switchboard.upstream.errors} (counter, tags provider, model and the failure's kind).
 */
@Singleton
public class HealthTracker implements EndpointHealth {

    private static final Logger LOG = Logger.getLogger(HealthTracker.class);

    private final HealthConfig config;
    private final MeterRegistry meters;
    private final LongSupplier clock;
    private final Function<UUID, EndpointState.Name> names;
    private final Map<UUID, EndpointState> states = new ConcurrentHashMap<>();
    private final List<Meter> gauges = new ArrayList<>();
    private volatile RedisHealthShare share;
    private volatile Map<UUID, HealthStore.Totals> persisted = Map.of();
    private volatile boolean persistFailing;

    /** An endpoint's attempt counters; its {@link EndpointState} holds them, so a request looks nothing up. */
    record Counters(Tags tags, Counter success, Counter failure, Counter ignored, Counter abandoned) {
    }

    @Inject
    HealthTracker(HealthConfig config, MeterRegistry meters, ModelCatalog catalog) {
        this(config, meters, System::currentTimeMillis, id -> nameIn(catalog, id));
    }

    /** @param clock epoch milliseconds; tests pass their own */
    HealthTracker(HealthConfig config, MeterRegistry meters, LongSupplier clock, Function<UUID, EndpointState.Name> names) {
        this.config = config;
        this.meters = meters;
        this.clock = clock;
        this.names = names;
    }

    private static EndpointState.Name nameIn(ModelCatalog catalog, UUID id) {
        for (CatalogModel model : catalog.models()) {
            for (CatalogEndpoint e : model.endpoints()) {
                if (e.id().equals(id)) {
                    return new EndpointState.Name(e.providerId(), e.modelId());
                }
            }
        }
        return EndpointState.Name.UNKNOWN;
    }

    // ---- EndpointHealth ----

    @Override
    public Availability availability(UUID endpointId) {
        // without sharing, an endpoint never used here is simply available; shared, asking makes it watched in Redis
        EndpointState state = sharing() ? state(endpointId) : states.get(endpointId);
        if (state == null) {
            return Availability.AVAILABLE;
        }
        boolean needsClaim = claimsProbes();
        long now = clock.getAsLong();
        Availability availability = state.availability(now, needsClaim, config.probeTimeout().toMillis());
        claimIfWanted(state, needsClaim, now);
        return availability;
    }

    @Override
    public Permit tryAcquire(UUID endpointId) {
        EndpointState state = state(endpointId);
        boolean needsClaim = claimsProbes();
        long now = clock.getAsLong();
        long probe = state.tryAcquire(now, needsClaim, config.probeTimeout().toMillis());
        if (probe < 0) {
            claimIfWanted(state, needsClaim, now);
            return null;
        }
        if (probe > 0) {
            LOG.debugf("health: half-open probe of %s", state.name);
            if (needsClaim) {
                share.probing(endpointId, config.probeTimeout().toMillis()); // hold the claim while the probe runs
            }
        }
        return new AttemptPermit(state, probe);
    }

    /** A request wants a due probe this replica does not hold: claim it now rather than at the next refresh. */
    private void claimIfWanted(EndpointState state, boolean needsClaim, long now) {
        if (needsClaim && state.wantsClaim(now, RedisHealthShare.DEMAND_MILLIS)) {
            share.claim(state);
        }
    }

    @Override
    public EndpointStats stats(UUID endpointId) {
        EndpointState state = sharing() ? state(endpointId) : states.get(endpointId);
        return state == null ? EndpointStats.NONE : state.stats(clock.getAsLong());
    }

    /**
     * Forgets every endpoint's measurements and circuit on this replica (what is shared through Redis stays): for
     * tests that share one running gateway and must not inherit another test's open circuits.
     */
    public void reset() {
        states.clear();
    }

    /** What the endpoints API shows of an endpoint: status, uptime, latency and throughput. */
    public EndpointFigures figures(UUID endpointId) {
        HealthStore.Totals totals = persisted.get(endpointId);
        Window.Counts db30m = totals == null ? Window.Counts.NONE : new Window.Counts(totals.requests30m(), totals.failures30m());
        Window.Counts db1d = totals == null ? Window.Counts.NONE : new Window.Counts(totals.requests1d(), totals.failures1d());
        EndpointState state = states.get(endpointId);
        if (state == null) {
            state = new EndpointState(endpointId, EndpointState.Name.UNKNOWN); // nothing live: the database's figures alone
        }
        return state.figures(clock.getAsLong(), db30m, db1d);
    }

    // ---- outcomes ----

    private final class AttemptPermit implements Permit {

        private final EndpointState state;
        private final long probe;
        private final AtomicBoolean reported = new AtomicBoolean();

        AttemptPermit(EndpointState state, long probe) {
            this.state = state;
            this.probe = probe;
        }

        @Override
        public void succeeded(long firstTokenMillis, long generationMillis, int outputTokens) {
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            // tokens per second of the generation phase; a non-streamed answer only has the whole time
            long millis = generationMillis > 0 ? generationMillis : firstTokenMillis;
            double tokensPerSecond = outputTokens > 0 && millis > 0 ? outputTokens * 1000.0 / millis : 0;
            Breaker.Change change = state.succeeded(clock.getAsLong(), probe, firstTokenMillis, tokensPerSecond, sharing());
            counters(state).success().increment();
            changed(state, change, false);
        }

        @Override
        public void failed(ProviderException failure) {
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            if (failure != null) {
                upstreamError(state, failure);
            }
            if (failure == null || !failure.retryable()) {
                // the request's own fault (invalid, filtered content): neither a success nor a failure of the endpoint
                state.abandoned(clock.getAsLong(), probe);
                counters(state).ignored().increment();
                return;
            }
            String what = failure.kind().name().toLowerCase(Locale.ROOT)
                    + (failure.upstreamStatus() > 0 ? ", HTTP " + failure.upstreamStatus() : "");
            Breaker.Change change = state.failed(clock.getAsLong(), probe, what, sharing(), config);
            counters(state).failure().increment();
            changed(state, change, false);
        }

        @Override
        public void abandoned() {
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            state.abandoned(clock.getAsLong(), probe);
            counters(state).abandoned().increment();
        }
    }

    /** Logs a circuit's change and shares it; {@code elsewhere} when another replica made it. */
    private void changed(EndpointState state, Breaker.Change change, boolean elsewhere) {
        if (change == Breaker.Change.NONE) {
            return;
        }
        EndpointState.Circuit circuit = state.circuit();
        long seconds = Math.max(0, (circuit.openUntil() - clock.getAsLong() + 999) / 1000);
        switch (change) {
            case OPENED -> LOG.infof("health: circuit of %s opened%s after %s; next probe in %d s", state.name,
                    elsewhere ? " by another replica" : "", circuit.reason(), seconds);
            case REOPENED -> LOG.infof("health: circuit of %s stays open: %s; next probe in %d s", state.name,
                    circuit.reason(), seconds);
            case CLOSED -> LOG.infof("health: circuit of %s closed: %s", state.name,
                    elsewhere ? "another replica's probe succeeded" : "the half-open probe succeeded");
            default -> { }
        }
        RedisHealthShare s = share;
        if (s != null && !elsewhere) {
            if (change == Breaker.Change.CLOSED) {
                s.closed(state.id);
            } else {
                s.publish(state);
            }
        }
    }

    // ---- state, metrics ----

    private EndpointState state(UUID id) {
        EndpointState state = states.get(id);
        return state != null ? state : states.computeIfAbsent(id, this::create);
    }

    private EndpointState create(UUID id) {
        EndpointState state = new EndpointState(id, names.apply(id));
        Tags tags = Tags.of("provider", state.name.provider(), "model", state.name.model());
        synchronized (gauges) {
            gauges.add(Gauge.builder("switchboard.health.circuit", () -> circuitGauge(id)).tags(tags)
                    .description("Circuit of the endpoint: 0 closed, 1 open, 2 half-open").register(meters));
        }
        state.counters = new Counters(tags, attempts(tags, "success"), attempts(tags, "failure"), attempts(tags, "ignored"),
                attempts(tags, "abandoned"));
        return state;
    }

    /** Every failed attempt by its kind, the request's own faults included (they count toward no circuit). */
    private void upstreamError(EndpointState state, ProviderException failure) {
        Counter.builder("switchboard.upstream.errors").tags(state.counters.tags())
                .tag("kind", failure.kind().name().toLowerCase(Locale.ROOT))
                .description("Failed attempts at providers by kind (auth, rate_limited, overloaded, timeout, invalid_request, "
                        + "content_filtered, bad_response, upstream)").register(meters).increment();
    }

    private Counter attempts(Tags tags, String outcome) {
        return Counter.builder("switchboard.health.attempts").tags(tags).tag("outcome", outcome)
                .description("Attempts on the endpoint by outcome (ignored: the request's own fault)").register(meters);
    }

    private static Counters counters(EndpointState state) {
        return state.counters;
    }

    private double circuitGauge(UUID id) {
        EndpointState state = states.get(id);
        return state == null ? 0 : state.state().gauge();
    }

    /** Removes this tracker's gauges (a registry outliving the application, in tests, must not keep dead ones). */
    void close() {
        synchronized (gauges) {
            gauges.forEach(meters::remove);
            gauges.clear();
        }
    }

    // ---- sharing and persistence (HealthJobs) ----

    /** Shares health through Redis from now on. */
    void share(RedisHealthShare share) {
        this.share = share;
    }

    /** One refresh of the shared view (a no-op without sharing). */
    Future<Void> refresh() {
        RedisHealthShare s = share;
        return s == null ? Future.succeededFuture() : s.tick(states.values(), (state, change) -> changed(state, change, true));
    }

    private boolean sharing() {
        return share != null;
    }

    /** Whether a probe needs this replica to hold the cluster-wide claim: shared, and Redis answering. */
    private boolean claimsProbes() {
        RedisHealthShare s = share;
        return s != null && s.up();
    }

    /**
     * Adds this replica's finished minutes (and the current one too when {@code includeCurrent}, at shutdown) to
     * {@code endpoint_health}, then re-reads every replica's totals for the endpoints API. Blocking: a worker thread.
     * The database away: the minutes stay in memory and go with the next run (up to 30 minutes of them).
     */
    synchronized void persist(HealthStore store, boolean includeCurrent) { // the scheduled run and shutdown's, never both
        long now = clock.getAsLong();
        long last = MinuteSlot.minuteOf(now) - (includeCurrent ? 0 : 1);
        List<HealthStore.Row> rows = new ArrayList<>();
        states.values().forEach(state -> rows.addAll(state.unpersisted(last)));
        try {
            store.add(rows);
            states.values().forEach(state -> state.persisted(last));
            persisted = store.totals(Instant.ofEpochMilli(now));
            if (persistFailing) {
                LOG.info("health: endpoint_health is written again");
                persistFailing = false;
            }
        } catch (SQLException | RuntimeException e) {
            if (!persistFailing) {
                LOG.warnf("health: could not write endpoint_health (%s); the minutes are kept and written with the next run",
                        e.getMessage());
                persistFailing = true;
            }
        }
        states.values().forEach(state -> state.prune(now));
    }
}
