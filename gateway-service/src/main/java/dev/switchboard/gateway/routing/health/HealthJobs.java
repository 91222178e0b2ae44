package dev.switchboard.gateway.routing.health;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs health's work beside the requests: the Redis refresh on a Vert.x timer (asynchronous, when sharing is on), the
 * minute rows into {@code endpoint_health} on a worker thread once a minute, and a last write at shutdown.
 */
@Singleton
class HealthJobs {

    private static final Logger LOG = Logger.getLogger(HealthJobs.class);

    @Inject
    HealthTracker tracker;
    @Inject
    HealthConfig config;
    @Inject
    DataSource dataSource;
    @Inject
    Vertx vertx;
    /** Connects on its first command: without sharing, never. */
    @Inject
    Redis redis;

    private HealthStore store;
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        store = new HealthStore(dataSource);
        if (config.redis()) {
            long refresh = config.redisRefreshInterval().toMillis();
            tracker.share(new RedisHealthShare(redis, config.redisKeyPrefix(), refresh, config.maxBackoff().toMillis(),
                    System::currentTimeMillis));
            timer = vertx.setPeriodic(refresh, id -> tracker.refresh());
            LOG.infof("health: shared with the other replicas through Redis every %d ms (keys %s:*)", refresh, config.redisKeyPrefix());
        }
        // the totals of endpoint_health, so the endpoints API shows uptime before this replica's first write
        vertx.executeBlocking(() -> {
            tracker.persist(store, false);
            return null;
        }, false);
    }

    @Scheduled(every = "${switchboard.gateway.health.persist-interval:60s}", delayed = "${switchboard.gateway.health.persist-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void persist() {
        if (store != null) {
            tracker.persist(store, false);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (store != null) {
            tracker.persist(store, true); // the current minute too: this replica's counts would be lost otherwise
        }
        tracker.close();
    }
}
