package dev.switchboard.testkit.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The real Keycloak ({@code org.keycloak:keycloak-quarkus-dist}, resolved by Maven) started in dev mode
 * with the project's realm imported, on free ports, with its own throw-away database; {@link #close()}
 * stops it and deletes that database.
 * <p>
 * The distribution is unpacked once into {@code ~/.cache/switchboard/keycloak-<version>} (override with
 * {@code SWITCHBOARD_CACHE_DIR}); its first start builds it (~30 s), later starts take a few seconds.
 * It runs on the JDK running the tests (21+, which the build enforces).
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String VERSION = "26.7.3";
    public static final String REALM = "switchboard";
    private static final Logger LOG = Logger.getLogger(KeycloakServer.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final int port;
    private final Path runDir;
    private final String adminPassword;
    private final Thread shutdownHook;

    private KeycloakServer(Process process, int port, Path runDir, String adminPassword) {
        this.process = process;
        this.port = port;
        this.runDir = runDir;
        this.adminPassword = adminPassword;
        this.shutdownHook = new Thread(this::stopProcess, "keycloak-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts Keycloak with the realm file of this repository ({@code deploy/keycloak/switchboard-realm.json}). */
    public static KeycloakServer start() {
        return start(KeycloakDistribution.realmFile());
    }

    /** Starts Keycloak with this repository's realm file and extra environment variables for its process. */
    public static KeycloakServer start(Map<String, String> environment) {
        return start(KeycloakDistribution.realmFile(), environment);
    }

    public static KeycloakServer start(Path realmFile) {
        return start(realmFile, Map.of());
    }

    /**
     * Starts Keycloak with extra environment variables for its process. The realm import replaces
     * {@code ${NAME:default}} placeholders from Keycloak's environment, e.g. {@code SWITCHBOARD_WEB_URL}, the web
     * client's root and redirect URLs.
     */
    public static KeycloakServer start(Path realmFile, Map<String, String> environment) {
        Path home = KeycloakDistribution.unpacked();
        try (FileChannel lockChannel = FileChannel.open(home.resolveSibling("keycloak-" + VERSION + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            // one start at a time per distribution: the first start of a fresh one rewrites its build
            Path importDir = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realmFile, importDir.resolve("switchboard-realm.json"), StandardCopyOption.REPLACE_EXISTING);

            Path runDir = Files.createTempDirectory("switchboard-keycloak-");
            int port = freePort();
            int managementPort = freePort();
            String adminPassword = "admin-" + UUID.randomUUID();
            List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + port,
                    "--http-management-port=" + managementPort,
                    "--db-url=jdbc:h2:file:" + runDir.resolve("kcdb") + ";NON_KEYWORDS=VALUE",
                    "--import-realm"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("keycloak.log").toFile());
            builder.environment().putAll(environment);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            long started = System.nanoTime();
            LOG.infof("Starting Keycloak %s on port %d (log: %s)", VERSION, port, runDir.resolve("keycloak.log"));
            KeycloakServer server = new KeycloakServer(builder.start(), port, runDir, adminPassword);
            server.awaitReady(started);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Keycloak", e);
        }
    }

    public int port() {
        return port;
    }

    /** e.g. {@code http://localhost:41234} */
    public String url() {
        return "http://localhost:" + port;
    }

    /** The realm's issuer, e.g. {@code http://localhost:41234/realms/switchboard}: Quarkus' {@code quarkus.oidc.auth-server-url}. */
    public String realmUrl() {
        return url() + "/realms/" + REALM;
    }

    public KeycloakAdmin admin() {
        return new KeycloakAdmin(url(), REALM, "admin", adminPassword);
    }

    public Path log() {
        return runDir.resolve("keycloak.log");
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running anyway
        }
        deleteRecursively(runDir);
    }

    private void awaitReady(long startedNanos) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(realmUrl() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = startedNanos + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    LOG.infof("Keycloak ready at %s after %d s", url(), Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(500);
        }
        close();
        throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT + ":\n" + logTail());
    }

    private String logTail() {
        try (Stream<String> lines = Files.lines(log())) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: kc.sh execs the JVM, so this is Keycloak itself
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", dir, e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
