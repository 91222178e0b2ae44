package dev.switchboard.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.database.DatabaseEvents;
import dev.switchboard.gateway.database.DatabaseFailures;
import dev.switchboard.schema.accounts.LimitReset;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * API keys by SHA-256 hash, cached in memory so the hot path does no database I/O. Every change of a key row
 * makes Postgres {@code NOTIFY api_key_changes} with its hash, and deleting an organization
 * {@code NOTIFY organization_changes} (triggers of the schema): the entries go at once, so a disabled,
 * deleted or expired key, or any key of a deleted organization, stops working within milliseconds.
 * <p>
 * Unauthenticated traffic is cheap to refuse: a {@link KnownKeyFilter} of every existing key answers "unknown"
 * without I/O; only a few lookups a second are let through for keys it has not seen (one created a moment
 * ago), concurrent misses of one key share a single query, and both caches are bounded in size and time.
 * While the database is away a key cached earlier keeps working even past its freshness.
 */
@Singleton
public class ApiKeyCache {

    private static final Logger LOG = Logger.getLogger(ApiKeyCache.class);
    /** A cached key is re-read after this long (a safety net: changes arrive by NOTIFY). */
    private static final long FRESH_NANOS = TimeUnit.MINUTES.toNanos(5);
    /** Kept this long at most, to serve while the database is away. */
    private static final Duration KEEP = Duration.ofHours(1);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);
    private static final int NEGATIVE_SIZE = 10_000;
    /** How long a never-seen key waits for its creation's NOTIFY when the lookup budget is spent. */
    private static final long UNSEEN_GRACE_MILLIS = 50;
    private static final String LOOKUP = """
            SELECT k.id, k.organization_id, k.key_hash, k.display_prefix, k.name, k.limit_nanos, k.limit_reset, k.expires_at,
                   k.is_management, k.created_by, k.rate_limit_rpm, k.rate_limit_tpm, k.disabled, k.deleted_at IS NOT NULL AS deleted,
                   o.deleted_at IS NOT NULL AS organization_deleted
            FROM api_keys k JOIN organizations o ON o.id = k.organization_id
            WHERE k.key_hash = $1""";

    private record Entry(Caller caller, long loadedAt) {
    }

    private Cache<String, Entry> known;
    private Cache<String, Boolean> unknown;
    private final ConcurrentHashMap<String, Future<Optional<Caller>>> inFlight = new ConcurrentHashMap<>();
    private volatile KnownKeyFilter filter;
    private volatile KnownKeyFilter rebuilding;
    /** Lookups of never-seen keys in the current second: a fixed window, reset by the first lookup of the next. */
    private final AtomicLong unseenWindow = new AtomicLong();
    private final AtomicInteger unseenInWindow = new AtomicInteger();
    private Counter databaseLookups;
    private Counter refusedUnseen;
    private Gauge cachedKeys;

    @Inject
    Pool pool;
    @Inject
    DataSource dataSource;
    @Inject
    Vertx vertx;
    @Inject
    DatabaseEvents events;
    @Inject
    GatewayConfig config;
    @Inject
    MeterRegistry meters;

    void start(@Observes StartupEvent event) {
        known = Caffeine.newBuilder().maximumSize(config.auth().cacheSize()).expireAfterWrite(KEEP).build();
        unknown = Caffeine.newBuilder().maximumSize(NEGATIVE_SIZE).expireAfterWrite(NEGATIVE_TTL).build();
        databaseLookups = meters.counter("switchboard.auth.key_lookups");
        refusedUnseen = meters.counter("switchboard.auth.unknown_keys_refused");
        cachedKeys = Gauge.builder("switchboard.auth.cached_keys", known, Cache::estimatedSize).strongReference(true).register(meters);
        events.listen("api_key_changes", hash -> {
            known.invalidate(hash);
            unknown.invalidate(hash);
            addKnown(hash);
        });
        events.listen("organization_changes", organization -> {
            UUID id = UUID.fromString(organization);
            known.asMap().values().removeIf(e -> e.caller() != null && e.caller().organizationId().equals(id));
        });
        events.onResync(() -> {
            known.invalidateAll();
            unknown.invalidateAll();
            rebuildFilter();
        });
        rebuildFilter();
    }

    void stop(@Observes ShutdownEvent event) {
        meters.remove(cachedKeys); // a registry outliving the application (tests) must not keep a dead gauge
    }

    /** The usable caller with this key hash (not disabled, deleted or expired), or an empty result. */
    public Future<Optional<Caller>> lookup(String keyHash) {
        long now = System.nanoTime();
        Entry cached = known.getIfPresent(keyHash);
        if (cached != null && now - cached.loadedAt() < FRESH_NANOS) {
            return Future.succeededFuture(usable(cached.caller()));
        }
        if (cached == null && unknown.getIfPresent(keyHash) != null) {
            return Future.succeededFuture(Optional.empty());
        }
        Future<Optional<Caller>> pending = inFlight.get(keyHash);
        if (pending != null) {
            return pending;
        }
        KnownKeyFilter f = filter;
        if (cached == null && f != null && !f.mightContain(keyHash) && !allowUnseenLookup(now)) {
            // over the budget for never-seen keys: give a key created a moment ago the time its NOTIFY needs to
            // arrive, then refuse without a query if it is still unknown (a timer costs no I/O)
            return Future.<Void>future(p -> vertx.setTimer(UNSEEN_GRACE_MILLIS, t -> p.complete())).compose(v -> {
                if (filter != null && !filter.mightContain(keyHash)) {
                    refusedUnseen.increment();
                    return Future.succeededFuture(Optional.empty());
                }
                return lookup(keyHash);
            });
        }
        Future<Optional<Caller>> load = load(keyHash, cached, true);
        Future<Optional<Caller>> raced = inFlight.putIfAbsent(keyHash, load);
        if (raced != null) {
            return raced;
        }
        return load.onComplete(done -> inFlight.remove(keyHash, load));
    }

    /** Drops every cached key (tests). */
    public void clear() {
        known.invalidateAll();
        unknown.invalidateAll();
    }

    /** How many key lookups reached the database since start (tests, and the metric switchboard.auth.key_lookups). */
    public long databaseLookups() {
        return (long) databaseLookups.count();
    }

    private Future<Optional<Caller>> load(String keyHash, Entry stale, boolean retry) {
        databaseLookups.increment();
        long loadedAt = System.nanoTime();
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(keyHash)).map(rows -> {
            Caller caller = null;
            for (Row row : rows) {
                caller = toCaller(row);
            }
            if (caller == null) {
                known.invalidate(keyHash);
                unknown.put(keyHash, Boolean.TRUE);
            } else {
                known.put(keyHash, new Entry(caller, loadedAt));
            }
            return usable(caller);
        }).recover(e -> {
            if (!DatabaseFailures.unavailable(e)) {
                return Future.failedFuture(e);
            }
            if (stale != null) {
                return Future.succeededFuture(usable(stale.caller())); // the database is away: what we knew still holds
            }
            // a pooled connection that died with a database restart: one more try on a fresh one
            return retry ? load(keyHash, null, false) : Future.failedFuture(e);
        });
    }

    private boolean allowUnseenLookup(long now) {
        long second = now / 1_000_000_000L;
        long window = unseenWindow.get();
        if (window != second && unseenWindow.compareAndSet(window, second)) {
            unseenInWindow.set(0);
        }
        return unseenInWindow.incrementAndGet() <= config.auth().unknownKeyLookupsPerSecond();
    }

    private void addKnown(String keyHash) {
        if (!keyHash.matches("[0-9a-f]{64}")) {
            return;
        }
        KnownKeyFilter f = filter;
        if (f != null) {
            f.add(keyHash);
        }
        KnownKeyFilter r = rebuilding;
        if (r != null) {
            r.add(keyHash);
        }
    }

    /** Rebuilds the known-key filter from the database (dropping deleted keys); keys notified meanwhile are kept. */
    @Scheduled(every = "10m", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rebuildFilter() {
        vertx.executeBlocking(() -> {
            KnownKeyFilter next = new KnownKeyFilter(config.auth().knownKeyFilterLog2Bits());
            rebuilding = next;
            int count = 0;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false); // so that the driver streams the rows in fetch-size pieces
                try (PreparedStatement s = c.prepareStatement("SELECT key_hash FROM api_keys WHERE deleted_at IS NULL")) {
                    s.setFetchSize(10_000);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            next.add(rs.getString(1));
                            count++;
                        }
                    }
                }
                c.commit();
            } finally {
                rebuilding = null;
            }
            filter = next;
            return count;
        }, false).onComplete(done -> {
            if (done.succeeded()) {
                LOG.debugf("known-key filter built from %d keys", done.result());
            } else {
                LOG.warnf("could not build the known-key filter (%s); unseen keys are looked up at the capped rate meanwhile",
                        done.cause().getMessage());
            }
        });
    }

    private static Optional<Caller> usable(Caller caller) {
        if (caller == null || (caller.expiresAt() != null && !caller.expiresAt().isAfter(Instant.now()))) {
            return Optional.empty();
        }
        return Optional.of(caller);
    }

    private static Caller toCaller(Row row) {
        if (row.getBoolean("disabled") || row.getBoolean("deleted") || row.getBoolean("organization_deleted")) {
            return null;
        }
        String reset = row.getString("limit_reset");
        OffsetDateTime expires = row.getOffsetDateTime("expires_at");
        return new Caller(row.getUUID("organization_id"), row.getUUID("id"), row.getString("key_hash"),
                row.getString("display_prefix"), row.getString("name"), row.getLong("limit_nanos"),
                reset == null ? null : LimitReset.valueOf(reset.toUpperCase(Locale.ROOT)),
                expires == null ? null : expires.toInstant(), row.getBoolean("is_management"), row.getUUID("created_by"),
                row.getInteger("rate_limit_rpm"), row.getLong("rate_limit_tpm"));
    }
}
