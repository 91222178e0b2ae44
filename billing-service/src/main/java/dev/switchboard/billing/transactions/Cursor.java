package dev.switchboard.billing.transactions;

import dev.switchboard.billing.api.BillingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.UUID;

/**
 * Where the next page of an organization's transactions starts: just below {@code position}, with {@code balanceNanos}
 * the balance after the first line of that page (the balance before the last line shown). Opaque to clients
 * (base64url); bound to the organization, so a cursor of another listing is refused rather than misread.
 */
record Cursor(UUID organizationId, Position position, long balanceNanos) {

    static final String PARAMETER = "before";
    private static final String VERSION = "t1";

    String encode() {
        String key = switch (position) {
            case Position.Entry e -> "e|" + e.createdAt().getEpochSecond() + "|" + e.createdAt().getNano() + "|" + e.id();
            case Position.UsageDay u -> "u|" + u.day();
        };
        String text = VERSION + "|" + organizationId + "|" + balanceNanos + "|" + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String raw, UUID organizationId) {
        Cursor cursor;
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8).split("\\|", -1);
            if (!parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("version");
            }
            UUID org = UUID.fromString(parts[1]);
            long balance = Long.parseLong(parts[2]);
            Position position = switch (parts[3]) {
                case "e" -> parts.length == 7
                        ? new Position.Entry(Instant.ofEpochSecond(Long.parseLong(parts[4]), Long.parseLong(parts[5])), UUID.fromString(parts[6]))
                        : null;
                case "u" -> parts.length == 5 ? new Position.UsageDay(LocalDate.parse(parts[4])) : null;
                default -> null;
            };
            if (position == null) {
                throw new IllegalArgumentException("position");
            }
            cursor = new Cursor(org, position, balance);
        } catch (RuntimeException e) {
            throw BillingException.badRequest(PARAMETER, "is not a cursor of this listing (use next_cursor as answered)");
        }
        if (!cursor.organizationId().equals(organizationId)) {
            throw BillingException.badRequest(PARAMETER, "is not a cursor of this listing (use next_cursor as answered)");
        }
        return cursor;
    }
}
