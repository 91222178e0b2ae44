package dev.switchboard.testkit.stripe;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a {@link FakeStripeServer} on a free port for a Quarkus test run and points the application at it:
 * {@code switchboard.stripe.api-base} (the fake's root URL), {@code switchboard.stripe.secret-key}
 * ({@value FakeStripeServer#DEFAULT_SECRET_KEY}; any other key gets 401) and {@code switchboard.stripe.webhook-secret}
 * (the endpoint's {@code whsec_…}). Inject the server with {@link InjectFakeStripe}.
 *
 * <p>The application's HTTP port is only known after this resource started, so the webhook endpoint is set by the
 * test, e.g. in {@code @BeforeEach}: {@code stripe.webhookEndpoint("http://localhost:" + port + "/stripe/webhook")}.
 * With a fixed test port, the init argument {@code webhook-url} sets it from the start.
 */
public class StripeFakeResource implements QuarkusTestResourceLifecycleManager {

    public static final String API_BASE_KEY = "switchboard.stripe.api-base";
    public static final String SECRET_KEY_KEY = "switchboard.stripe.secret-key";
    public static final String WEBHOOK_SECRET_KEY = "switchboard.stripe.webhook-secret";

    private FakeStripeServer server;
    private String webhookUrl;

    @Override
    public void init(Map<String, String> initArgs) {
        webhookUrl = initArgs.get("webhook-url");
    }

    @Override
    public Map<String, String> start() {
        server = FakeStripeServer.start(new FakeStripeServer.Options().port(0).webhookUrl(webhookUrl));
        return Map.of(API_BASE_KEY, server.baseUrl(),
                SECRET_KEY_KEY, server.secretKey(),
                WEBHOOK_SECRET_KEY, server.webhookSecret());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectFakeStripe.class, FakeStripeServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
