package dev.switchboard.accounts.users;

import dev.switchboard.schema.accounts.User;
import java.util.UUID;

public record UserView(UUID id, String email, String name) {

    public static UserView from(User user) {
        return new UserView(user.id, user.email, user.name);
    }
}
