package dev.switchboard.testkit.providers;

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
        int port = DEFAULT_PORT;
        String host = DEFAULT_HOST;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for " + arg);
            }
            switch (arg) {
                case "--port" -> port = parsePort(value);
                case "--host" -> host = value;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return FakeProviderServer.start(host, port);
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + value, e);
        }
    }
}
