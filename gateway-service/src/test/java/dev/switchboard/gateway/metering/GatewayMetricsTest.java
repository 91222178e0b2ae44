package dev.switchboard.gateway.metering;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The series an operator builds dashboards and alerts on (docs/operations.md, "Metrics"), asserted by name and
 * labels on the management port after traffic that feeds each of them.
 */
@QuarkusTest
class GatewayMetricsTest extends GatewayTestBase {

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void generations_tokens_credit_upstream_errors_metering_leases_and_rate_limits_are_exported() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), chat("switchboard/echo", "count my tokens")).then().statusCode(200);
        post("/chat/completions", t.secret(), """
                {"model": "switchboard/echo", "stream": true, "messages": [{"role": "user", "content": "stream me"}]}""")
                .then().statusCode(200);
        // the fake answers 400 in OpenAI's shape: the client's fault, counted by kind, no circuit touched
        post("/chat/completions", t.secret(), chat("switchboard/echo", "[[error:400]]")).then().statusCode(400);
        tenants().exec("UPDATE api_keys SET rate_limit_rpm = 1 WHERE id = ?", t.keyId());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).statusCode() == 429);
        flushed();

        String text = given().get(metrics).then().statusCode(200).extract().asString();
        String chat = "api=\"chat\",model=\"switchboard/echo\",provider=\"fake\"";
        assertSeries(text, "switchboard_generations_seconds_bucket", chat, "status=\"200\"", "streamed=\"false\"", "le=\"0.1\"");
        assertSeries(text, "switchboard_generations_seconds_count", chat, "status=\"200\"", "streamed=\"true\"");
        assertSeries(text, "switchboard_generations_seconds_count", chat, "status=\"400\"");
        assertThat(value(text, "switchboard_tokens_total", chat, "type=\"prompt\"")).isPositive();
        assertThat(value(text, "switchboard_tokens_total", chat, "type=\"completion\"")).isPositive();
        assertSeries(text, "switchboard_tokens_total", chat, "type=\"cached\"");
        assertThat(value(text, "switchboard_credits_consumed_nano_usd_total", chat)).isPositive();
        assertThat(value(text, "switchboard_upstream_errors_total", "provider=\"fake\"", "kind=\"invalid_request\"")).isPositive();
        assertSeries(text, "switchboard_health_attempts_total", "provider=\"fake\"", "outcome=\"success\"");
        assertSeries(text, "switchboard_metering_queue");
        assertThat(value(text, "switchboard_metering_lag_seconds_count")).isPositive();
        assertSeries(text, "switchboard_metering_flush_seconds_count");
        // the metering journal's (off in tests; ReplicasIT checks the replayed count after a SIGKILL)
        assertSeries(text, "switchboard_metering_journal_failures_total");
        assertSeries(text, "switchboard_metering_journal_replayed_total");
        assertThat(value(text, "switchboard_credit_leases")).isPositive();
        assertThat(value(text, "switchboard_credit_leased_nano_usd")).isPositive();
        assertSeries(text, "switchboard_credit_wanted_total", "direction=\"asked\"");
        assertThat(value(text, "switchboard_rate_limits_refused_total", "scope=\"key\"", "kind=\"requests\"")).isPositive();
        assertSeries(text, "switchboard_rate_limits_shared");
        assertSeries(text, "http_server_requests_seconds_count", "method=\"POST\"", "uri=\"/api/v1/chat/completions\"");
    }

    private static void assertSeries(String text, String name, String... labels) {
        assertThat(lines(text, name, labels)).as("a series %s with %s", name, Arrays.toString(labels)).isNotEmpty();
    }

    /** The sum of the series of that name carrying every label given. */
    private static double value(String text, String name, String... labels) {
        String[] found = lines(text, name, labels);
        assertThat(found).as("a series %s with %s", name, Arrays.toString(labels)).isNotEmpty();
        return Arrays.stream(found).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String[] lines(String text, String name, String... labels) {
        return text.lines().filter(l -> (l.startsWith(name + "{") || l.startsWith(name + " "))
                && Arrays.stream(labels).allMatch(l::contains)).toArray(String[]::new);
    }
}
