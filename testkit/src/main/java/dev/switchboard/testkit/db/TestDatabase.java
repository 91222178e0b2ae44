package dev.switchboard.testkit.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A fresh, empty Postgres database for one test run: created on the Postgres at 127.0.0.1:5432 when it is
 * reachable (override with {@code SWITCHBOARD_TEST_PG_HOST/PORT/USER/PASSWORD}), otherwise in a
 * Testcontainers Postgres when a Docker engine is available, otherwise a failure that says what to start.
 * {@link #close()} drops it.
 */
public final class TestDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TestDatabase.class);
    private static final String CONTAINER_IMAGE = "postgres:16-alpine";

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String name;
    private final PostgreSQLContainer<?> container;

    private TestDatabase(String host, int port, String user, String password, String name, PostgreSQLContainer<?> container) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = name;
        this.container = container;
    }

    /** Creates a database named {@code <prefix>_<timestamp>_<random>}. */
    public static TestDatabase create(String prefix) {
        String host = setting("SWITCHBOARD_TEST_PG_HOST", "127.0.0.1");
        int port = Integer.parseInt(setting("SWITCHBOARD_TEST_PG_PORT", "5432"));
        String user = setting("SWITCHBOARD_TEST_PG_USER", "postgres");
        String password = setting("SWITCHBOARD_TEST_PG_PASSWORD", "");
        String name = (prefix + "_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyMMddHHmmss")) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000))).toLowerCase();

        SQLException localFailure;
        try {
            createDatabase(jdbcUrl(host, port, "postgres"), user, password, name);
            LOG.infof("Test database %s created on %s:%d", name, host, port);
            return new TestDatabase(host, port, user, password, name, null);
        } catch (SQLException e) {
            localFailure = e;
        }
        if (dockerAvailable()) {
            LOG.infof("No Postgres at %s:%d (%s); starting %s with Testcontainers", host, port, localFailure.getMessage(), CONTAINER_IMAGE);
            PostgreSQLContainer<?> pg = new PostgreSQLContainer<>(CONTAINER_IMAGE);
            pg.start();
            try {
                createDatabase(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword(), name);
            } catch (SQLException e) {
                pg.stop();
                throw new IllegalStateException("Testcontainers Postgres refused CREATE DATABASE", e);
            }
            return new TestDatabase(pg.getHost(), pg.getMappedPort(5432), pg.getUsername(), pg.getPassword(), name, pg);
        }
        throw new IllegalStateException("""
                No Postgres for the tests: nothing answered at %s:%d as user %s (%s), and no Docker engine is available \
                for Testcontainers. Start Postgres (on Debian: pg_ctlcluster --skip-systemctl-redirect 15 main start; \
                trust auth for 127.0.0.1 or set SWITCHBOARD_TEST_PG_PASSWORD), point SWITCHBOARD_TEST_PG_HOST/PORT/USER \
                at one, or start Docker.""".formatted(host, port, user, localFailure.getMessage()), localFailure);
    }

    public String jdbcUrl() {
        return jdbcUrl(host, port, name);
    }

    /** The URL form of the Vert.x reactive Postgres client. */
    public String reactiveUrl() {
        return "postgresql://%s:%d/%s".formatted(host, port, name);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), properties(user, password));
    }

    @Override
    public void close() {
        try {
            String adminUrl = container != null ? container.getJdbcUrl() : jdbcUrl(host, port, "postgres");
            try (Connection c = DriverManager.getConnection(adminUrl, properties(user, password));
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            }
            LOG.infof("Test database %s dropped", name);
        } catch (SQLException e) {
            LOG.warnf("Could not drop test database %s: %s", name, e.getMessage());
        } finally {
            if (container != null) {
                container.stop();
            }
        }
    }

    private static void createDatabase(String adminUrl, String user, String password, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, properties(user, password));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        }
    }

    private static String jdbcUrl(String host, int port, String database) {
        return "jdbc:postgresql://%s:%d/%s".formatted(host, port, database);
    }

    private static Properties properties(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (!password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "3");
        return p;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
