package dev.switchboard.testkit.providers;

import dev.switchboard.testkit.cli.MainOptions;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link FakeProviderServer} as a process for local runs and benchmarks:
 * {@code java -cp <testkit jar + deps> dev.switchboard.testkit.providers.FakeProviderMain --port 8090
 * --host 127.0.0.1}.
 * Prints {@code fake-provider listening on http://HOST:PORT} once it accepts requests; stops on SIGTERM.
 */
public final class FakeProviderMain {

    static final int DEFAULT_PORT = 8090;
    static final String DEFAULT_HOST = "127.0.0.1";

    private FakeProviderMain() {
    }

    public static void main(String[] args) {
        FakeProviderServer server;
        try {
            server = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: FakeProviderMain [--port 8090] [--host 127.0.0.1]");
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fake-provider-shutdown"));
        System.out.println("fake-provider listening on " + server.baseUrl());
        System.out.flush();
    }

    /** Starts a server from command-line arguments; the Vert.x threads keep the JVM alive. */
    static FakeProviderServer run(String... args) {
        Map<String, String> options = MainOptions.parse(Set.of("--port", "--host"), args);
        return FakeProviderServer.start(options.getOrDefault("--host", DEFAULT_HOST),
                options.containsKey("--port") ? MainOptions.port(options.get("--port")) : DEFAULT_PORT);
    }
}
