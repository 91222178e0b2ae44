package dev.switchboard.web.activity;

import dev.switchboard.web.clients.BillingClient.SpendRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a spend table, in one order for the page and its CSV (cost descending, then the group's name, then
 * its id), and a table summed from the rows of the chart's report when the chart is split by the same grouping: the
 * page then asks billing once instead of twice (the default page, by model and charted by model, asks once).
 */
final class SpendRows {

    private SpendRows() {
    }

    /** {@code rows} in the tables' order (billing's, except that ties are broken the same way here for every source). */
    static List<SpendRow> sorted(List<SpendRow> rows, Grouping grouping) {
        Comparator<String> text = Comparator.nullsLast(Comparator.naturalOrder());
        Comparator<SpendRow> order = Comparator.comparing(SpendRow::cost).reversed()
                .thenComparing(grouping::label, text)
                .thenComparing(grouping::id, text);
        List<SpendRow> sorted = new ArrayList<>(rows);
        sorted.sort(order);
        return sorted;
    }

    /**
     * One row per group of {@code grouping} from rows that are split further (per day or hour): usage summed, the
     * group's columns kept, the time dropped.
     */
    static List<SpendRow> sum(List<SpendRow> rows, Grouping grouping) {
        Map<String, SpendRow> groups = new LinkedHashMap<>();
        for (SpendRow row : rows) {
            groups.merge(grouping.id(row), withoutTime(row), SpendRows::plus);
        }
        return sorted(List.copyOf(groups.values()), grouping);
    }

    private static SpendRow withoutTime(SpendRow r) {
        return new SpendRow(r.model(), r.provider(), r.apiKeyId(), r.apiKeyName(), r.apiKeyPrefix(), r.memberUserId(), r.memberEmail(),
                r.memberName(), null, null, r.requests(), r.promptTokens(), r.completionTokens(), r.reasoningTokens(), r.cachedTokens(),
                r.cost());
    }

    private static SpendRow plus(SpendRow a, SpendRow b) {
        return new SpendRow(a.model(), a.provider(), a.apiKeyId(), a.apiKeyName(), a.apiKeyPrefix(), a.memberUserId(), a.memberEmail(),
                a.memberName(), null, null, Math.addExact(a.requests(), b.requests()), Math.addExact(a.promptTokens(), b.promptTokens()),
                Math.addExact(a.completionTokens(), b.completionTokens()), Math.addExact(a.reasoningTokens(), b.reasoningTokens()),
                Math.addExact(a.cachedTokens(), b.cachedTokens()), a.cost().add(b.cost()));
    }
}
