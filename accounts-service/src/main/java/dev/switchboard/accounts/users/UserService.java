package dev.switchboard.accounts.users;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.schema.accounts.User;
import dev.switchboard.schema.accounts.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keycloak subject → {@code users} row. The first call of a new user creates the row, their personal organization
 * and their owner membership in one transaction; later calls only read, and write only when the token's e-mail or
 * name differ from the row.
 */
@ApplicationScoped
public class UserService {

    /** What a new personal organization is called; the user may rename it. */
    static final String PERSONAL_ORGANIZATION_NAME = "Personal";
    private static final Logger LOG = Logger.getLogger(UserService.class);

    @Inject
    UserRepository users;
    @Inject
    EntityManager em;

    /**
     * The caller's row, created with their personal organization on first sight. Concurrent first calls are safe
     * without locks or retries: each INSERT is {@code ON CONFLICT DO NOTHING} against a UNIQUE constraint
     * ({@code users.keycloak_subject}, {@code organizations.personal_user_id}, the membership's primary key), so the
     * losers wait for the winner's commit, insert nothing and read what it wrote.
     */
    @Transactional
    public User provision(TokenIdentity who) {
        User existing = users.findBySubject(who.subject()).orElse(null);
        if (existing != null) {
            keepInStep(existing, who);
            return existing;
        }
        em.createNativeQuery("""
                        INSERT INTO users (id, keycloak_subject, email, name, last_login_at)
                        VALUES (:id, :subject, :email, CAST(:name AS text), now())
                        ON CONFLICT DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("subject", who.subject())
                .setParameter("email", who.email())
                .setParameter("name", who.name())
                .executeUpdate();
        User user = users.findBySubject(who.subject()).orElseThrow(() -> emailTaken(who));
        em.createNativeQuery("""
                        INSERT INTO organizations (id, name, kind, personal_user_id)
                        VALUES (:id, :name, 'personal', :user)
                        ON CONFLICT (personal_user_id) DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("name", PERSONAL_ORGANIZATION_NAME)
                .setParameter("user", user.id)
                .executeUpdate();
        em.createNativeQuery("""
                        INSERT INTO memberships (organization_id, user_id, role)
                        SELECT id, personal_user_id, 'owner' FROM organizations WHERE personal_user_id = :user
                        ON CONFLICT DO NOTHING""")
                .setParameter("user", user.id)
                .executeUpdate();
        return user;
    }

    /** E-mail and name follow Keycloak, where the user edits them; nothing is written when they already agree. */
    private void keepInStep(User user, TokenIdentity who) {
        boolean emailChanged = !who.email().equals(user.email);
        if (!emailChanged && Objects.equals(who.name(), user.name)) {
            return;
        }
        if (emailChanged && users.count("lower(email) = lower(?1) and id <> ?2", who.email(), user.id) > 0) {
            // users_email_lower is UNIQUE: another row (a Keycloak account deleted and re-created with this
            // address) still holds it. Keep the old address rather than fail every call of this user.
            LOG.warnf("User %s: e-mail from the token is held by another user; keeping the stored one", user.id);
        } else {
            user.email = who.email();
        }
        user.name = who.name();
    }

    private static AccountsException emailTaken(TokenIdentity who) {
        // the only other UNIQUE on users: the address belongs to a different Keycloak subject
        return AccountsException.conflict("The e-mail address of this account belongs to another user",
                Map.of("field", "email"));
    }
}
