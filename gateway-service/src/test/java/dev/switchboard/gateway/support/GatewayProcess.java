package dev.switchboard.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.providers.FakeProviderServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway ({@code target/quarkus-app}) as its own process, for the *IT tests: SIGTERM and SIGKILL, and
 * several replicas over one database. Configured the way an operator would, through environment variables.
 */
public final class GatewayProcess implements AutoCloseable {

    public final int port;
    public final int managementPort;
    public final Path log;
    private final Process process;

    private GatewayProcess(int port, int managementPort, Path log, Process process) {
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    /** Starts a gateway on free ports against {@code db} and {@code fake}, with {@code env} on top, and waits until it is ready. */
    public static GatewayProcess start(String name, TestDatabase db, FakeProviderServer fake, Map<String, String> env) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        int port = freePort();
        int managementPort = freePort();
        Path log = Files.createTempFile("gateway-" + name + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // health is served on the management interface only; its default 9080 may belong to a running platform
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().put("SWITCHBOARD_DB_JDBC_URL", db.jdbcUrl());
        builder.environment().put("SWITCHBOARD_DB_REACTIVE_URL", db.reactiveUrl());
        builder.environment().put("SWITCHBOARD_DB_USER", db.user());
        builder.environment().put("SWITCHBOARD_DB_PASSWORD", db.password());
        builder.environment().put("SWITCHBOARD_FAKE_PROVIDER_URL", "http://127.0.0.1:" + fake.port());
        // a journal of its own, unless the test gives one (a restart on a killed replica's journal)
        builder.environment().put("SWITCHBOARD_METERING_JOURNAL", Files.createTempDirectory("gateway-" + name + "-journal-").toString());
        builder.environment().putAll(env);
        GatewayProcess gateway = new GatewayProcess(port, managementPort, log, builder.start());
        gateway.awaitReady();
        return gateway;
    }

    public String baseUrl() {
        return "http://localhost:" + port + "/api/v1";
    }

    /** The process id: a replica's credit leases are held as {@code <pid>@<host>/…}. */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, and waits for the process to end. */
    public boolean terminate(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** SIGKILL: the process gets no chance to flush or hand anything back. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The Prometheus text of its management interface. */
    public String metrics() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("gateway process (log: %s)", log).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("gateway not ready within 60 s (log: " + log + ")");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
