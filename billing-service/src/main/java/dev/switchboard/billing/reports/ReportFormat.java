package dev.switchboard.billing.reports;

import dev.switchboard.billing.api.BillingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/** JSON (the default) or CSV: {@code ?format=csv|json} wins; otherwise CSV when the client prefers {@code text/csv}. */
public enum ReportFormat {
    JSON, CSV;

    public static final String PARAMETER = "format";
    private static final MediaType TEXT_CSV = MediaType.valueOf(Csv.MEDIA_TYPE);

    public static ReportFormat choose(Optional<String> format, HttpHeaders headers) {
        if (format.isPresent()) {
            return switch (format.get()) {
                case "csv" -> CSV;
                case "json" -> JSON;
                default -> throw BillingException.badRequest(PARAMETER, "must be csv or json");
            };
        }
        // the acceptable types come sorted by preference (q, then specificity): the first one decides
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isWildcardType()) {
                return JSON;
            }
            if (type.isCompatible(TEXT_CSV)) {
                return CSV;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return JSON;
            }
        }
        return JSON;
    }
}
