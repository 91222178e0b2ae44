package dev.switchboard.billing.reports;

import java.math.BigDecimal;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * RFC 4180 text: CRLF line ends, a header row, and a field holding a comma, a double quote, CR or LF enclosed in
 * double quotes with its quotes doubled, so any model or key name survives a round trip through a spreadsheet or a
 * CSV parser. Money is a plain decimal ({@code 0.000000001}, never {@code 1E-9}); null is an empty field.
 */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv";

    private final StringBuilder text = new StringBuilder();

    public Csv(List<String> header) {
        row(List.copyOf(header));
    }

    public Csv row(List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(field(fields.get(i)));
        }
        text.append("\r\n");
        return this;
    }

    /** A download: {@code text/csv; charset=utf-8} with {@code Content-Disposition: attachment; filename="…"}. */
    public static Response attachment(Csv csv, String filename) {
        return Response.ok(csv.toString(), MEDIA_TYPE + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"").build();
    }

    @Override
    public String toString() {
        return text.toString();
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
