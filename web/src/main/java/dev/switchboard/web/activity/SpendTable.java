package dev.switchboard.web.activity;

import dev.switchboard.web.clients.BillingClient.SpendRow;
import dev.switchboard.web.clients.BillingClient.SpendUsage;
import java.util.List;

/**
 * One spend table of the activity page (by model, provider, key or member): billing's rows in billing's order (cost
 * descending), each with a link that narrows the page to that key, member or model. Reasoning and cached token columns are
 * shown only when the range has any.
 */
public record SpendTable(Grouping grouping, List<Row> rows, boolean reasoning, boolean cached) {

    /** {@code filter}: this page narrowed to the row's key, member or model, or null (providers, keys without a creator). */
    public record Row(String id, String label, String detail, String filter, SpendUsage usage) {
    }

    static SpendTable of(Grouping grouping, List<SpendRow> rows, ActivityQuery query, SpendUsage totals) {
        List<Row> shown = rows.stream().map(row -> new Row(grouping.id(row), grouping.label(row), grouping.detail(row),
                filter(grouping, row, query), row.usage())).toList();
        return new SpendTable(grouping, shown, totals.reasoningTokens() != 0, totals.cachedTokens() != 0);
    }

    private static String filter(Grouping grouping, SpendRow row, ActivityQuery query) {
        return switch (grouping) {
            case API_KEY -> row.apiKeyId() == null || row.apiKeyId().equals(query.key()) ? null
                    : "/activity?" + query.withKey(row.apiKeyId()).queryString();
            case MEMBER -> row.memberUserId() == null || row.memberUserId().equals(query.member()) ? null
                    : "/activity?" + query.withMember(row.memberUserId()).queryString();
            case MODEL -> row.model() == null || row.model().equals(query.model()) ? null
                    : "/activity?" + query.withModel(row.model()).queryString();
            default -> null;
        };
    }

    public String testid() {
        return grouping.testid();
    }
}
