package dev.switchboard.gateway.routing.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.catalog.ModelCatalog;
import dev.switchboard.gateway.support.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The endpoints API shows what the application's health tracker measured. */
@QuarkusTest
class EndpointsApiHealthTest extends GatewayTestBase {

    @Inject
    HealthTracker health;
    @Inject
    ModelCatalog catalog;

    @Test
    void the_endpoints_api_shows_status_uptime_and_latency_from_health() {
        CatalogEndpoint endpoint = catalog.model("switchboard/echo-anthropic").orElseThrow().endpoints().getFirst();
        health.tryAcquire(endpoint.id()).succeeded(250, 1_000, 40);
        health.tryAcquire(endpoint.id()).failed(Failures.OVERLOADED);

        given().get("/api/v1/models/switchboard/echo-anthropic/endpoints").then().statusCode(200)
                .body("data.endpoints[0].status", equalTo(0))
                .body("data.endpoints[0].uptime_last_5m", lessThan(100f))
                .body("data.endpoints[0].uptime_last_30m", lessThan(100f))
                .body("data.endpoints[0].latency_last_30m.p50", notNullValue())
                .body("data.endpoints[0].throughput_last_30m.p99", notNullValue());
    }
}
