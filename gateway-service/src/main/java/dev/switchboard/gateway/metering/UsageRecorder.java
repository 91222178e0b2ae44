package dev.switchboard.gateway.metering;

import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.credit.CreditGuard;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Writes generations off the hot path, in batches (group commit): every few milliseconds or few hundred rows,
 * one transaction holds the batch's {@code generations} rows, one {@code usage} ledger entry per organization
 * and the matching shrink of the credit leases. So after every commit balance = Σ ledger and
 * Σ usage entries = −Σ generation costs (− Σ parked costs). A failed batch is retried, never dropped; on
 * SIGTERM the queue is drained before the leases are handed back. A SIGKILL loses nothing either: every
 * generation is in the {@link UsageJournal} before its response ends, and the next process on the journal
 * writes those the database does not have.
 * <p>
 * A served response is always billed, whatever happens to its row: every row is sanitised before it is
 * written ({@link GenerationSanitizer}), and a row the database still refuses is parked with its cost charged
 * ({@code parked_generations}); a reservation is never handed back as if nothing had been spent.
 */
@Singleton
public class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);
    /** Longest wait between two tries of a failed batch: short, so usage lands soon after the database returns. */
    private static final long MAX_BACKOFF_MILLIS = 500;

    /** Lock-free: producers (event loops) never wake the writer, which drains on its own clock (group commit). */
    private final ConcurrentLinkedQueue<GenerationRecord> queue = new ConcurrentLinkedQueue<>();
    /** Generations queued and not yet written, by id, with where the journal has them. */
    private final Map<String, Unwritten> unwritten = new ConcurrentHashMap<>();
    private final AtomicLong written = new AtomicLong();
    /** Rows in parked_generations not yet replayed: a gauge operators alert on. */
    private final AtomicLong parked = new AtomicLong();
    private volatile boolean running;
    private Thread writer;
    private Timer flushTimer;
    private GenerationMetrics metrics;
    private Counter sanitized;
    private List<Gauge> gauges = List.of();
    /** Null when the journal is turned off. */
    private UsageJournal journal;
    private Counter journalFailures;
    private Counter journalReplayed;
    private volatile long lastJournalFailureLog;
    private KeyLastUse lastUse;

    @Inject
    DataSource dataSource;
    @Inject
    GatewayConfig config;
    @Inject
    CreditGuard credit;
    @Inject
    MeterRegistry meters;
    @Inject
    ObjectMapper json;

    void start(@Observes StartupEvent event) {
        metrics = new GenerationMetrics(meters);
        lastUse = new KeyLastUse(dataSource);
        flushTimer = Timer.builder("switchboard.metering.flush").description("Time to write one metering batch").register(meters);
        // removed again on shutdown: a registry outliving the application (tests) must not keep a dead gauge
        gauges = List.of(
                Gauge.builder("switchboard.metering.queue", unwritten, Map::size).strongReference(true)
                        .description("Generations waiting to be written").register(meters),
                Gauge.builder("switchboard.metering.queue.limit", () -> config.metering().maxQueued()).strongReference(true)
                        .description("Most generations held unwritten before new requests get 503").register(meters),
                Gauge.builder("switchboard.metering.parked", parked, AtomicLong::get).strongReference(true)
                        .description("Generations the database refused, billed and parked for replay").register(meters));
        sanitized = meters.counter("switchboard.metering.sanitized");
        journalFailures = Counter.builder("switchboard.metering.journal.failures")
                .description("Generations that could not be appended to the metering journal (a SIGKILL would lose them)").register(meters);
        journalReplayed = Counter.builder("switchboard.metering.journal.replayed")
                .description("Generations an earlier process left unwritten, written from its journal").register(meters);
        countParked();
        openJournal();
        running = true;
        writer = Thread.ofPlatform().name("usage-recorder").daemon(false).start(this::run);
    }

    /**
     * Whether another request may start: the queue of unwritten generations is under its bound. While the
     * database is away the queue grows (usage is kept, never dropped); past the bound the gateway answers 503
     * rather than hold more unbilled usage in memory.
     */
    public boolean accepting() {
        return unwritten.size() < config.metering().maxQueued();
    }

    /**
     * The journal, and what an earlier process on it left unwritten, queued like new generations (before the
     * writer starts). A journal that cannot be opened stops the start: running without it would silently
     * give up what it is for.
     */
    private void openJournal() {
        GatewayConfig.Journal settings = config.metering().journal();
        if (!settings.enabled()) {
            LOG.info("metering journal off (switchboard.gateway.metering.journal.enabled=false): a SIGKILL loses the usage not yet written");
            return;
        }
        try {
            journal = UsageJournal.open(settings.directory(), settings.segmentSize().asLongValue());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("metering journal " + settings.directory().toAbsolutePath() + " cannot be used ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). Set SWITCHBOARD_METERING_JOURNAL to a "
                    + "writable directory of this replica's own, on storage that outlives the process (or "
                    + "SWITCHBOARD_METERING_JOURNAL_ENABLED=false, and a SIGKILL loses the usage not yet written)", e);
        }
        for (UsageJournal.Recovered r : journal.takeRecovered()) {
            unwritten.put(r.generation().id(), new Unwritten(r.generation(), r.ticket()));
            queue.add(r.generation());
        }
    }

    /**
     * Queues a finished request's generation, called before its response ends; it is written within the batch
     * window. The journal has it first, so that not even a SIGKILL loses it.
     */
    public void record(GenerationRecord generation) {
        UsageJournal.Ticket ticket = null;
        if (journal != null) {
            try {
                ticket = journal.append(generation);
            } catch (RuntimeException e) {
                // the request was served: it is still billed from memory; only a SIGKILL before its batch would lose it
                journalFailures.increment();
                long now = System.currentTimeMillis();
                if (now - lastJournalFailureLog > 10_000) {
                    lastJournalFailureLog = now;
                    LOG.errorf("metering journal %s: cannot append (%s); usage is written from memory, and a SIGKILL "
                            + "would lose what is not yet written (metric switchboard_metering_journal_failures_total)",
                            journal.directory(), e.getMessage());
                }
            }
        }
        unwritten.put(generation.id(), new Unwritten(generation, ticket));
        queue.add(generation);
        metrics.record(generation);
    }

    /** A generation not yet written, so that {@code GET /generation} finds it right after the response. */
    public Optional<GenerationRecord> unwritten(String id) {
        Unwritten u = unwritten.get(id);
        return u == null ? Optional.empty() : Optional.of(u.generation());
    }

    /** Waits until everything queued so far is written (tests). */
    public void awaitFlushed(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!unwritten.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(2);
        }
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        gauges.forEach(meters::remove);
        running = false;
        if (writer != null) {
            writer.join(TimeUnit.SECONDS.toMillis(60));
        }
        LOG.infof("metering stopped: %d generations written, %d left unwritten%s", written.get(), unwritten.size(),
                unwritten.isEmpty() || journal == null ? "" : " (in the journal, for the next start)");
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.warnf("metering journal: could not close %s (%s)", journal.directory(), e.getMessage());
            }
        }
        credit.returnAll();
    }

    private void countParked() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM parked_generations WHERE replayed_at IS NULL");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            parked.set(rs.getLong(1));
            if (parked.get() > 0) {
                LOG.warnf("metering: %d generations are parked in parked_generations, billed and waiting for replay", parked.get());
            }
        } catch (SQLException e) {
            LOG.warnf("metering: could not count parked generations: %s", e.getMessage());
        }
    }

    private void run() {
        long flushNanos = config.metering().flushInterval().toNanos();
        int batchSize = config.metering().batchSize();
        List<GenerationRecord> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                GenerationRecord next;
                while (batch.size() < batchSize && (next = queue.poll()) != null) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    LockSupport.parkNanos(flushNanos); // nothing to write: look again after one batch window
                    continue;
                }
                writeWithRetry(batch);
                batch.clear();
                if (queue.isEmpty()) {
                    LockSupport.parkNanos(flushNanos); // let the next batch gather
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (!running) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                // the writer must outlive any bug: the batch stays and is tried again
                LOG.errorf(e, "metering writer failed on a batch of %d generations; trying again", batch.size());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(MAX_BACKOFF_MILLIS));
            }
        }
    }

    /**
     * Runs one metering transaction until it commits (an outage is waited out, nothing is dropped); returns
     * null, or the error when the database refuses the data itself or the gateway fails on it (a bug): either
     * way retrying the same rows cannot help, they are split out and parked.
     */
    private Exception commitWithRetry(List<GenerationRecord> batch, Transaction transaction) throws InterruptedException {
        long backoff = 50;
        while (true) {
            try {
                transaction.run(batch);
                return null;
            } catch (RuntimeException e) {
                LOG.errorf(e, "metering: a batch of %d generations failed inside the gateway", batch.size());
                return e;
            } catch (SQLException | Error e) {
                // an Error here is the driver's on a connection that died mid-batch (seen: PgJDBC's AssertionError): transient
                if (e instanceof SQLException sql && isDataError(sql)) {
                    return sql;
                }
                LOG.errorf("metering batch of %d generations failed (%s); retrying in %d ms (nothing is dropped)",
                        batch.size(), e.toString(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private void writeWithRetry(List<GenerationRecord> batch) throws InterruptedException {
        long start = System.nanoTime();
        Exception refused = commitWithRetry(batch, this::write);
        flushTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        long oldestEnd = Long.MAX_VALUE;
        for (GenerationRecord g : batch) {
            oldestEnd = Math.min(oldestEnd, GenerationMetrics.endMillis(g));
        }
        metrics.batchWritten(oldestEnd, System.currentTimeMillis());
        if (refused != null) {
            isolate(batch, refused);
        } else {
            lastUse.stamp(batch);
        }
    }

    /**
     * Splits a refused batch until the refused rows are alone. A row the database refuses even sanitised is
     * still billed: its cost goes to the ledger with the row parked beside it ({@link #park}).
     */
    private void isolate(List<GenerationRecord> batch, Exception why) throws InterruptedException {
        if (batch.size() == 1) {
            GenerationRecord refused = batch.getFirst();
            if (isUniqueViolation(why) && recovered(refused)) {
                // from the journal, and committed by the process that died after the check (its last COMMIT in flight)
                LOG.infof("metering journal: generation %s is in the database already; not billed twice", refused.id());
                forget(batch);
                return;
            }
            String reason = (why instanceof SQLException sql ? sql.getSQLState() : why.getClass().getSimpleName()) + ": "
                    + GenerationSanitizer.text(why.getMessage(), 1_000);
            if (commitWithRetry(batch, single -> park(single.getFirst(), reason)) != null) {
                // not even the ledger entry can be written (e.g. the organization row is gone): the cost stays
                // held in this replica's lease, so it cannot be spent again, and an operator is told
                LOG.errorf("metering: could neither store nor park generation %s; its cost %d nano-USD stays held: %s",
                        refused.id(), refused.costNanos(), refused);
                meters.counter("switchboard.metering.unparkable").increment();
                forget(batch);
            }
            return;
        }
        int half = batch.size() / 2;
        writeWithRetry(new ArrayList<>(batch.subList(0, half)));
        writeWithRetry(new ArrayList<>(batch.subList(half, batch.size())));
    }

    /** SQLSTATE classes 22 (data), 23 (integrity) and 54 (a program limit, e.g. an index row too large): retrying the same rows cannot help. */
    private static boolean isDataError(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23") || sql.getSQLState().startsWith("54"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUniqueViolation(Exception e) {
        return e instanceof SQLException sql && "23505".equals(sql.getSQLState());
    }

    @FunctionalInterface
    private interface Transaction {
        void run(List<GenerationRecord> batch) throws SQLException;
    }

    /**
     * One batch: its generations (sanitised), its usage entries and lease shrinks, in one transaction. Generations
     * from the journal that the database already has are left out: the process that died had committed them.
     */
    private void write(List<GenerationRecord> batch) throws SQLException {
        Map<UUID, Long> shrunk;
        List<GenerationRecord> fresh = batch;
        Set<String> stored;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                stored = alreadyStored(c, batch);
                if (!stored.isEmpty()) {
                    fresh = batch.stream().filter(g -> !stored.contains(g.id())).toList();
                }
                List<GenerationRecord> rows = new ArrayList<>(fresh.size());
                for (GenerationRecord g : fresh) {
                    GenerationRecord row = GenerationSanitizer.sanitize(g);
                    if (row != g) {
                        LOG.warnf("metering: generation %s stored sanitised (control characters removed or texts cut)", g.id());
                        sanitized.increment();
                    }
                    rows.add(row);
                }
                // one COPY per batch (GenerationCopy says why); a row Postgres refuses fails it whole, as the INSERT did
                try {
                    if (!rows.isEmpty()) {
                        c.unwrap(PGConnection.class).getCopyAPI().copyIn(GenerationCopy.SQL, new ByteArrayInputStream(GenerationCopy.rows(rows)));
                    }
                } catch (IOException e) {
                    throw new SQLException("metering: the COPY of a batch could not be sent", e);
                }
                shrunk = UsageCharges.charge(c, fresh);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (fresh != batch) {
            journalReplayed.increment(fresh.stream().filter(this::recovered).count());
            forget(batch.stream().filter(g -> stored.contains(g.id())).toList());
        } else if (journal != null) {
            journalReplayed.increment(batch.stream().filter(this::recovered).count());
        }
        settled(fresh, shrunk);
    }

    /**
     * Of a batch's generations recovered from the journal, those the database has already (written or parked by
     * the process that died). Nothing is asked for generations of this process, the usual case.
     */
    private Set<String> alreadyStored(Connection c, List<GenerationRecord> batch) throws SQLException {
        if (journal == null) {
            return Set.of();
        }
        List<GenerationRecord> recovered = batch.stream().filter(this::recovered).toList();
        if (recovered.isEmpty()) {
            return Set.of();
        }
        Instant from = recovered.stream().map(GenerationRecord::createdAt).min(Instant::compareTo).orElseThrow();
        Instant to = recovered.stream().map(GenerationRecord::createdAt).max(Instant::compareTo).orElseThrow();
        Object[] ids = recovered.stream().map(GenerationRecord::id).toArray();
        Set<String> stored = new HashSet<>();
        // the primary key is (id, created_at): the range prunes to the partitions the generations can be in
        try (PreparedStatement s = c.prepareStatement("""
                SELECT id FROM generations WHERE id = ANY (?) AND created_at BETWEEN ? AND ?
                UNION ALL SELECT id FROM parked_generations WHERE id = ANY (?)""")) {
            s.setArray(1, c.createArrayOf("text", ids));
            s.setTimestamp(2, Timestamp.from(from.minusSeconds(1)));
            s.setTimestamp(3, Timestamp.from(to.plusSeconds(1)));
            s.setArray(4, c.createArrayOf("text", ids));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        return stored;
    }

    /**
     * A generation the database refuses even sanitised: its cost is written as usage all the same, and the
     * record is parked whole in {@code parked_generations} for an operator to replay. Never unbilled.
     */
    private void park(GenerationRecord g, String reason) throws SQLException {
        String record;
        try {
            record = json.writeValueAsString(g);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Map<UUID, Long> shrunk;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO parked_generations (id, organization_id, cost_nanos, reason, record) VALUES (?, ?, ?, ?, ?)""")) {
                    s.setString(1, g.id());
                    s.setObject(2, g.organizationId());
                    s.setLong(3, g.costNanos());
                    s.setString(4, reason);
                    s.setString(5, record);
                    s.executeUpdate();
                }
                shrunk = UsageCharges.charge(c, List.of(g));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        settled(List.of(g), shrunk);
        parked.incrementAndGet();
        LOG.errorf("metering: the database refuses generation %s (%s); billed %d nano-USD and parked it in parked_generations for replay",
                g.id(), reason, g.costNanos());
    }

    /** After a commit: the leases' pending costs are written; the generations leave the queue. */
    private void settled(List<GenerationRecord> batch, Map<UUID, Long> shrunkByLease) {
        for (Map.Entry<UUID, Long> e : UsageCharges.costByLease(batch).entrySet()) {
            credit.flushed(e.getKey(), e.getValue(), shrunkByLease.getOrDefault(e.getKey(), 0L));
        }
        forget(batch);
        written.addAndGet(batch.size());
    }

    /**
     * The generations leave the queue, and the journal may reuse their place: written, or without a charge (in the
     * database already, or given up on).
     */
    private void forget(List<GenerationRecord> generations) {
        for (GenerationRecord g : generations) {
            Unwritten u = unwritten.remove(g.id());
            if (u != null && u.ticket() != null) {
                journal.settled(u.ticket());
            }
        }
    }

    /** Whether the generation came from an earlier process's journal (it may be in the database already). */
    private boolean recovered(GenerationRecord g) {
        Unwritten u = unwritten.get(g.id());
        return u != null && u.ticket() != null && u.ticket().recovered();
    }

    private record Unwritten(GenerationRecord generation, UsageJournal.Ticket ticket) {
    }
}
