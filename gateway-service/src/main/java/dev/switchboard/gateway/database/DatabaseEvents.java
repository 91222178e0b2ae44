package dev.switchboard.gateway.database;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's one LISTEN connection: Postgres NOTIFYs that the schema's triggers send in the transaction of
 * a change (a key changed, credit lowered, an organization deleted), so that every replica acts on it within
 * milliseconds. Notifications sent while the connection was down are lost, so after every reconnect the
 * {@link #onResync resync} handlers run: they drop or recall what may have changed meanwhile. While the
 * database is away nothing is dropped: cached keys and held credit keep serving.
 */
@Singleton
public class DatabaseEvents {

    private static final Logger LOG = Logger.getLogger(DatabaseEvents.class);

    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> resyncHandlers = new CopyOnWriteArrayList<>();
    private volatile boolean connected;
    /** Set when the connection was lost: notifications may have been missed until the resync. */
    private final AtomicBoolean missed = new AtomicBoolean();

    @Inject
    Vertx vertx;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String reactiveUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String username;
    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    Optional<String> password;

    private PgSubscriber subscriber;

    /** Calls {@code handler} with the payload of every NOTIFY on {@code channel}; register at startup. */
    public void listen(String channel, Consumer<String> handler) {
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Runs {@code handler} after the listener reconnected: notifications may have been missed in between. */
    public void onResync(Runnable handler) {
        resyncHandlers.add(handler);
    }

    // after the beans that register their channels in their own StartupEvent observers
    void start(@Observes @Priority(5000) StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl).setUser(username);
        password.filter(p -> !p.isEmpty()).ifPresent(options::setPassword);
        // the policy is asked on every lost connection; PgSubscriber reconnects and LISTENs again by itself
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> {
            if (connected) {
                connected = false;
                missed.set(true);
                LOG.warn("lost the LISTEN connection to the database; reconnecting (cached keys and held credit keep serving)");
            }
            return 250L;
        });
        handlers.forEach((channel, list) -> subscriber.channel(channel)
                .subscribeHandler(v -> subscribed())
                .handler(payload -> list.forEach(h -> {
                    try {
                        h.accept(payload);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "handling NOTIFY %s %s failed", channel, payload);
                    }
                })));
        subscriber.connect().onFailure(e -> LOG.errorf("could not LISTEN for database changes: %s (retrying)", e.getMessage()));
    }

    /** Each channel reports its LISTEN after every (re)connect; the first report after a loss runs the resync. */
    private void subscribed() {
        connected = true;
        if (missed.getAndSet(false)) {
            LOG.info("LISTEN connection is back: resynchronising cached keys and credit leases");
            resyncHandlers.forEach(Runnable::run);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
