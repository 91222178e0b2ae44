package dev.switchboard.gateway.metering;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps the monthly partitions of {@code generations} a few months ahead, so a metering batch can never be
 * refused for want of a partition. Runs at start and daily; the SQL function is idempotent and serialised
 * with an advisory lock, so every replica may run it.
 */
@ApplicationScoped
public class GenerationPartitions {

    private static final Logger LOG = Logger.getLogger(GenerationPartitions.class);
    static final int MONTHS_AHEAD = 3;

    @Inject
    DataSource dataSource;

    void onStart(@Observes StartupEvent event) {
        ensure();
    }

    @Scheduled(every = "24h", delayed = "1h")
    void daily() {
        ensure();
    }

    /** Creates the missing partitions from this month through {@link #MONTHS_AHEAD} months ahead; returns how many. */
    public int ensure() {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT ensure_generation_partitions(CAST(now() AT TIME ZONE 'UTC' AS date), " + MONTHS_AHEAD + ")")) {
            rs.next();
            int created = rs.getInt(1);
            if (created > 0) {
                LOG.infof("created %d monthly partition(s) of generations", created);
            }
            return created;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the partitions of generations", e);
        }
    }
}
