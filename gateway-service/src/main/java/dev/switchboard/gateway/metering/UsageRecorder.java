package dev.switchboard.gateway.metering;

import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.credit.CreditGuard;
import dev.switchboard.gateway.credit.LeaseStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Writes generations off the hot path, in batches (group commit): every few milliseconds or few hundred rows,
 * one transaction holds the batch's {@code generations} rows, one {@code usage} ledger entry per organization
 * and the matching shrink of the credit leases. So after every commit balance = Σ ledger and
 * Σ usage entries = −Σ generation costs. A failed batch is retried, never dropped; on SIGTERM the queue is
 * drained before the leases are handed back. A crash loses at most the batch window.
 */
@Singleton
public class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);
    private static final String INSERT_GENERATION = """
            INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, endpoint_id, api_type,
                upstream_id, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, tokens_estimated, cost_nanos,
                latency_ms, generation_time_ms, streamed, cancelled, finish_reason, native_finish_reason, status, error_code,
                error_message, app_referer, app_title, external_user, provider_responses, dropped_parameters)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)""";

    /** Lock-free: producers (event loops) never wake the writer, which drains on its own clock (group commit). */
    private final ConcurrentLinkedQueue<GenerationRecord> queue = new ConcurrentLinkedQueue<>();
    private final Map<String, GenerationRecord> unwritten = new ConcurrentHashMap<>();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean running;
    private Thread writer;
    private Timer flushTimer;

    @Inject
    DataSource dataSource;
    @Inject
    GatewayConfig config;
    @Inject
    CreditGuard credit;
    @Inject
    MeterRegistry meters;

    void start(@Observes StartupEvent event) {
        flushTimer = Timer.builder("switchboard.metering.flush").description("Time to write one metering batch").register(meters);
        meters.gauge("switchboard.metering.queue", unwritten, Map::size);
        running = true;
        writer = Thread.ofPlatform().name("usage-recorder").daemon(false).start(this::run);
    }

    /** Queues a finished request's generation; it is written within the batch window. */
    public void record(GenerationRecord generation) {
        unwritten.put(generation.id(), generation);
        queue.add(generation);
    }

    /** A generation not yet written, so that {@code GET /generation} finds it right after the response. */
    public Optional<GenerationRecord> unwritten(String id) {
        return Optional.ofNullable(unwritten.get(id));
    }

    /** Waits until everything queued so far is written (tests). */
    public void awaitFlushed(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!unwritten.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(2);
        }
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.join(TimeUnit.SECONDS.toMillis(60));
        }
        LOG.infof("metering stopped: %d generations written, %d left unwritten", written.get(), unwritten.size());
        credit.returnAll();
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
            }
        }
    }

    private void writeWithRetry(List<GenerationRecord> batch) throws InterruptedException {
        long backoff = 50;
        while (true) {
            try {
                flushTimer.record(() -> {
                    try {
                        write(batch);
                    } catch (SQLException e) {
                        throw new BatchFailed(e);
                    }
                });
                return;
            } catch (BatchFailed e) {
                SQLException cause = (SQLException) e.getCause();
                if (isDataError(cause)) {
                    // a row the database refuses (a bug, not an outage): write the others, set that one aside
                    isolate(batch);
                    return;
                }
                LOG.errorf(cause, "metering batch of %d generations failed; retrying in %d ms (nothing is dropped)", batch.size(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /** Splits a refused batch until the refused rows are alone; those are logged whole and counted, never silently lost. */
    private void isolate(List<GenerationRecord> batch) throws InterruptedException {
        if (batch.size() == 1) {
            GenerationRecord refused = batch.getFirst();
            LOG.errorf("metering: the database refuses generation %s, set aside unbilled: %s", refused.id(), refused);
            meters.counter("switchboard.metering.refused").increment();
            credit.flushed(refused.organizationLeaseId(), refused.costNanos(), 0);
            if (refused.keyLeaseId() != null) {
                credit.flushed(refused.keyLeaseId(), refused.costNanos(), 0);
            }
            unwritten.remove(refused.id());
            return;
        }
        int half = batch.size() / 2;
        writeWithRetry(new ArrayList<>(batch.subList(0, half)));
        writeWithRetry(new ArrayList<>(batch.subList(half, batch.size())));
    }

    /** SQLSTATE classes 22 (data exception) and 23 (integrity constraint): retrying the same rows cannot help. */
    private static boolean isDataError(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private void write(List<GenerationRecord> batch) throws SQLException {
        Map<UUID, Long> costByOrganization = new LinkedHashMap<>();
        Map<UUID, Long> costByLease = new LinkedHashMap<>();
        Map<UUID, Long> shrunkByLease = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement(INSERT_GENERATION)) {
                    for (GenerationRecord g : batch) {
                        bind(s, g);
                        s.addBatch();
                        costByOrganization.merge(g.organizationId(), g.costNanos(), Math::addExact);
                        if (g.costNanos() > 0) {
                            if (g.organizationLeaseId() != null) {
                                costByLease.merge(g.organizationLeaseId(), g.costNanos(), Math::addExact);
                            }
                            if (g.keyLeaseId() != null) {
                                costByLease.merge(g.keyLeaseId(), g.costNanos(), Math::addExact);
                            }
                        }
                    }
                    s.executeBatch();
                }
                String batchId = UUID.randomUUID().toString();
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference, description)
                        VALUES (?, ?, 'usage', ?, ?, ?)""")) {
                    for (Map.Entry<UUID, Long> e : costByOrganization.entrySet()) {
                        if (e.getValue() == 0) {
                            continue;
                        }
                        s.setObject(1, UUID.randomUUID());
                        s.setObject(2, e.getKey());
                        s.setLong(3, -e.getValue());
                        s.setString(4, "usage:" + batchId + ":" + e.getKey());
                        s.setString(5, "usage batch " + batchId);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                for (Map.Entry<UUID, Long> e : costByLease.entrySet()) {
                    CreditGuard.LeaseOwner owner = credit.owner(e.getKey());
                    if (owner != null) {
                        shrunkByLease.put(e.getKey(), LeaseStore.consume(c, e.getKey(), owner.organizationId(), owner.organizationLease(), e.getValue()));
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        for (Map.Entry<UUID, Long> e : costByLease.entrySet()) {
            credit.flushed(e.getKey(), e.getValue(), shrunkByLease.getOrDefault(e.getKey(), 0L));
        }
        for (GenerationRecord g : batch) {
            unwritten.remove(g.id());
        }
        written.addAndGet(batch.size());
    }

    private static void bind(PreparedStatement s, GenerationRecord g) throws SQLException {
        int i = 1;
        s.setString(i++, g.id());
        s.setTimestamp(i++, Timestamp.from(g.createdAt()));
        s.setObject(i++, g.organizationId());
        s.setObject(i++, g.apiKeyId());
        s.setString(i++, g.modelId());
        s.setString(i++, g.providerId());
        s.setObject(i++, g.endpointId());
        s.setString(i++, g.apiType());
        s.setString(i++, g.upstreamId());
        s.setInt(i++, g.tokensPrompt());
        s.setInt(i++, g.tokensCompletion());
        s.setInt(i++, g.tokensReasoning());
        s.setInt(i++, g.tokensCached());
        s.setBoolean(i++, g.tokensEstimated());
        s.setLong(i++, g.costNanos());
        setInt(s, i++, g.latencyMs());
        setInt(s, i++, g.generationTimeMs());
        s.setBoolean(i++, g.streamed());
        s.setBoolean(i++, g.cancelled());
        s.setString(i++, g.finishReason());
        s.setString(i++, g.nativeFinishReason());
        s.setInt(i++, g.status());
        s.setString(i++, g.errorCode());
        s.setString(i++, truncate(g.errorMessage(), 2000));
        s.setString(i++, truncate(g.appReferer(), 500));
        s.setString(i++, truncate(g.appTitle(), 200));
        s.setString(i++, truncate(g.externalUser(), 200));
        s.setString(i++, g.providerResponsesJson());
        if (g.droppedParameters() == null || g.droppedParameters().isEmpty()) {
            s.setNull(i, Types.ARRAY);
        } else {
            s.setArray(i, s.getConnection().createArrayOf("text", g.droppedParameters().toArray()));
        }
    }

    private static void setInt(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static final class BatchFailed extends RuntimeException {
        BatchFailed(SQLException cause) {
            super(cause);
        }
    }
}
