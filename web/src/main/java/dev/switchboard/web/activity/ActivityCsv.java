package dev.switchboard.web.activity;

import dev.switchboard.web.clients.BillingClient.SpendRow;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The activity table as CSV: the rows of the grouping the page shows ({@code group_by}), in its order, with every
 * usage column and the cost in exact decimal dollars ({@code 0.000000001}, never rounded, never {@code 1E-9}).
 * RFC 4180 (CRLF, fields with a comma, quote, CR or LF quoted, quotes doubled). Model, key and member names are user
 * data, and a spreadsheet runs a cell starting with {@code = + - @} (or a tab or CR) as a formula, so such a cell gets
 * a leading apostrophe (OWASP's CSV injection advice); numbers never start so.
 */
final class ActivityCsv {

    static final List<String> USAGE = List.of("requests", "prompt_tokens", "completion_tokens", "reasoning_tokens",
            "cached_tokens", "cost_usd");
    private static final DateTimeFormatter FILE_INSTANT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ActivityCsv() {
    }

    static String write(Grouping grouping, List<SpendRow> rows) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(grouping.csvHeader());
        header.addAll(USAGE);
        line(csv, header);
        for (SpendRow row : rows) {
            List<String> cells = new ArrayList<>(grouping.csvValues(row));
            cells.add(Long.toString(row.requests()));
            cells.add(Long.toString(row.promptTokens()));
            cells.add(Long.toString(row.completionTokens()));
            cells.add(Long.toString(row.reasoningTokens()));
            cells.add(Long.toString(row.cachedTokens()));
            cells.add(row.cost().stripTrailingZeros().toPlainString());
            line(csv, cells);
        }
        return csv.toString();
    }

    /** {@code activity-2026-03-01-2026-03-30-by-model.csv}; the last 24 hours by their instants, without colons. */
    static String filename(ActivityQuery query) {
        String range = query.hourly() ? FILE_INSTANT.format(query.start()) + "-" + FILE_INSTANT.format(query.end())
                : query.from() + "-" + query.to();
        return "activity-" + range + "-by-" + query.groupBy().parameter + ".csv";
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(cells.get(i)));
        }
        csv.append("\r\n");
    }

    /** One field: null is empty; a would-be formula is defused; then quoted if it must be. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
