package dev.switchboard.billing.reconciliation;

import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * For the {@code reconcile} command's tests, which launch the application on a database that already holds data: a
 * fresh database, migrated here (the application's own migration at start then finds nothing to do) and seeded with
 * two organizations of {@link Workload}; with the init arg {@code plant=true}, the second also gets a generation of
 * 0.000000042 USD without its usage entry. The planted organization's id is published as the system property
 * {@link #PLANTED}.
 */
public class ReconcileDatabaseResource implements QuarkusTestResourceLifecycleManager {

    public static final String PLANTED = "switchboard.test.reconcile.planted-organization";

    private TestDatabase database;
    private boolean plant;

    @Override
    public void init(Map<String, String> initArgs) {
        plant = Boolean.parseBoolean(initArgs.getOrDefault("plant", "false"));
    }

    @Override
    public Map<String, String> start() {
        database = TestDatabase.create("sb_reconcile");
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/migration").load().migrate();
        Tenants tenants = new Tenants(database::connect);
        Workload workload = new Workload(tenants);
        workload.organization("first");
        UUID second = workload.organization("second");
        if (plant) {
            Tenants.Key key = tenants.key(second, null, "k", false);
            tenants.generation(second, key.id(), "acme/alpha", "fake", java.time.Instant.now(), 1, 1, 0, 0, 42);
        }
        System.setProperty(PLANTED, second.toString());
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
