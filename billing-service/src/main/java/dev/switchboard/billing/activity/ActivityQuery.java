package dev.switchboard.billing.activity;

import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.reports.QueryParams;
import dev.switchboard.billing.reports.UtcDates;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The activity API's parameters, as the official SDK sends them ({@code analytics.getUserActivity}): {@code date} (one
 * UTC day; without it the last 30 completed UTC days), {@code api_key_hash} (one key of the organization, its SHA-256
 * as the key API answers it), {@code user_id} (the keys a member created), {@code workspace_id} (a Switchboard
 * workspace is the organization: its own id is honoured, any other is not found) and {@code group_by=workspace} (rows
 * carry {@code workspace_id}). Anything else is a 400 naming it, never silently ignored.
 */
record ActivityQuery(LocalDate from, LocalDate to, Optional<String> apiKeyHash, Optional<UUID> userId,
                     Optional<UUID> workspaceId, boolean byWorkspace) {

    static final int DEFAULT_DAYS = 30;
    static final Set<String> PARAMETERS = Set.of("date", "api_key_hash", "user_id", "workspace_id", "group_by");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    static ActivityQuery from(QueryParams params, LocalDate today) {
        Optional<LocalDate> date = params.get("date").map(raw -> UtcDates.parse("date", raw));
        Optional<String> hash = params.get("api_key_hash").map(raw -> {
            if (!HASH.matcher(raw).matches()) {
                throw BillingException.badRequest("api_key_hash", "must be a key's hash: 64 lower-case hex characters, as the key API answers it");
            }
            return raw;
        });
        Optional<UUID> user = params.get("user_id").map(raw -> uuid("user_id", raw));
        Optional<UUID> workspace = params.get("workspace_id").map(raw -> uuid("workspace_id", raw));
        boolean byWorkspace = params.get("group_by").map(raw -> {
            if (!raw.equals("workspace")) {
                throw BillingException.badRequest("group_by", "must be workspace (the only grouping of this API)");
            }
            return true;
        }).orElse(false);
        LocalDate from = date.orElse(today.minusDays(DEFAULT_DAYS));
        LocalDate to = date.orElse(today.minusDays(1));
        return new ActivityQuery(from, to, hash, user, workspace, byWorkspace);
    }

    private static UUID uuid(String parameter, String raw) {
        try {
            if (raw.length() == 36) {
                return UUID.fromString(raw);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw BillingException.badRequest(parameter, "must be a UUID");
    }
}
