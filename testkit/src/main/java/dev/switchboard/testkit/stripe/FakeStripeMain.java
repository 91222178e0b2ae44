package dev.switchboard.testkit.stripe;

import dev.switchboard.testkit.cli.MainOptions;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs a {@link FakeStripeServer} as a process for the local platform:
 * {@code java -cp <testkit jar + deps> dev.switchboard.testkit.stripe.FakeStripeMain [--port 12111]
 * [--host 127.0.0.1] [--webhook-url http://127.0.0.1:8083/stripe/webhook] [--secret-key sk_test_…]
 * [--webhook-secret whsec_…] [--public-url URL]}. Each option also comes from the environment
 * ({@code FAKE_STRIPE_PORT}, {@code FAKE_STRIPE_HOST}, {@code FAKE_STRIPE_WEBHOOK_URL},
 * {@code FAKE_STRIPE_SECRET_KEY}, {@code FAKE_STRIPE_WEBHOOK_SECRET}, {@code FAKE_STRIPE_PUBLIC_URL}); arguments win.
 * {@code --webhook-url none} sends no webhooks. Prints one line once it accepts requests; stops on SIGTERM.
 */
public final class FakeStripeMain {

    static final int DEFAULT_PORT = 12111;
    static final String DEFAULT_HOST = "127.0.0.1";
    static final String DEFAULT_WEBHOOK_URL = "http://127.0.0.1:8083/stripe/webhook";
    /** A fixed signing secret for local runs, so billing-service's local configuration can name it. */
    static final String LOCAL_WEBHOOK_SECRET = "whsec_switchboardLocalFakeStripe0000";

    private static final Map<String, String> ENV = Map.of(
            "--port", "FAKE_STRIPE_PORT",
            "--host", "FAKE_STRIPE_HOST",
            "--webhook-url", "FAKE_STRIPE_WEBHOOK_URL",
            "--secret-key", "FAKE_STRIPE_SECRET_KEY",
            "--webhook-secret", "FAKE_STRIPE_WEBHOOK_SECRET",
            "--public-url", "FAKE_STRIPE_PUBLIC_URL");

    private FakeStripeMain() {
    }

    public static void main(String[] args) {
        FakeStripeServer server;
        try {
            server = run(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: FakeStripeMain [--port 12111] [--host 127.0.0.1] [--webhook-url URL|none] "
                    + "[--secret-key sk_test_…] [--webhook-secret whsec_…] [--public-url URL]");
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fake-stripe-shutdown"));
        System.out.println(readyLine(server));
        System.out.flush();
    }

    static String readyLine(FakeStripeServer server) {
        return "fake-stripe listening on " + server.baseUrl() + " (secret key " + server.secretKey()
                + ", webhooks to " + (server.webhookEndpoint() == null ? "nowhere" : server.webhookEndpoint())
                + " signed with " + server.webhookSecret() + ")";
    }

    /** Starts a server from the environment and the arguments; the Vert.x threads keep the JVM alive. */
    static FakeStripeServer run(Map<String, String> env, String... args) {
        Map<String, String> values = new HashMap<>();
        ENV.forEach((option, variable) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                values.put(option, value);
            }
        });
        values.putAll(MainOptions.parse(ENV.keySet(), args));
        String webhookUrl = values.getOrDefault("--webhook-url", DEFAULT_WEBHOOK_URL);
        return FakeStripeServer.start(new FakeStripeServer.Options()
                .port(MainOptions.port(values.getOrDefault("--port", String.valueOf(DEFAULT_PORT))))
                .host(values.getOrDefault("--host", DEFAULT_HOST))
                .webhookUrl(webhookUrl.equalsIgnoreCase("none") ? null : webhookUrl)
                .secretKey(values.getOrDefault("--secret-key", FakeStripeServer.DEFAULT_SECRET_KEY))
                .webhookSecret(values.getOrDefault("--webhook-secret", LOCAL_WEBHOOK_SECRET))
                .publicUrl(values.get("--public-url")));
    }
}
