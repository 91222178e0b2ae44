package dev.switchboard.billing;

import dev.switchboard.testkit.db.PostgresTestResource;
import dev.switchboard.testkit.service.ServiceHealthContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Starts on a fresh database and reports UP; health and metrics on the management port only (see the contract). */
@QuarkusTest
@WithTestResource(PostgresTestResource.class) // on the test class: Quarkus does not find it on a superclass in another jar
class ServiceHealthTest extends ServiceHealthContract {

    @Override
    protected String routedPath() {
        return "/api/v1/activity"; // 401 without a key
    }
}
