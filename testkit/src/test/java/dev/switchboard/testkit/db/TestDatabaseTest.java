package dev.switchboard.testkit.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

    @Test
    void creates_an_empty_database_and_drops_it_on_close() throws SQLException {
        String name;
        String url;
        Properties credentials = new Properties();
        try (TestDatabase db = TestDatabase.create("sb_kit")) {
            name = db.name();
            url = db.jdbcUrl().replace("/" + name, "/postgres");
            credentials.setProperty("user", db.user());
            if (!db.password().isEmpty()) {
                credentials.setProperty("password", db.password());
            }
            try (Connection c = db.connect();
                 ResultSet tables = c.createStatement().executeQuery(
                         "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
                tables.next();
                assertThat(tables.getInt(1)).isZero();
            }
            assertThat(exists(url, credentials, name)).isTrue();
        }
        assertThat(exists(url, credentials, name)).isFalse();
    }

    private static boolean exists(String url, Properties credentials, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, credentials);
             var statement = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
