package dev.switchboard.gateway.api.forward;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.switchboard.gateway.support.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The key API's and the activity API's public address is the gateway's; accounts-service and billing-service answer
 * them. When the owning service cannot be reached (here: nothing listens at the configured addresses), the client gets
 * a 503 in the envelope with Retry-After, not a hang or a 404. {@link ServiceForwarderTest} forwards to a stand-in;
 * the platform smoke test (deploy/local/sdk-check: the official OpenRouter SDK's apiKeys and activity calls through
 * the gateway) covers both end to end.
 */
@QuarkusTest
class ForwardedApisTest extends GatewayTestBase {

    @Test
    void the_key_api_is_routed_and_answers_503_while_accounts_service_is_away() {
        for (String path : new String[] {"/api/v1/keys", "/api/v1/keys/0123abcd"}) {
            given().header("Authorization", "Bearer sk-sb-v1-" + "0".repeat(64)).get(path).then()
                    .statusCode(503).header("Retry-After", notNullValue()).body("error.code", equalTo(503));
        }
        given().contentType("application/json").body("{\"name\":\"k\"}").post("/api/v1/keys").then().statusCode(503);
    }

    @Test
    void the_activity_api_is_routed_and_answers_503_while_billing_service_is_away() {
        given().header("Authorization", "Bearer sk-sb-v1-" + "0".repeat(64)).get("/api/v1/activity?date=2025-01-01").then()
                .statusCode(503).header("Retry-After", notNullValue()).contentType("application/json")
                .body("error.code", equalTo(503)).body("error.message", equalTo("Activity is unavailable right now; retry in a few seconds."));
        // the path is the activity API only, not a prefix
        given().header("Authorization", "Bearer sk-sb-v1-" + "0".repeat(64)).get("/api/v1/activityx").then().statusCode(404);
    }
}
