package dev.switchboard.testkit.providers;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a {@link FakeProviderServer} on a free port for a Quarkus test run and publishes its root URL as
 * {@code switchboard.fake-provider.url} (append {@code /openai/v1}, {@code /anthropic} or {@code /gemini}).
 * Inject the server with {@link InjectFakeProvider} to read its request log and counters.
 */
public class FakeProvidersResource implements QuarkusTestResourceLifecycleManager {

    /** The config key that receives the fake's root URL, e.g. {@code http://127.0.0.1:41234}. */
    public static final String URL_KEY = "switchboard.fake-provider.url";

    private FakeProviderServer server;

    @Override
    public Map<String, String> start() {
        server = FakeProviderServer.start(0);
        return Map.of(URL_KEY, server.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectFakeProvider.class, FakeProviderServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
