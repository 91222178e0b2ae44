package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Shared helpers of the fake Stripe tests: the official client pointed at the fake, and a raw HTTP client. */
final class StripeTesting {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    private StripeTesting() {
    }

    /** stripe-java with the fake as its API base: the per-client way, no global {@code Stripe.apiKey}. */
    static StripeClient client(FakeStripeServer server) {
        return client(server, server.secretKey());
    }

    static StripeClient client(FakeStripeServer server, String key) {
        return StripeClient.builder().setApiKey(key).setApiBase(server.baseUrl()).build();
    }

    static Customer customer(StripeClient client, String email) throws StripeException {
        return client.v1().customers().create(CustomerCreateParams.builder().setEmail(email).setName("Ada")
                .putMetadata("organization_id", "org-1").build());
    }

    /** A payment-mode session: {@code quantity} × {@code unitAmount} cents of "Switchboard credit". */
    static Session paymentSession(StripeClient client, String customerId, long unitAmount, long quantity)
            throws StripeException {
        return client.v1().checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setCustomer(customerId)
                .setClientReferenceId("org-1")
                .setSuccessUrl("https://app.example/billing/done?session={CHECKOUT_SESSION_ID}")
                .setCancelUrl("https://app.example/billing")
                .addPaymentMethodType(SessionCreateParams.PaymentMethodType.CARD)
                .putMetadata("payment_id", "pay-42")
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("payment_id", "pay-42").build())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(quantity)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency("usd")
                                .setUnitAmount(unitAmount)
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName("Switchboard credit").build())
                                .build())
                        .build())
                .build());
    }

    /** A setup-mode session saving a card for the customer. */
    static Session setupSession(StripeClient client, String customerId) throws StripeException {
        return client.v1().checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SETUP)
                .setCurrency("usd")
                .setCustomer(customerId)
                .setSuccessUrl("https://app.example/billing/auto-topup?session={CHECKOUT_SESSION_ID}")
                .setSetupIntentData(SessionCreateParams.SetupIntentData.builder()
                        .putMetadata("auto_topup", "at-7").build())
                .build());
    }

    /** A raw request; {@code headers} are name, value pairs. */
    static HttpResponse<String> send(String method, String url, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A form POST to the API with the server's key. */
    static HttpResponse<String> postForm(FakeStripeServer server, String path, String form, String... headers) {
        String[] all = new String[headers.length + 4];
        all[0] = "Authorization";
        all[1] = "Bearer " + server.secretKey();
        all[2] = "Content-Type";
        all[3] = "application/x-www-form-urlencoded";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return send("POST", server.baseUrl() + path, form, all);
    }

    static HttpResponse<String> get(FakeStripeServer server, String path) {
        return send("GET", server.baseUrl() + path, null, "Authorization", "Bearer " + server.secretKey());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
