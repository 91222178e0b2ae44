package dev.switchboard.gateway.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testkit.db.InjectThrowawayPostgres;
import dev.switchboard.testkit.db.ThrowawayPostgres;
import dev.switchboard.testkit.db.ThrowawayPostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * After Postgres restarts, the JDBC pool hands out a live connection at the first request instead of one whose
 * socket died with the old server (PSQLException: This connection has been closed). The gateway runs on a
 * Postgres of its own here (a separate application start), since the test stops it.
 */
@QuarkusTest
@TestProfile(DatabaseRestartTest.OwnPostgres.class)
class DatabaseRestartTest {

    /** The throw-away Postgres instead of the shared one. */
    public static class OwnPostgres implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ThrowawayPostgresResource.class));
        }
    }

    @InjectThrowawayPostgres
    ThrowawayPostgres postgres;
    @Inject
    DataSource dataSource;

    @Test
    void hands_out_a_live_connection_on_the_first_try_after_a_restart() throws SQLException {
        assertThat(selectOne()).as("before the restart").isEqualTo(1); // leaves an idle connection in the pool

        postgres.stop(); // no query while it is down: a failed query would itself evict the dead connection
        postgres.start();

        assertThat(selectOne()).as("the first query after the restart").isEqualTo(1);
    }

    @Test
    void fails_fast_while_the_database_is_down() throws SQLException {
        selectOne();
        postgres.stop();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(this::selectOne).isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        } finally {
            postgres.start();
        }
        assertThat(selectOne()).isEqualTo(1);
    }

    private int selectOne() throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
