package dev.switchboard.testkit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ThrowawayPostgresTest {

    @Test
    void stops_and_restarts_with_its_data_and_leaves_nothing_behind() throws Exception {
        Path directory;
        int port;
        try (ThrowawayPostgres pg = ThrowawayPostgres.start("sb_kit")) {
            directory = pg.directory();
            port = pg.port();
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/sb_kit");
            assertThat(pg.reactiveUrl()).isEqualTo("postgresql://127.0.0.1:" + port + "/sb_kit");
            assertThat(port).isNotEqualTo(5432);

            Connection held = pg.connect();
            try (Statement s = held.createStatement()) {
                s.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)");
                s.execute("INSERT INTO notes VALUES (1, 'survives a restart')");
            }

            pg.stop();
            assertThat(pg.isRunning()).isFalse();
            assertThatThrownBy(pg::connect).as("a new connection while stopped").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> held.createStatement().executeQuery("SELECT 1"))
                    .as("a connection opened before the stop").isInstanceOf(SQLException.class);
            held.close();

            pg.start();
            assertThat(pg.port()).isEqualTo(port);
            try (Connection c = pg.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT body FROM notes WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("survives a restart");
            }
        }
        assertThat(Files.exists(directory)).as("directory deleted").isFalse();
        assertThat(bindable(port)).as("port %d free", port).isTrue();
    }

    private static boolean bindable(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
