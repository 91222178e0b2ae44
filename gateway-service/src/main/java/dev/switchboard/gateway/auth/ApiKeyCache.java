package dev.switchboard.gateway.auth;

import dev.switchboard.schema.accounts.LimitReset;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * API keys by SHA-256 hash, cached in memory so the hot path does no database I/O. A miss is loaded with
 * the reactive Postgres client (never blocking an event loop). Every change of a key row makes Postgres
 * {@code NOTIFY api_key_changes} with its hash (a trigger of the schema); this cache listens and drops
 * the entry at once, so a disabled, deleted or expired key stops working within milliseconds. After a lost
 * listener connection everything is dropped, since notifications may have been missed. Unknown keys are
 * cached too (briefly), so a flood of bad keys does not reach the database.
 */
@Singleton
public class ApiKeyCache {

    private static final Logger LOG = Logger.getLogger(ApiKeyCache.class);
    private static final String CHANNEL = "api_key_changes";
    private static final long NEGATIVE_TTL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long POSITIVE_TTL_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final String LOOKUP = """
            SELECT k.id, k.organization_id, k.key_hash, k.display_prefix, k.name, k.limit_nanos, k.limit_reset, k.expires_at,
                   k.is_management, k.created_by, k.disabled, k.deleted_at IS NOT NULL AS deleted,
                   o.deleted_at IS NOT NULL AS organization_deleted
            FROM api_keys k JOIN organizations o ON o.id = k.organization_id
            WHERE k.key_hash = $1""";

    private record Entry(Caller caller, long loadedAt) {
        boolean fresh(long now) {
            return now - loadedAt < (caller == null ? NEGATIVE_TTL_NANOS : POSITIVE_TTL_NANOS);
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String reactiveUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String username;
    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    Optional<String> password;

    private PgSubscriber subscriber;

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl).setUser(username);
        password.filter(p -> !p.isEmpty()).ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 250L);
        subscriber.channel(CHANNEL).handler(hash -> entries.remove(hash));
        subscriber.closeHandler(v -> {
            LOG.warn("lost the api_key_changes listener: dropping every cached key until it reconnects");
            entries.clear();
        });
        subscriber.connect().onSuccess(v -> LOG.debug("listening on api_key_changes"))
                .onFailure(e -> LOG.errorf("could not LISTEN api_key_changes: %s", e.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /** The usable caller with this key hash (not disabled, deleted or expired), or an empty result. */
    public Future<Optional<Caller>> lookup(String keyHash) {
        long now = System.nanoTime();
        Entry cached = entries.get(keyHash);
        if (cached != null && cached.fresh(now)) {
            return Future.succeededFuture(usable(cached.caller()));
        }
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(keyHash)).map(rows -> {
            Caller caller = null;
            for (Row row : rows) {
                caller = toCaller(row);
            }
            entries.put(keyHash, new Entry(caller, now));
            return usable(caller);
        });
    }

    /** Drops every cached key (tests, and after a lost listener). */
    public void clear() {
        entries.clear();
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
                expires == null ? null : expires.toInstant(), row.getBoolean("is_management"), row.getUUID("created_by"));
    }
}
