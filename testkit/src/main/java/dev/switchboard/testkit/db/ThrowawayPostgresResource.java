package dev.switchboard.testkit.db;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a Quarkus test run a Postgres server of its own (see {@link ThrowawayPostgres}) and points both the JDBC
 * and the reactive datasource at its database; Flyway then migrates it when the application starts. For tests
 * that stop and restart the database: a field {@code @InjectThrowawayPostgres ThrowawayPostgres postgres;} gives
 * {@link ThrowawayPostgres#stop()} and {@link ThrowawayPostgres#start()}. Use it from a {@code QuarkusTestProfile}'s
 * {@code testResources()} or with {@code @WithTestResource(ThrowawayPostgresResource.class)}, so the other tests
 * keep their own database.
 */
public class ThrowawayPostgresResource implements QuarkusTestResourceLifecycleManager {

    private ThrowawayPostgres postgres;

    @Override
    public Map<String, String> start() {
        postgres = ThrowawayPostgres.start("sb_throwaway");
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.username", postgres.user(),
                // trust authentication: overrides any SWITCHBOARD_DB_PASSWORD of the environment
                "quarkus.datasource.password", "");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(postgres,
                new TestInjector.AnnotatedAndMatchesType(InjectThrowawayPostgres.class, ThrowawayPostgres.class));
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }
}
