package dev.switchboard.accounts.users;

import dev.switchboard.schema.accounts.User;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated caller of this request, provisioned on first use (see {@link UserService#provision}). */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken token;
    @Inject
    UserService users;

    private User user;

    public User user() {
        if (user == null) {
            user = users.provision(TokenIdentity.from(token));
        }
        return user;
    }

    public UUID id() {
        return user().id;
    }
}
