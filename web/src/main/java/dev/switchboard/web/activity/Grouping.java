package dev.switchboard.web.activity;

import dev.switchboard.web.clients.BillingClient.SpendRow;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the activity page groups spend by, as billing's report names it ({@code group_by}/{@code then_by}): how a row
 * of that grouping is identified, shown, named as a chart series and written to CSV. A member is the creator of the
 * keys; keys without a creator are one group.
 */
public enum Grouping {
    MODEL("model", "Model", "model"),
    PROVIDER("provider", "Provider", "provider"),
    API_KEY("api_key", "Key", "api-key"),
    MEMBER("member", "Member", "member");

    static final String NO_CREATOR = "Keys without a creator";

    /** The URL and billing parameter value. */
    public final String parameter;
    /** The column heading and option label. */
    public final String title;
    /** The row attribute's name: {@code data-model}, {@code data-api-key}… */
    public final String attribute;

    Grouping(String parameter, String title, String attribute) {
        this.parameter = parameter;
        this.title = title;
        this.attribute = attribute;
    }

    public static Optional<Grouping> parse(String raw) {
        return Arrays.stream(values()).filter(g -> g.parameter.equals(raw)).findFirst();
    }

    /** The table's {@code data-testid}: {@code spend-by-model}, {@code spend-by-api_key}… */
    public String testid() {
        return "spend-by-" + parameter;
    }

    /** Lower-case, for running text: "spend by key". */
    public String noun() {
        return title.toLowerCase(java.util.Locale.ROOT);
    }

    /** The row's identity: the model or provider id, the key's or member's id ("" for keys without a creator). */
    public String id(SpendRow row) {
        return switch (this) {
            case MODEL -> row.model();
            case PROVIDER -> row.provider();
            case API_KEY -> String.valueOf(row.apiKeyId());
            case MEMBER -> row.memberUserId() == null ? "" : row.memberUserId().toString();
        };
    }

    /** What the row is called on the page: the key's name, the member's name (else email). */
    public String label(SpendRow row) {
        return switch (this) {
            case MODEL -> row.model();
            case PROVIDER -> row.provider();
            case API_KEY -> row.apiKeyName();
            case MEMBER -> row.memberUserId() == null ? NO_CREATOR : row.memberName() != null ? row.memberName() : row.memberEmail();
        };
    }

    /** A second line that tells rows apart: the key's prefix, a named member's email; else null. */
    public String detail(SpendRow row) {
        return switch (this) {
            case MODEL, PROVIDER -> null;
            case API_KEY -> row.apiKeyPrefix();
            case MEMBER -> row.memberName() != null ? row.memberEmail() : null;
        };
    }

    /** A chart series name, unique per group (two keys may share a name, never a prefix). */
    public String series(SpendRow row) {
        return switch (this) {
            case MODEL, PROVIDER -> label(row);
            case API_KEY -> row.apiKeyName() + " (" + row.apiKeyPrefix() + ")";
            case MEMBER -> row.memberUserId() == null ? NO_CREATOR : row.memberEmail();
        };
    }

    /** The CSV columns of this grouping, before the usage columns. */
    public List<String> csvHeader() {
        return switch (this) {
            case MODEL -> List.of("model");
            case PROVIDER -> List.of("provider");
            case API_KEY -> List.of("api_key_name", "api_key_prefix", "api_key_id");
            case MEMBER -> List.of("member_name", "member_email", "member_user_id");
        };
    }

    public List<String> csvValues(SpendRow row) {
        return switch (this) {
            case MODEL -> List.of(row.model());
            case PROVIDER -> List.of(row.provider());
            case API_KEY -> Arrays.asList(row.apiKeyName(), row.apiKeyPrefix(), String.valueOf(row.apiKeyId()));
            case MEMBER -> Arrays.asList(row.memberName(), row.memberEmail(), row.memberUserId() == null ? null : row.memberUserId().toString());
        };
    }
}
