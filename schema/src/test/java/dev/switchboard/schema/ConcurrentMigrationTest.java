package dev.switchboard.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.db.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Every service migrates at start; several starting at once against one fresh database must all succeed. */
class ConcurrentMigrationTest {

    @Test
    void four_services_migrating_at_once_apply_each_version_exactly_once() throws Exception {
        try (TestDatabase db = TestDatabase.create("sb_migrate")) {
            int starters = 4;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(starters);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < starters; i++) {
                results.add(pool.submit(() -> {
                    Flyway flyway = Flyway.configure()
                            .dataSource(db.jdbcUrl(), db.user(), db.password())
                            .locations("classpath:db/migration")
                            .load();
                    go.await();
                    return flyway.migrate().migrationsExecuted;
                }));
            }
            go.countDown();
            int executed = 0;
            for (Future<Integer> result : results) {
                executed += result.get();
            }
            pool.shutdown();

            try (Connection c = db.connect();
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT count(*), count(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(rs.getInt(2));
                assertThat(executed).isEqualTo(rs.getInt(1));
            }
        }
    }
}
