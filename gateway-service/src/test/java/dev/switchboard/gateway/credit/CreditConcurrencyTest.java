package dev.switchboard.gateway.credit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The peers' overdraft bug: 50 concurrent requests against credit for about 10. At most the covered ones
 * succeed, every other one gets 402, and afterwards balance = Σ ledger exactly and never below zero.
 */
@QuarkusTest
class CreditConcurrencyTest extends GatewayTestBase {

    // max_tokens 8 = the fake's reply, so the worst case (19 estimated prompt tokens × $1.25/M + 8 × $3.75/M = 53 750
    // nano-USD) is close to the actual cost (5 × 1.25 + 8 × 3.75 = 36 250 nano-USD)
    private static final String BODY = """
            {"model": "switchboard/echo", "max_tokens": 8, "messages": [{"role": "user", "content": "Say hello to me"}]}""";
    private static final long ACTUAL_COST = 36_250;

    @Test
    void fifty_concurrent_requests_against_credit_for_ten_never_overdraw() {
        long credit = 10 * ACTUAL_COST; // exactly ten requests' actual cost
        Tenants.Tenant t = tenant(credit);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl() + "/chat/completions"))
                    .header("Authorization", "Bearer " + t.secret()).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int paymentRequired = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            if (response.statusCode() == 200) {
                ok++;
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(402);
                assertThat(response.body()).contains("\"code\":402");
                paymentRequired++;
            }
        }
        assertThat(ok + paymentRequired).isEqualTo(50);
        // a request is admitted only while its worst case is covered, so at most 9 of the 10 affordable ones fit
        assertThat(ok).as("only what the credit covers succeeds").isBetween(1, 10);
        assertThat(paymentRequired).isGreaterThanOrEqualTo(40);

        flushed();
        Tenants db = tenants();
        assertThat(db.generationCount(t.organizationId())).isEqualTo(ok);
        assertThat(db.generationCostSum(t.organizationId())).isEqualTo(ok * ACTUAL_COST);
        assertThat(db.balance(t.organizationId())).isEqualTo(credit - ok * ACTUAL_COST).isNotNegative();
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void a_key_limit_is_enforced_like_the_organization_balance() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Tenants.Key limited = tenants().addKey(t.organizationId(), 80_000L, "daily"); // $0.00008 a day
        String body = """
                {"model": "switchboard/echo", "max_tokens": 8, "messages": [{"role": "user", "content": "Say hello to me"}]}""";
        // worst case = 19 estimated prompt tokens × 1.25 + 8 × 3.75 = 53.75 $/M → 53 750 nano-USD; actual 36 250:
        // the first fits in the limit, the second (43 750 left) does not
        post("/chat/completions", limited.secret(), body).then().statusCode(200);
        post("/chat/completions", limited.secret(), body).then().statusCode(402)
                .body("error.message", org.hamcrest.Matchers.containsString("Key limit reached"));
        // the organization's other key is not limited
        post("/chat/completions", t.secret(), body).then().statusCode(200);
        assertLedgerInvariants(t.organizationId());
    }
}
