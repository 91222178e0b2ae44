package dev.switchboard.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.switchboard.testkit.db.PostgresTestResource;
import dev.switchboard.testkit.keycloak.KeycloakTestResource;
import dev.switchboard.testkit.service.ServiceHealthContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Starts on a fresh database and reports UP (health and metrics on the management port only), and serves the landing page. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class) // on the test class: Quarkus does not find it on a superclass in another jar
@WithTestResource(KeycloakTestResource.class)
class ServiceHealthTest extends ServiceHealthContract {

    @Override
    protected String routedPath() {
        return "/"; // the home page
    }
}
