package dev.switchboard.testkit.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.testkit.db.InjectTestDatabase;
import dev.switchboard.testkit.db.TestDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * What every Switchboard service must do, written once: start on a fresh database, migrate it, validate its
 * entities against it and report UP; serve health and metrics on the management interface only (its own port,
 * random in tests), never on the public one. Each service's {@code ServiceHealthTest} is a {@code @QuarkusTest}
 * subclass of this, annotated {@code @WithTestResource(PostgresTestResource.class)} itself (Quarkus does not look for
 * test resources on a superclass from another jar).
 */
public abstract class ServiceHealthContract {

    @InjectTestDatabase
    protected TestDatabase database;

    // the management interface's base is http://localhost:<quarkus.management.test-port>/q
    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void is_ready_after_migrating_a_fresh_database() throws Exception {
        given().get(readiness).then().statusCode(200).body("status", equalTo("UP"));
        try (Connection c = database.connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void exposes_prometheus_metrics_on_the_management_port() {
        given().get(metrics).then().statusCode(200).body(containsString("# TYPE jvm_"));
    }

    /**
     * A path of the public port that one of the service's own routes answers without credentials (with a 401, say):
     * a path no route knows is answered before the request metrics see it.
     */
    protected abstract String routedPath();

    @Test
    void counts_its_http_requests_by_method_uri_and_status() {
        int status = given().redirects().follow(false).get(routedPath()).statusCode(); // counted by the next scrape
        String text = given().get(metrics).then().statusCode(200).extract().asString();
        assertThat(text.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("method=\"GET\"")
                && l.contains("status=\"" + status + "\"") && l.contains("uri=")))
                .as("http_server_requests_seconds_count with method, uri and status").isNotEmpty();
        assertThat(text).contains("jvm_memory_used_bytes{area=\"heap\"");
    }

    @Test
    void serves_no_health_or_metrics_on_the_public_port() {
        for (String path : new String[] {"/q/health", "/q/health/ready", "/q/health/live", "/q/metrics"}) {
            given().get(path).then().statusCode(404);
        }
    }
}
