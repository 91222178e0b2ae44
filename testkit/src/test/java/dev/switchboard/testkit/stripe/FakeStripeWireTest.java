package dev.switchboard.testkit.stripe;

import static dev.switchboard.testkit.stripe.StripeTesting.get;
import static dev.switchboard.testkit.stripe.StripeTesting.json;
import static dev.switchboard.testkit.stripe.StripeTesting.postForm;
import static dev.switchboard.testkit.stripe.StripeTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wire format without the client: form bracket notation, error bodies, auth schemes, headers. */
class FakeStripeWireTest {

    private static final String LINE = "line_items[0][price_data][currency]=usd"
            + "&line_items[0][price_data][unit_amount]=250"
            + "&line_items[0][price_data][product_data][name]=Credit"
            + "&line_items[0][quantity]=2";

    private static FakeStripeServer server;

    @BeforeAll
    static void start() {
        server = FakeStripeServer.start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    private static JsonNode error(HttpResponse<String> response) {
        return json(response).path("error");
    }

    @Test
    void bracket_notation_builds_line_items_metadata_and_lists() {
        HttpResponse<String> response = postForm(server, "/v1/checkout/sessions", "mode=payment"
                + "&success_url=https%3A%2F%2Fapp.example%2Fok&" + LINE
                + "&line_items[1][price_data][currency]=usd&line_items[1][price_data][unit_amount]=100"
                + "&line_items[1][price_data][product_data][name]=Fee&line_items[1][quantity]=1"
                + "&metadata[payment_id]=p%201&metadata[empty]="
                + "&payment_intent_data[metadata][payment_id]=p1"
                + "&payment_method_types[]=card&expand[]=line_items");

        JsonNode session = json(response);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Request-Id")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("req_"));
        assertThat(session.path("amount_total").asLong()).isEqualTo(600);
        assertThat(session.path("metadata").path("payment_id").asText()).isEqualTo("p 1");
        assertThat(session.path("metadata").has("empty")).isFalse();
        assertThat(session.path("payment_method_types").get(0).asText()).isEqualTo("card");
        assertThat(session.path("line_items").path("data")).hasSize(2);
        assertThat(session.path("line_items").path("data").get(1).path("description").asText()).isEqualTo("Fee");
        assertThat(session.path("livemode").asBoolean(true)).isFalse();
    }

    @Test
    void unknown_parameters_are_refused_with_their_full_name() {
        HttpResponse<String> top = postForm(server, "/v1/customers", "email=a%40b.co&favourite_colour=blue");
        HttpResponse<String> nested = postForm(server, "/v1/checkout/sessions", "mode=payment"
                + "&success_url=https%3A%2F%2Fapp.example%2Fok&" + LINE + "&line_items[0][price_data][tax]=1");

        assertThat(top.statusCode()).isEqualTo(400);
        assertThat(error(top).path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error(top).path("code").asText()).isEqualTo("parameter_unknown");
        assertThat(error(top).path("param").asText()).isEqualTo("favourite_colour");
        assertThat(error(top).path("message").asText()).isEqualTo("Received unknown parameter: favourite_colour");
        assertThat(error(nested).path("param").asText()).isEqualTo("line_items[0][price_data][tax]");
        assertThat(server.events()).isEmpty();
    }

    @Test
    void bad_values_are_refused() {
        HttpResponse<String> integer = postForm(server, "/v1/payment_intents", "amount=ten&currency=usd");
        HttpResponse<String> empty = postForm(server, "/v1/checkout/sessions", "mode=&success_url=x");
        HttpResponse<String> choice = postForm(server, "/v1/checkout/sessions", "mode=donation&success_url=x");
        HttpResponse<String> huge = postForm(server, "/v1/checkout/sessions", "mode=payment"
                + "&success_url=https%3A%2F%2Fa.example&" + LINE.replace("=250", "=9999999999999")
                .replace("[quantity]=2", "[quantity]=9999999999999"));
        HttpResponse<String> setupLines = postForm(server, "/v1/checkout/sessions",
                "mode=setup&currency=usd&success_url=https%3A%2F%2Fa.example&" + LINE);

        assertThat(error(integer).path("code").asText()).isEqualTo("parameter_invalid_integer");
        assertThat(error(integer).path("message").asText()).isEqualTo("Invalid integer: ten");
        assertThat(error(empty).path("code").asText()).isEqualTo("parameter_invalid_empty");
        assertThat(error(choice).path("message").asText())
                .isEqualTo("Invalid mode: must be one of payment, setup, or subscription");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(error(huge).path("code").asText()).isEqualTo("amount_too_large");
        assertThat(setupLines.statusCode()).isEqualTo(400);
        assertThat(error(setupLines).path("param").asText()).isEqualTo("line_items");
    }

    @Test
    void the_key_is_read_from_bearer_or_basic_auth() {
        String basic = Base64.getEncoder().encodeToString((server.secretKey() + ":")
                .getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> viaBasic = send("POST", server.baseUrl() + "/v1/customers", "email=a%40b.co",
                "Authorization", "Basic " + basic, "Content-Type", "application/x-www-form-urlencoded");
        HttpResponse<String> none = send("POST", server.baseUrl() + "/v1/customers", "email=a%40b.co",
                "Content-Type", "application/x-www-form-urlencoded");
        HttpResponse<String> wrong = send("GET", server.baseUrl() + "/v1/customers/cus_x", null,
                "Authorization", "Bearer sk_test_wrong_key_9876");

        assertThat(viaBasic.statusCode()).isEqualTo(200);
        assertThat(json(viaBasic).path("object").asText()).isEqualTo("customer");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(error(none).path("message").asText()).startsWith("You did not provide an API key.");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(error(wrong).path("message").asText()).isEqualTo("Invalid API Key provided: sk_test_"
                + "*".repeat("wrong_key_".length()) + "9876");
    }

    @Test
    void a_json_body_is_refused_like_stripe_does() {
        HttpResponse<String> response = send("POST", server.baseUrl() + "/v1/customers", "{\"email\":\"a@b.co\"}",
                "Authorization", "Bearer " + server.secretKey(), "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).path("message").asText()).contains("unsupported Content-Type application/json");
    }

    @Test
    void idempotent_replays_carry_the_replayed_header_and_the_original_request() {
        HttpResponse<String> first = postForm(server, "/v1/customers", "email=a%40b.co&metadata[k]=v",
                "Idempotency-Key", "k-1");
        HttpResponse<String> replay = postForm(server, "/v1/customers", "metadata[k]=v&email=a%40b.co",
                "Idempotency-Key", "k-1");
        HttpResponse<String> otherPath = postForm(server, "/v1/payment_intents", "amount=100&currency=usd",
                "Idempotency-Key", "k-1");
        HttpResponse<String> invalidFirst = postForm(server, "/v1/customers", "email=broken", "Idempotency-Key",
                "k-2");
        HttpResponse<String> fixedSecond = postForm(server, "/v1/customers", "email=ok%40b.co", "Idempotency-Key",
                "k-2");

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(replay.headers().firstValue("Original-Request"))
                .isEqualTo(first.headers().firstValue("Request-Id"));
        assertThat(otherPath.statusCode()).isEqualTo(400);
        assertThat(error(otherPath).path("type").asText()).isEqualTo("idempotency_error");
        // A request refused by validation saves nothing for its key (Stripe's rule).
        assertThat(invalidFirst.statusCode()).isEqualTo(400);
        assertThat(fixedSecond.statusCode()).isEqualTo(200);
    }

    @Test
    void unknown_urls_and_objects_are_404s_in_stripes_shape() {
        HttpResponse<String> url = get(server, "/v1/invoices/in_1");
        HttpResponse<String> customer = get(server, "/v1/customers/cus_missing");
        HttpResponse<String> method = get(server, "/v1/payment_methods/pm_missing");

        assertThat(url.statusCode()).isEqualTo(404);
        assertThat(error(url).path("message").asText()).startsWith("Unrecognized request URL (GET: /v1/invoices/in_1)");
        assertThat(customer.statusCode()).isEqualTo(404);
        assertThat(error(customer).path("code").asText()).isEqualTo("resource_missing");
        assertThat(error(customer).path("message").asText()).isEqualTo("No such customer: 'cus_missing'");
        assertThat(error(customer).path("doc_url").asText()).endsWith("/resource-missing");
        assertThat(error(method).path("message").asText()).isEqualTo("No such PaymentMethod: 'pm_missing'");
    }

    @Test
    void an_expand_that_cannot_be_honoured_is_refused_before_anything_changes() {
        HttpResponse<String> response = postForm(server, "/v1/customers", "email=a%40b.co&expand[0]=sources");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).path("message").asText()).isEqualTo("This property cannot be expanded (sources).");
        assertThat(server.events()).isEmpty();
    }

    @Test
    void params_parse_indexes_lists_and_conflicts() {
        StripeParams params = StripeParams.parse("expand[1]=b&expand[0]=a", "a[b][c]=1&a[d][]=x&a[d][]=y&e=%C3%A9+f");

        assertThat(params.strings("expand")).containsExactly("a", "b");
        assertThat(params.string("a", "b", "c")).isEqualTo("1");
        assertThat(params.strings("a", "d")).containsExactly("x", "y");
        assertThat(params.string("e")).isEqualTo("é f");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StripeParams.parse(null, "a=1&a[b]=2"))
                .isInstanceOf(StripeApiException.class);
    }

    @Test
    void health_answers_up() {
        HttpResponse<String> health = send("GET", server.baseUrl() + "/health", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).path("status").asText()).isEqualTo("UP");
    }
}
