package dev.switchboard.gateway.credit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.gateway.support.Tenants;
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

    // worst case of one request: ~12 prompt tokens reserved generously × $1.25/M + max_tokens 100 × $3.75/M ≈ 390 000 nano-USD;
    // the actual cost is 5 × 1.25 + 8 × 3.75 = 36 250 nano-USD
    private static final String BODY = """
            {"model": "switchboard/echo", "max_tokens": 100, "messages": [{"role": "user", "content": "Say hello to me"}]}""";

    @Test
    void fifty_concurrent_requests_against_credit_for_ten_never_overdraw() {
        long worstCase = dev.switchboard.gateway.metering.SpendCalculator.worstCaseNanos(
                dev.switchboard.gateway.metering.SpendCalculator.estimatePromptTokens(new dev.switchboard.gateway.canonical.ChatRequest(
                        "switchboard/echo", List.of(dev.switchboard.gateway.canonical.Message.of(dev.switchboard.gateway.canonical.Role.USER,
                        "Say hello to me")), null, null, null, 100, null, null, null, false, null, null, null)),
                100, new dev.switchboard.gateway.catalog.PriceSheet(1_250_000, 3_750_000, 125_000L, null, 0, 0));
        long credit = worstCase * 10 + worstCase / 2; // covers 10 worst cases, not 11
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
        assertThat(ok).as("only what the credit covers succeeds").isBetween(1, 10);
        assertThat(paymentRequired).isGreaterThanOrEqualTo(40);

        flushed();
        Tenants db = tenants();
        assertThat(db.generationCount(t.organizationId())).isEqualTo(ok);
        assertThat(db.generationCostSum(t.organizationId())).isEqualTo(ok * 36_250L);
        assertThat(db.balance(t.organizationId())).isEqualTo(credit - ok * 36_250L).isPositive();
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
