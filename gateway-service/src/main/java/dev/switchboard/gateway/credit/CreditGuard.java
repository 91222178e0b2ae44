package dev.switchboard.gateway.credit;

import dev.switchboard.gateway.auth.Caller;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.database.DatabaseEvents;
import dev.switchboard.gateway.database.DatabaseFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Reserves each request's worst-case cost before it goes upstream, and settles it to the actual cost after.
 * Reservations come from in-memory leases (no I/O in the common case); a lease is refilled from the
 * database in one short transaction on a worker thread when it runs short. A 402 therefore means the
 * organization (or the key's limit) really lacks the credit, apart from what requests in flight hold.
 * See ../shared/design/credit-path.md and docs/architecture.md.
 */
@Singleton
public class CreditGuard {

    private static final Logger LOG = Logger.getLogger(CreditGuard.class);
    private static final int RECALL_ATTEMPTS = 20;
    private static final long RECALL_RETRY_MILLIS = 250;
    /**
     * Waits between refills while other replicas hold the credit a request needs and have been asked for it
     * ({@code credit_wanted}); 315 ms in all. A replica answers in a few milliseconds (a NOTIFY, one short
     * transaction), so this only runs out when the credit is held by requests in flight elsewhere.
     */
    private static final long[] WANTED_WAITS_MILLIS = {5, 10, 20, 40, 80, 160};

    private final ConcurrentHashMap<UUID, CreditAccount> organizations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, CreditAccount> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, CreditAccount> byLeaseId = new ConcurrentHashMap<>();
    private final String holder = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    LeaseStore store;
    @Inject
    Vertx vertx;
    @Inject
    GatewayConfig config;
    @Inject
    DatabaseEvents events;
    @Inject
    MeterRegistry meters;

    private List<Gauge> gauges = List.of();
    private Counter wantedAsked;
    private Counter wantedAnswered;

    /**
     * Credit that shrinks under a lease (a refund or negative adjustment, a lowered or new key limit, a deleted
     * key or organization) is notified by the database in the same transaction; this replica then hands back
     * what it holds unreserved, so the next request re-reads the truth. After a lost LISTEN connection, every
     * lease is recalled, since a notification may have been missed.
     */
    void start(@Observes StartupEvent event) {
        gauges = List.of(Gauge.builder("switchboard.credit.leases", this, g -> g.leaseFigures()[0])
                        .description("Credit leases this replica holds (organizations' credit and keys' limits)").register(meters),
                Gauge.builder("switchboard.credit.leased", this, g -> g.leaseFigures()[1]).baseUnit("nano_usd")
                        .description("Credit this replica holds in leases").register(meters));
        wantedAsked = Counter.builder("switchboard.credit.wanted").tag("direction", "asked")
                .description("Credit held by other replicas asked for (asked) or handed back on their asking (answered)").register(meters);
        wantedAnswered = Counter.builder("switchboard.credit.wanted").tag("direction", "answered").register(meters);
        events.listen("credit_changes", organization -> recallOrganization(UUID.fromString(organization)));
        events.listen("organization_changes", organization -> recallOrganization(UUID.fromString(organization)));
        events.listen("api_key_changes", hash -> keys.values().stream().filter(a -> hash.equals(a.keyHash)).forEach(this::recall));
        events.listen(LeaseStore.CREDIT_WANTED, this::wanted);
        events.onResync(() -> allAccounts().forEach(this::recall));
    }

    void stop(@Observes ShutdownEvent event) {
        gauges.forEach(meters::remove); // a registry outliving the application (tests) must not keep a dead gauge
    }

    /**
     * Another replica is short of credit that this one holds: hand back what is not reserved, so two replicas serve
     * an organization (or a key's limit) as one would. Payload {@code o:<organization>|<holder>} or
     * {@code k:<key>|<holder>}; our own asks are ignored.
     */
    private void wanted(String payload) {
        int bar = payload.indexOf('|');
        if (bar < 3 || payload.substring(bar + 1).equals(holder)) {
            return;
        }
        UUID id = UUID.fromString(payload.substring(2, bar));
        CreditAccount account = payload.startsWith("o:") ? organizations.get(id) : keys.get(id);
        if (account != null) {
            wantedAnswered.increment();
            recall(account);
        }
    }

    /** Reserves {@code amountNanos} for a request of {@code caller}; fails with {@link InsufficientCreditException}. */
    public Future<Reservation> reserve(Caller caller, long amountNanos) {
        CreditAccount org = organizations.computeIfAbsent(caller.organizationId(),
                id -> indexed(new CreditAccount(CreditAccount.Kind.ORGANIZATION, id, null, null)));
        Future<Void> orgReserved = reserveFrom(org, amountNanos);
        if (caller.limitNanos() == null) {
            return orgReserved.map(v -> new Reservation(org, null, amountNanos));
        }
        CreditAccount key = keys.computeIfAbsent(caller.apiKeyId(),
                id -> indexed(new CreditAccount(CreditAccount.Kind.KEY, caller.organizationId(), id, caller.keyHash())));
        return orgReserved.compose(v -> reserveFrom(key, amountNanos)
                .map(w -> new Reservation(org, key, amountNanos))
                .recover(e -> {
                    unreserve(org, amountNanos, 0);
                    return Future.failedFuture(e);
                }));
    }

    /**
     * The request is over and cost {@code costNanos}: its reservation returns to the lease, the cost stays
     * held until metering has written it ({@link #flushed}).
     */
    public void settle(Reservation reservation, long costNanos) {
        if (!reservation.markDone()) {
            return;
        }
        unreserve(reservation.organization, reservation.amountNanos, costNanos);
        if (reservation.key != null) {
            unreserve(reservation.key, reservation.amountNanos, costNanos);
        }
    }

    /**
     * Metering wrote {@code costNanos} charged against the lease {@code leaseId}, which shrank by {@code shrunk}
     * in the same transaction as the usage ledger entry.
     */
    public void flushed(UUID leaseId, long costNanos, long shrunk) {
        CreditAccount account = leaseId == null ? null : byLease(leaseId);
        if (account == null) {
            return;
        }
        synchronized (account) {
            account.pending -= costNanos;
            account.granted -= shrunk;
        }
    }

    private void recallOrganization(UUID organizationId) {
        CreditAccount account = organizations.get(organizationId);
        if (account != null) {
            recall(account);
        }
        keys.values().stream().filter(k -> k.organizationId.equals(organizationId)).forEach(this::recall);
    }

    /**
     * Hands back the unreserved part of a lease now, and once more after a refill that is under way (it may
     * have read the credit before the change). Requests in flight keep their reservations: they may still
     * spend what they hold, which bounds the overspend to what was in flight at the change.
     */
    void recall(CreditAccount account) {
        Future<Void> refills;
        synchronized (account) {
            refills = account.refillChain;
        }
        handBackFree(account);
        if (!refills.isComplete()) {
            refills.onComplete(done -> handBackFree(account));
        }
    }

    private void handBackFree(CreditAccount account) {
        handBackFree(account, RECALL_ATTEMPTS);
    }

    /** A recall that fails (the database is away) is tried again, so the change still bites once it can. */
    private void handBackFree(CreditAccount account, int attempts) {
        long free;
        synchronized (account) {
            if (!account.leaseRowExists) {
                return;
            }
            free = Math.max(account.available(), 0);
            account.granted -= free; // no reservation can take it from here on
        }
        if (free > 0) {
            vertx.executeBlocking(() -> giveBack(account, free, false), false).onComplete(done -> {
                if ((done.failed() || !done.result()) && attempts > 1) {
                    vertx.setTimer(RECALL_RETRY_MILLIS, t -> handBackFree(account, attempts - 1));
                }
            });
        }
    }

    /** Keeps this replica's leases alive, and hands back idle ones. */
    @Scheduled(every = "${switchboard.gateway.credit.maintenance-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        List<UUID> live = new ArrayList<>();
        long idleNanos = config.credit().idleReturn().toNanos();
        long now = System.nanoTime();
        for (CreditAccount account : allAccounts()) {
            long free;
            synchronized (account) {
                if (!account.leaseRowExists) {
                    continue;
                }
                boolean idle = account.reserved == 0 && account.pending == 0 && now - account.lastActivityNanos > idleNanos;
                free = idle ? account.available() : 0;
                if (free > 0) {
                    account.granted -= free; // no reservation can take it from here on
                } else {
                    live.add(account.leaseId);
                }
            }
            if (free > 0) {
                giveBack(account, free, true);
            }
        }
        try {
            store.renew(live, config.credit().leaseTtl());
        } catch (Exception e) {
            LOG.warnf("could not renew %d credit leases: %s", live.size(), e.getMessage());
        }
    }

    /** On shutdown, after metering flushed everything: every lease goes back to its organization. */
    public void returnAll() {
        for (CreditAccount account : allAccounts()) {
            long free;
            synchronized (account) {
                free = Math.max(account.granted - account.pending, 0);
                account.granted -= free;
            }
            if (free > 0) {
                giveBack(account, free, true);
            }
        }
    }

    private Future<Void> reserveFrom(CreditAccount account, long amount) {
        synchronized (account) {
            if (account.tryReserve(amount)) {
                return Future.succeededFuture();
            }
            // refills of one account run in order; each waiter re-checks the local lease first
            Future<Void> next = account.refillChain.transform(ignored -> refillAndReserve(account, amount));
            account.refillChain = next.otherwiseEmpty().mapEmpty();
            return next;
        }
    }

    private Future<Void> refillAndReserve(CreditAccount account, long amount) {
        return refillAndReserve(account, amount, 0);
    }

    private Future<Void> refillAndReserve(CreditAccount account, long amount, int waited) {
        long need;
        synchronized (account) {
            if (account.tryReserve(amount)) {
                return Future.succeededFuture();
            }
            need = amount - Math.max(account.available(), 0);
        }
        long slice = Math.min(Math.max(need * 8, config.credit().minLeaseNanos()), Math.max(config.credit().maxLeaseNanos(), need));
        return vertx.executeBlocking(() -> DatabaseFailures.retryOnce(() -> account.kind == CreditAccount.Kind.ORGANIZATION
                        ? store.acquireForOrganization(account, need, slice, holder, config.credit().leaseTtl())
                        : store.acquireForKey(account, need, slice, holder, config.credit().leaseTtl())), false)
                .compose(grant -> {
                    if (grant.shortfall() != null) {
                        if (grant.heldElsewhere() == 0 || waited == WANTED_WAITS_MILLIS.length) {
                            return Future.failedFuture(grant.shortfall());
                        }
                        // other replicas hold it: ask them for what they do not use, then look again
                        wantedAsked.increment();
                        return vertx.executeBlocking(() -> {
                            store.wanted(account, holder);
                            return null;
                        }, false).transform(asked -> Future.<Void>future(p -> vertx.setTimer(WANTED_WAITS_MILLIS[waited], t -> p.complete())))
                                .compose(v -> refillAndReserve(account, amount, waited + 1));
                    }
                    synchronized (account) {
                        account.granted += grant.taken();
                        account.leaseRowExists = true;
                        if (account.tryReserve(amount)) {
                            return Future.<Void>succeededFuture();
                        }
                    }
                    // others took it meanwhile: try again from the top
                    return refillAndReserve(account, amount, waited);
                });
    }

    private void unreserve(CreditAccount account, long reserved, long cost) {
        synchronized (account) {
            account.reserved -= reserved;
            account.pending += cost;
            account.lastActivityNanos = System.nanoTime();
        }
    }

    /** Returns whether the database took it back; if not, the amount is this replica's again. */
    private boolean giveBack(CreditAccount account, long amount, boolean deleteIfEmpty) {
        try {
            store.giveBack(account, amount, deleteIfEmpty);
            return true;
        } catch (Exception e) {
            LOG.warnf("could not hand back %d nano-USD of lease %s: %s (it expires and is reclaimed)", amount, account.leaseId, e.getMessage());
            synchronized (account) {
                account.granted += amount;
            }
            return false;
        }
    }

    /** {leases held, nano-USD they hold}: for the gauges, read at scrape time. */
    private double[] leaseFigures() {
        double count = 0;
        double granted = 0;
        for (CreditAccount account : allAccounts()) {
            synchronized (account) {
                if (account.leaseRowExists && account.granted > 0) {
                    count++;
                    granted += account.granted;
                }
            }
        }
        return new double[]{count, granted};
    }

    private CreditAccount indexed(CreditAccount account) {
        byLeaseId.put(account.leaseId, account);
        return account;
    }

    private CreditAccount byLease(UUID leaseId) {
        return byLeaseId.get(leaseId);
    }

    private List<CreditAccount> allAccounts() {
        List<CreditAccount> all = new ArrayList<>(organizations.values());
        all.addAll(keys.values());
        return all;
    }
}
