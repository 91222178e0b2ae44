package dev.switchboard.gateway.metering;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** The keys' last use, stamped by metering after each batch it writes. */
final class KeyLastUse {

    private static final Logger LOG = Logger.getLogger(KeyLastUse.class);
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final DataSource dataSource;
    /** When this replica last stamped each key's last_used_at (System.nanoTime()). */
    private final Map<UUID, Long> stampedAt = new ConcurrentHashMap<>();

    KeyLastUse(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Shows real use on the key lists (api_keys.last_used_at, the one column of accounts-service's table the gateway
     * writes) at most once a minute per key, after the batch committed: cheap, and outside the billing transaction so
     * it can never hold usage back. The schema notifies key changes only for columns that matter to authentication,
     * so this does not evict the key from any gateway's cache.
     */
    void stamp(List<GenerationRecord> batch) {
        long now = System.nanoTime();
        Map<UUID, Instant> latest = new HashMap<>();
        for (GenerationRecord g : batch) {
            Long stamped = stampedAt.get(g.apiKeyId());
            if (stamped == null || now - stamped >= INTERVAL_NANOS) {
                latest.merge(g.apiKeyId(), g.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        if (latest.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>(latest.keySet());
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     UPDATE api_keys k SET last_used_at = u.used_at
                     FROM unnest(?::uuid[], ?::timestamptz[]) AS u (id, used_at)
                     WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.used_at)""")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            s.setArray(2, c.createArrayOf("timestamptz", ids.stream().map(id -> Timestamp.from(latest.get(id))).toArray()));
            s.executeUpdate();
            if (stampedAt.size() > 100_000) {
                stampedAt.clear(); // bounded: forgetting only means one early stamp per key
            }
            ids.forEach(id -> stampedAt.put(id, now));
        } catch (SQLException e) {
            LOG.warnf("metering: could not stamp last use of %d keys (%s); the next batch tries again", ids.size(), e.getMessage());
        }
    }
}
