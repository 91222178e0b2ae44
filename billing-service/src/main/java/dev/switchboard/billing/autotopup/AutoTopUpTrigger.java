package dev.switchboard.billing.autotopup;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Notices that an organization needs an auto top-up. The gateway writes usage straight into the ledger, so billing
 * learns of a balance below the threshold from the database: a trigger on {@code ledger_entries} (V5) sends
 * {@code NOTIFY auto_topup_needed '<organization id>'}, which this class LISTENs to on a connection of its own, and a
 * sweep every {@code switchboard.billing.auto-topup.sweep-interval} finds what a lost notification (billing-service
 * down or reconnecting) missed, and recovers stale claims. Either only asks {@link AutoTopUpCharger}, whose database
 * claim lets exactly one charge happen, so duplicate notifications, sweeps and replicas are harmless.
 */
@ApplicationScoped
public class AutoTopUpTrigger {

    private static final Logger LOG = Logger.getLogger(AutoTopUpTrigger.class);
    static final String CHANNEL = "auto_topup_needed";

    @Inject
    AutoTopUpCharger charger;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** Organizations queued for a check, so a burst of notifications for one runs one check at a time. */
    private final Set<UUID> queued = ConcurrentHashMap.newKeySet();
    private ExecutorService workers;
    private Thread listener;
    private volatile boolean running;

    void start(@Observes StartupEvent event) {
        workers = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("auto-topup-", 0).daemon().factory());
        running = true;
        listener = Thread.ofPlatform().name("auto-topup-listener").daemon().start(this::listen);
        // claims a previous run of billing-service left behind (stopped between claim and answer)
        workers.execute(() -> {
            try {
                charger.recover(true);
            } catch (RuntimeException e) {
                LOG.warnf("recovering auto top-up claims at start failed (the sweep retries): %s", e.getMessage());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
        if (workers != null) {
            workers.shutdown();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks for a check of one organization (e.g. right after auto top-up was switched on). */
    public void check(UUID organizationId) {
        if (running && queued.add(organizationId)) {
            try {
                workers.execute(() -> {
                    queued.remove(organizationId);
                    try {
                        charger.topUpIfDue(organizationId);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "auto top-up of organization %s failed", organizationId);
                    }
                });
            } catch (RuntimeException e) {
                queued.remove(organizationId); // shutting down
            }
        }
    }

    /** The safety net: every organization below its threshold, and claims left unsettled too long. */
    @Scheduled(every = "${switchboard.billing.auto-topup.sweep-interval:60s}", delayed = "${switchboard.billing.auto-topup.sweep-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        @SuppressWarnings("unchecked")
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT a.organization_id FROM auto_topups a
                LEFT JOIN organization_balances b ON b.organization_id = a.organization_id
                WHERE a.enabled AND a.in_flight_payment_id IS NULL AND a.stripe_payment_method_id IS NOT NULL
                  AND coalesce(b.balance_nanos, 0) < a.threshold_nanos""").getResultList());
        due.forEach(this::check);
        charger.recover(false);
    }

    private void listen() {
        boolean reconnected = false;
        while (running) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                LOG.debugf("listening on %s", CHANNEL);
                if (reconnected) {
                    workers.execute(this::sweepQuietly); // notifications may have been missed meanwhile
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        try {
                            check(UUID.fromString(notification.getParameter()));
                        } catch (IllegalArgumentException e) {
                            LOG.warnf("ignoring %s notification %s", CHANNEL, notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warnf("LISTEN %s connection lost (%s); reconnecting", CHANNEL, e.getMessage());
                }
            }
            reconnected = true;
            if (running) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("auto top-up sweep failed: %s", e.getMessage());
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(user -> properties.setProperty("user", user));
        password.filter(p -> !p.isEmpty()).ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("ApplicationName", "billing-service auto top-up listener");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl, properties);
    }
}
