package dev.switchboard.testkit.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A Postgres server of its own (a fresh cluster: {@code initdb} into a temporary directory, then
 * {@code pg_ctl start}) for tests that stop and restart the database, which they must never do to the shared
 * Postgres on 5432. It listens on 127.0.0.1 on a free port with trust authentication and fsync off, and holds one
 * empty database.
 * <p>
 * {@link #stop()} is a fast shutdown: the server closes every client connection, as a crash or a failover would.
 * {@link #start()} brings it back on the same port with the same data. {@link #close()} stops it and deletes the
 * directory. The binaries come from {@code SWITCHBOARD_TEST_PG_BINDIR}, else {@code pg_config --bindir}, else the
 * newest {@code /usr/lib/postgresql/<version>/bin}. initdb refuses to run as root, so as root every command runs as
 * the {@code postgres} OS user, which then owns the directory.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ThrowawayPostgres.class);
    private static final String USER = "postgres";
    private static final String OS_USER = "postgres";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final Path binDir;
    private final Path runDir;
    private final int port;
    private final String database;
    private final boolean asPostgresUser;
    private final Thread shutdownHook;
    private boolean running;

    private ThrowawayPostgres(Path binDir, Path runDir, int port, String database, boolean asPostgresUser) {
        this.binDir = binDir;
        this.runDir = runDir;
        this.port = port;
        this.database = database;
        this.asPostgresUser = asPostgresUser;
        // a test JVM that dies must not leave a postmaster behind
        this.shutdownHook = new Thread(this::stopQuietly, "throwaway-postgres-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Creates a cluster holding an empty database {@code database}, and starts it. */
    public static ThrowawayPostgres start(String database) {
        Path binDir = binDir();
        boolean asPostgresUser = isRoot();
        Path runDir;
        try {
            runDir = Files.createTempDirectory("switchboard-pg-");
            if (asPostgresUser) {
                UserPrincipal postgres;
                try {
                    postgres = runDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
                } catch (IOException e) {
                    deleteRecursively(runDir);
                    throw new IllegalStateException("Running as root, and initdb refuses root: a '" + OS_USER
                            + "' OS user is needed to own the cluster (the postgresql package creates it)", e);
                }
                Files.setOwner(runDir, postgres);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for a throw-away Postgres", e);
        }
        ThrowawayPostgres pg = new ThrowawayPostgres(binDir, runDir, freePort(), database, asPostgresUser);
        try {
            pg.initdb();
            pg.start();
            pg.createDatabase();
            return pg;
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** e.g. {@code jdbc:postgresql://127.0.0.1:41234/sb_fault} */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:%d/%s".formatted(port, database);
    }

    /** The URL form of the Vert.x reactive Postgres client, e.g. {@code postgresql://127.0.0.1:41234/sb_fault}. */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:%d/%s".formatted(port, database);
    }

    /** The superuser; trust authentication, so there is no password. */
    public String user() {
        return USER;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    /** The cluster's directory: {@code data/}, the server log {@code postgres.log} and the Unix socket. */
    public Path directory() {
        return runDir;
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /** A new connection to the database (3 s connect timeout). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), properties());
    }

    /**
     * Starts the server again after {@link #stop()}, on the same port and data; returns when it accepts
     * connections. Does nothing if it runs.
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        long started = System.nanoTime();
        Result result = pgCtl("start", "-w", "-t", "60", "-l", log().toString());
        if (result.exitCode() != 0) {
            throw new IllegalStateException("Throw-away Postgres did not start on port " + port + " (pg_ctl exit "
                    + result.exitCode() + "):\n" + result.output() + "\n--- server log (" + log() + "):\n" + logTail());
        }
        running = true;
        LOG.infof("Throw-away Postgres up on 127.0.0.1:%d in %d ms (%s)", port,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), runDir);
    }

    /**
     * Stops the server with a fast shutdown ({@code pg_ctl stop -m fast}): open transactions roll back and every
     * client connection is closed, so pooled connections are dead. Returns once the server is gone; new
     * connections are refused until {@link #start()}. Does nothing if it is stopped.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        Result result = pgCtl("stop", "-w", "-t", "60", "-m", "fast");
        if (result.exitCode() != 0) {
            throw new IllegalStateException("Throw-away Postgres on port " + port + " did not stop (pg_ctl exit "
                    + result.exitCode() + "):\n" + result.output() + "\n--- server log:\n" + logTail());
        }
        running = false;
        LOG.infof("Throw-away Postgres on 127.0.0.1:%d stopped", port);
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        try {
            stopQuietly();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running anyway
            }
            deleteRecursively(runDir);
        }
    }

    private void initdb() {
        Result result = run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir().toString(), "-U", USER,
                "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("initdb failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        // the settings live in the cluster, so start() after stop() uses them again
        String settings = """

                # throw-away test cluster (dev.switchboard.testkit.db.ThrowawayPostgres)
                port = %d
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '%s'
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                shared_buffers = 32MB
                max_connections = 100
                """.formatted(port, runDir);
        try {
            Files.writeString(dataDir().resolve("postgresql.conf"), settings, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not configure the throw-away Postgres", e);
        }
    }

    private void createDatabase() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:%d/postgres".formatted(port), properties());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Throw-away Postgres refused CREATE DATABASE " + database + ":\n" + logTail(), e);
        }
    }

    private void stopQuietly() {
        synchronized (this) {
            if (!running) {
                return;
            }
            // immediate: nothing in a throw-away cluster needs a clean checkpoint
            Result result = pgCtl("stop", "-w", "-t", "30", "-m", "immediate");
            if (result.exitCode() != 0) {
                LOG.warnf("Throw-away Postgres on port %d did not stop: %s", port, result.output());
            }
            running = false;
        }
    }

    private Result pgCtl(String action, String... options) {
        List<String> command = new ArrayList<>(List.of(binDir.resolve("pg_ctl").toString(), action, "-D", dataDir().toString()));
        command.addAll(List.of(options));
        return run(command);
    }

    /** Runs a command (as the postgres OS user when we are root) and returns its exit code and output. */
    private Result run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser && onPath("runuser")) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
            full.addAll(command);
        } else if (asPostgresUser) {
            String line = String.join(" ", command.stream().map(ThrowawayPostgres::shellQuote).toList());
            full.addAll(List.of("su", OS_USER, "-s", "/bin/sh", "-c", line));
        } else {
            full.addAll(command);
        }
        try {
            // output to a file, not a pipe: pg_ctl start leaves a server running that must not hold our pipe open
            Path output = Files.createTempFile("switchboard-pg-command-", ".out");
            try {
                Process process = new ProcessBuilder(full).directory(runDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, "timed out after " + COMMAND_TIMEOUT + ": " + String.join(" ", full));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).strip());
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", full), e);
        }
    }

    private Path dataDir() {
        return runDir.resolve("data");
    }

    private Path log() {
        return runDir.resolve("postgres.log");
    }

    private String logTail() {
        try (Stream<String> lines = Files.lines(log())) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "3");
        return p;
    }

    private static Path binDir() {
        String configured = System.getenv("SWITCHBOARD_TEST_PG_BINDIR");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("SWITCHBOARD_TEST_PG_BINDIR");
        }
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (!hasServerBinaries(dir)) {
                throw new IllegalStateException("SWITCHBOARD_TEST_PG_BINDIR=" + dir + " has no initdb and pg_ctl");
            }
            return dir;
        }
        Optional<Path> fromPgConfig = pgConfigBinDir().filter(ThrowawayPostgres::hasServerBinaries);
        if (fromPgConfig.isPresent()) {
            return fromPgConfig.get();
        }
        // pg_config may come from a client-only package (libpq-dev) of another version than the server
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Optional<Path> newest = versions.map(v -> v.resolve("bin")).filter(ThrowawayPostgres::hasServerBinaries)
                    .max(Comparator.comparingInt(ThrowawayPostgres::majorVersion));
            if (newest.isPresent()) {
                return newest.get();
            }
        } catch (IOException noneThere) {
            // fall through to the message below
        }
        throw new IllegalStateException("""
                No PostgreSQL server binaries (initdb, pg_ctl) for a throw-away Postgres: `pg_config --bindir` has \
                none and there is no /usr/lib/postgresql/<version>/bin. Install the server (Debian/Ubuntu: apt-get \
                install postgresql; Fedora: dnf install postgresql-server) or set SWITCHBOARD_TEST_PG_BINDIR to the \
                directory that holds initdb.""");
    }

    private static Optional<Path> pgConfigBinDir() {
        try {
            Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? Optional.of(Path.of(out)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean hasServerBinaries(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
    }

    private static int majorVersion(Path binDir) {
        try {
            return Integer.parseInt(binDir.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    private static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }

    private record Result(int exitCode, String output) {
    }
}
