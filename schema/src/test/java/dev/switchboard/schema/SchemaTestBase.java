package dev.switchboard.schema;

import dev.switchboard.testkit.db.InjectTestDatabase;
import dev.switchboard.testkit.db.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Gives each test an auto-commit JDBC connection to the run's freshly migrated database. */
abstract class SchemaTestBase {

    @InjectTestDatabase
    TestDatabase database;

    Connection connection;
    Rows rows;

    @BeforeEach
    void connect() throws Exception {
        connection = database.connect();
        rows = new Rows(connection);
    }

    @AfterEach
    void disconnect() throws Exception {
        connection.close();
    }
}
