package dev.switchboard.gateway.api.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.switchboard.gateway.support.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The key API's public address is the gateway's; accounts-service answers it. When accounts-service cannot be
 * reached (here: nothing listens at the configured address), the client gets a 503 in the envelope with
 * Retry-After, not a hang or a 404. The answering path is tested end to end by the platform smoke test
 * (deploy/local/sdk-check: the official OpenRouter SDK's apiKeys calls through the gateway).
 */
@QuarkusTest
class KeysForwarderTest extends GatewayTestBase {

    @Test
    void the_key_api_is_routed_and_answers_503_while_accounts_service_is_away() {
        for (String path : new String[] {"/api/v1/keys", "/api/v1/keys/0123abcd"}) {
            given().header("Authorization", "Bearer sk-sb-v1-" + "0".repeat(64)).get(path).then()
                    .statusCode(503).header("Retry-After", notNullValue()).body("error.code", equalTo(503));
        }
        given().contentType("application/json").body("{\"name\":\"k\"}").post("/api/v1/keys").then().statusCode(503);
    }
}
