package dev.switchboard.accounts.members;

import java.time.Instant;
import java.util.UUID;

/** A member of an organization: who they are, their role, and when they joined. */
public record MemberView(UUID userId, String email, String name, String role, Instant joinedAt) {
}
