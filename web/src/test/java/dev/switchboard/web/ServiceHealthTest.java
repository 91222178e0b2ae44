package dev.switchboard.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.testkit.db.InjectTestDatabase;
import dev.switchboard.testkit.db.PostgresTestResource;
import dev.switchboard.testkit.db.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The service starts on a fresh database, migrates it, validates its entities against it and reports UP. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ServiceHealthTest {

    @InjectTestDatabase
    TestDatabase database;

    @Test
    void is_ready_after_migrating_a_fresh_database() throws Exception {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        try (Connection c = database.connect();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void serves_the_landing_page() {
        given().get("/").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("One OpenAI-compatible API for every model"));
    }

    @Test
    void exposes_prometheus_metrics() {
        given().get("/q/metrics").then().statusCode(200);
    }
}
