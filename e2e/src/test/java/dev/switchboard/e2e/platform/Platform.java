package dev.switchboard.e2e.platform;

import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.keycloak.KeycloakServer;
import dev.switchboard.testkit.otel.FakeOtlpCollector;
import dev.switchboard.testkit.providers.FakeProviderServer;
import dev.switchboard.testkit.stripe.FakeStripeServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole Switchboard platform for the browser tests, started once per test JVM: a fresh Postgres database, the
 * real Keycloak with the project's realm, the testkit's fake LLM provider and Stripe fake (in this JVM), and the four
 * packaged services ({@code <module>/target/quarkus-app/quarkus-run.jar}) as processes on free ports. Every URL a
 * browser sees uses {@code localhost} (cookies are host-bound).
 * <p>
 * Tests get it with {@link PlatformExtension} (a {@code Platform} parameter), which closes it at the end of the test
 * run; {@link #shared()} also registers a shutdown hook, so an interrupted run leaves no process behind. Service logs
 * go to {@code e2e/target/platform-logs/}.
 */
public final class Platform implements AutoCloseable {

    public static final String GATEWAY = "gateway-service";
    public static final String ACCOUNTS = "accounts-service";
    public static final String BILLING = "billing-service";
    public static final String WEB = "web";
    /** The four services, by name (the module directory), in the order they are listed. */
    public static final List<String> SERVICES = List.of(GATEWAY, ACCOUNTS, BILLING, WEB);
    /** The web client's secret in the realm file (its default, {@code SWITCHBOARD_WEB_CLIENT_SECRET} unset). */
    public static final String WEB_CLIENT_SECRET = "switchboard-web-local-secret";

    private static Platform shared;

    private final long startedNanos = System.nanoTime();
    private final Path logDir;
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, Integer> managementPorts = new HashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::close, "e2e-platform-stop");
    private TestDatabase database;
    private KeycloakServer keycloak;
    private FakeProviderServer fakeProvider;
    private FakeStripeServer fakeStripe;
    private FakeOtlpCollector otlp;
    private boolean closed;

    private Platform(Path logDir) {
        this.logDir = logDir;
    }

    /** The platform of this test JVM, started on first use. */
    public static synchronized Platform shared() {
        if (shared == null || shared.closed) {
            shared = start();
        }
        return shared;
    }

    /** Starts a platform of its own; the caller closes it. A shutdown hook closes it if the JVM stops first. */
    public static Platform start() {
        Path root = Workspace.projectRoot();
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String service : SERVICES) {
            jars.put(service, ServiceProcess.jar(root, service)); // fail before starting anything
        }
        Path logDir = Workspace.targetDir().resolve("platform-logs");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Platform platform = new Platform(logDir);
        Runtime.getRuntime().addShutdownHook(platform.shutdownHook);
        try {
            platform.boot(jars);
            return platform;
        } catch (RuntimeException | Error e) {
            platform.close();
            throw e;
        }
    }

    private void boot(Map<String, Path> jars) {
        // every port first, so that Keycloak's realm knows the web's address and the Stripe fake its public one
        List<Integer> free = freePorts(2 * SERVICES.size() + 1);
        for (int i = 0; i < SERVICES.size(); i++) {
            ports.put(SERVICES.get(i), free.get(2 * i));
            managementPorts.put(SERVICES.get(i), free.get(2 * i + 1));
        }
        int stripePort = free.get(free.size() - 1);
        progress("starting (logs: %s)", logDir);

        // Keycloak is the slow one: it starts while the rest is set up. SWITCHBOARD_WEB_URL is substituted into the
        // realm's web client (root URL, redirect and post-logout URIs) at import.
        CompletableFuture<KeycloakServer> keycloakStart = CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            KeycloakServer server = KeycloakServer.start(Map.of("SWITCHBOARD_WEB_URL", webUrl()));
            progress("keycloak ready at %s in %d s", server.url(), seconds(started));
            return server;
        });
        try {
            long started = System.nanoTime();
            database = TestDatabase.create("sb_e2e");
            progress("database %s on %s:%d in %d ms", database.name(), database.host(), database.port(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            fakeProvider = FakeProviderServer.start(0);
            otlp = FakeOtlpCollector.start();
            fakeStripe = FakeStripeServer.start(new FakeStripeServer.Options()
                    .port(stripePort)
                    .publicUrl("http://localhost:" + stripePort)
                    .webhookSecret("whsec_e2e" + UUID.randomUUID().toString().replace("-", ""))
                    .webhookUrl(serviceUrl(BILLING) + "/stripe/webhook"));
            progress("fake provider at %s, fake Stripe at %s", fakeProvider.baseUrl(), fakeStripe.baseUrl());

            // the gateway needs no Keycloak: it starts now
            startService(GATEWAY, jars);
            keycloak = keycloakStart.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            if (keycloak == null) {
                // a failure above: the Keycloak start must not outlive it
                keycloakStart.thenAccept(KeycloakServer::close);
            }
        }
        for (String service : List.of(ACCOUNTS, BILLING, WEB)) {
            startService(service, jars);
        }
        List<CompletableFuture<Void>> ready = services.values().stream()
                .map(service -> CompletableFuture.runAsync(() -> {
                    service.awaitReady();
                    progress("%s UP at %s in %d s", service.name(), service.url(), seconds(startedNanos));
                }))
                .toList();
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<Void> each : ready) {
            try {
                each.join();
            } catch (CompletionException e) {
                failures.add(e.getCause().getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the platform did not start:\n" + String.join("\n\n", failures));
        }
        progress("ready in %d s: gateway %s, web %s, accounts %s, billing %s, keycloak %s", seconds(startedNanos),
                gatewayUrl(), webUrl(), accountsUrl(), billingUrl(), keycloak.url());
    }

    private void startService(String name, Map<String, Path> jars) {
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_DB_JDBC_URL", database.jdbcUrl());
        env.put("SWITCHBOARD_DB_REACTIVE_URL", database.reactiveUrl());
        env.put("SWITCHBOARD_DB_USER", database.user());
        env.put("SWITCHBOARD_DB_PASSWORD", database.password());
        // the gateway's metering journal: not in the working directory (the module's sources), one per platform run
        env.put("SWITCHBOARD_METERING_JOURNAL", Workspace.targetDir().resolve("metering-journal-" + UUID.randomUUID()).toString());
        env.put("SWITCHBOARD_ACCOUNTS_URL", accountsUrl());
        env.put("SWITCHBOARD_BILLING_URL", billingUrl());
        env.put("SWITCHBOARD_GATEWAY_URL", gatewayUrl());
        env.put("SWITCHBOARD_WEB_URL", webUrl());
        env.put("SWITCHBOARD_FAKE_PROVIDER_URL", fakeProvider.baseUrl());
        // billing-service: Stripe is the testkit's fake, which sends its signed webhooks to billing
        env.put("SWITCHBOARD_STRIPE_API_BASE", fakeStripe.baseUrl());
        env.put("STRIPE_SECRET_KEY", fakeStripe.secretKey());
        env.put("STRIPE_WEBHOOK_SECRET", fakeStripe.webhookSecret());
        env.put("SWITCHBOARD_DASHBOARD_URL", webUrl());
        // accounts-service: the link of an invitation e-mail
        env.put("SWITCHBOARD_ACCOUNTS_ACCEPT_URL_BASE", webUrl() + "/invitations/accept");
        if (keycloak != null) {
            env.put("QUARKUS_OIDC_AUTH_SERVER_URL", keycloak.realmUrl());
        }
        if (WEB.equals(name)) {
            env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", WEB_CLIENT_SECRET);
        }
        // traces on, as an operator turns them on, exported to the collector of this JVM (TracesIT reads it); spans
        // leave in batches every 200 ms instead of 5 s
        env.put("QUARKUS_OTEL_SDK_DISABLED", "false");
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", otlp.endpoint());
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        ServiceProcess process = ServiceProcess.start(name, jars.get(name), ports.get(name), managementPorts.get(name), env, logDir);
        services.put(name, process);
        progress("%s starting on %d (management %d, pid %d)", name, process.port(), managementPorts.get(name), process.pid());
    }

    /** e.g. {@code http://localhost:41234}: the gateway's root; the OpenAI-compatible API is under {@code /api/v1}. */
    public String gatewayUrl() {
        return serviceUrl(GATEWAY);
    }

    /** The dashboard's root URL, e.g. {@code http://localhost:41235}. */
    public String webUrl() {
        return serviceUrl(WEB);
    }

    public String accountsUrl() {
        return serviceUrl(ACCOUNTS);
    }

    public String billingUrl() {
        return serviceUrl(BILLING);
    }

    /** {@code http://localhost:<port>} of a service (one of {@link #SERVICES}), no trailing slash. */
    public String serviceUrl(String service) {
        return "http://localhost:" + port(service, ports);
    }

    /** {@code http://localhost:<management port>}: {@code /q/health}, {@code /q/metrics}. */
    public String managementUrl(String service) {
        return "http://localhost:" + port(service, managementPorts);
    }

    /** Keycloak's root URL, e.g. {@code http://localhost:41236}. */
    public String keycloakUrl() {
        return keycloak.url();
    }

    /** The realm's URL (the issuer), e.g. {@code http://localhost:41236/realms/switchboard}. */
    public String realmUrl() {
        return keycloak.realmUrl();
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    /** The platform's database (a fresh one of this run); e.g. {@code new Tenants(platform.database()::connect)}. */
    public TestDatabase database() {
        return database;
    }

    public FakeProviderServer fakeProvider() {
        return fakeProvider;
    }

    public FakeStripeServer fakeStripe() {
        return fakeStripe;
    }

    /** The OTLP collector every service exports its traces to. */
    public FakeOtlpCollector otlp() {
        return otlp;
    }

    /** The log file of a service. */
    public Path log(String service) {
        ServiceProcess process = services.get(service);
        if (process == null) {
            throw new IllegalArgumentException("no service " + service + "; one of " + SERVICES);
        }
        return process.log();
    }

    /** Stops the services (SIGTERM, SIGKILL after 10 s), Keycloak and the fakes, and drops the database. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // this is the hook
        }
        CompletableFuture.allOf(services.values().stream()
                .map(service -> CompletableFuture.runAsync(service::stop))
                .toArray(CompletableFuture[]::new)).join();
        if (keycloak != null) {
            try {
                Files.copy(keycloak.log(), logDir.resolve("keycloak.log"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                progress("could not keep Keycloak's log: %s", e.getMessage());
            }
            keycloak.close();
        }
        if (fakeStripe != null) {
            fakeStripe.close();
        }
        if (fakeProvider != null) {
            fakeProvider.close();
        }
        if (otlp != null) {
            otlp.close();
        }
        if (database != null) {
            database.close();
        }
        progress("stopped in %d s", seconds(started));
    }

    private static int port(String service, Map<String, Integer> ports) {
        Integer port = ports.get(service);
        if (port == null) {
            throw new IllegalArgumentException("no service " + service + "; one of " + SERVICES);
        }
        return port;
    }

    /** Distinct free ports: every socket is held until all are chosen. */
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0")));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no free ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own
                }
            }
        }
    }

    private static long seconds(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
    }

    static void progress(String format, Object... args) {
        System.out.println("platform: " + format.formatted(args));
        System.out.flush();
    }
}
