package dev.switchboard.accounts;

import static io.restassured.RestAssured.given;

import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.keycloak.KeycloakAdmin;
import dev.switchboard.testkit.keycloak.KeycloakServer;
import dev.switchboard.testkit.keycloak.TestUsers;
import dev.switchboard.testkit.keycloak.TestUsers.TestUser;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the accounts tests share: users made in the real Keycloak, their tokens, and plain JDBC on the test database
 * so that tests assert rows, not only responses.
 */
public final class AccountsFixture {

    public static final String PASSWORD = TestUsers.PASSWORD;

    private final TestUsers users;
    private final TestDatabase database;

    public AccountsFixture(KeycloakServer keycloak, TestDatabase database) {
        this.users = new TestUsers(keycloak);
        this.database = database;
    }

    public KeycloakAdmin keycloak() {
        return users.keycloak();
    }

    /** A new Keycloak user with a unique e-mail; accounts-service has not seen them yet. */
    public TestUser newUser(String firstName, String lastName) {
        return users.newUser(firstName, lastName);
    }

    /** A user who has made their first call: their row and personal organization exist. */
    public TestUser provisionedUser(String firstName, String lastName) {
        TestUser user = newUser(firstName, lastName);
        as(user).get("/me").then().statusCode(200);
        return user;
    }

    /** An access token for {@code user}, cached per e-mail (call {@link #forgetToken} after changing the user). */
    public String token(TestUser user) {
        return users.token(user);
    }

    public void forgetToken(TestUser user) {
        users.forgetToken(user);
    }

    public RequestSpecification as(TestUser user) {
        return given().auth().oauth2(token(user)).contentType(ContentType.JSON);
    }

    public UUID userId(TestUser user) {
        return (UUID) single("SELECT id FROM users WHERE keycloak_subject = ?", user.subject());
    }

    public UUID personalOrganization(TestUser user) {
        return (UUID) single("SELECT o.id FROM organizations o JOIN users u ON o.personal_user_id = u.id WHERE u.keycloak_subject = ?",
                user.subject());
    }

    /** Makes {@code user} a member of {@code organization} directly, as the (future) members API would. */
    public void addMember(UUID organization, TestUser user, String role) {
        execute("INSERT INTO memberships (organization_id, user_id, role) VALUES (?, ?, ?)", organization, userId(user), role);
    }

    public long count(String sql, Object... params) {
        return ((Number) single(sql, params)).longValue();
    }

    public Object single(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new IllegalStateException(rows.size() + " rows for " + sql);
        }
        return rows.getFirst().values().iterator().next();
    }

    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = database.connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public void execute(String sql, Object... params) {
        try (Connection c = database.connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, params);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }
}
