package dev.switchboard.billing;

import static io.restassured.RestAssured.given;

import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.keycloak.KeycloakServer;
import dev.switchboard.testkit.keycloak.TestUsers;
import dev.switchboard.testkit.keycloak.TestUsers.TestUser;
import dev.switchboard.testkit.seed.Tenants;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/**
 * What the billing tests share: people made in the real Keycloak with their {@code users} rows, organizations they
 * belong to (seeded as accounts-service writes them; billing-service only reads those tables), and plain JDBC on the
 * test database through {@link Tenants} so that tests assert rows, not only responses.
 */
public final class BillingFixture {

    /** A person with their own team organization (and its first key), in which they hold {@code role}. */
    public record Member(TestUser user, UUID userId, Tenants.Tenant tenant) {
        public UUID organizationId() {
            return tenant.organizationId();
        }
    }

    private final TestUsers users;
    private final Tenants tenants;

    public BillingFixture(KeycloakServer keycloak, TestDatabase database) {
        this.users = new TestUsers(keycloak);
        this.tenants = new Tenants(database::connect);
    }

    public Tenants tenants() {
        return tenants;
    }

    /** A new person, known to the database (as after their first call to accounts-service), in no organization yet. */
    public Member person(String firstName) {
        TestUser user = users.newUser(firstName, "Tester");
        return new Member(user, tenants.user(user.subject(), user.email()), null);
    }

    /** A new person owning a new team organization with {@code creditNanos} of credit (0 = none). */
    public Member owner(String firstName, long creditNanos) {
        Member person = person(firstName);
        Tenants.Tenant tenant = tenants.create(firstName + "'s team", creditNanos);
        tenants.member(tenant.organizationId(), person.userId(), "owner");
        return new Member(person.user(), person.userId(), tenant);
    }

    /** A new person joining {@code organization} with {@code role}. */
    public Member join(Member organization, String firstName, String role) {
        Member person = person(firstName);
        tenants.member(organization.organizationId(), person.userId(), role);
        return new Member(person.user(), person.userId(), organization.tenant());
    }

    public String token(Member member) {
        return users.token(member.user());
    }

    public RequestSpecification as(Member member) {
        return given().auth().oauth2(token(member)).contentType(ContentType.JSON);
    }
}
