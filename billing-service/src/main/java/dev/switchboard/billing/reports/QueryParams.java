package dev.switchboard.billing.reports;

import dev.switchboard.billing.api.BillingException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The query string of a read-only endpoint, read strictly: a parameter the endpoint does not know (a typo such as
 * {@code group-by}) or one given twice is a 400 naming it, never silently ignored while the call answers 200 with
 * something other than what was asked.
 */
public final class QueryParams {

    private final MultivaluedMap<String, String> params;

    private QueryParams(MultivaluedMap<String, String> params) {
        this.params = params;
    }

    public static QueryParams of(UriInfo uri, Set<String> known) {
        return of(uri, known, Set.of());
    }

    /** As {@link #of(UriInfo, Set)}, but the parameters named in {@code repeatable} may be given several times. */
    public static QueryParams of(UriInfo uri, Set<String> known, Set<String> repeatable) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        for (String name : params.keySet().stream().sorted().toList()) {
            if (!known.contains(name)) {
                throw BillingException.badRequest(name, "is not a parameter of this endpoint (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
            if (params.get(name).size() > 1 && !repeatable.contains(name)) {
                throw BillingException.badRequest(name, "must be given at most once");
            }
        }
        return new QueryParams(params);
    }

    /** The value, if given; given empty ({@code ?group_by=}) is given, and the endpoint judges the empty value. */
    public Optional<String> get(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Every value of a repeatable parameter, in the order given (empty when absent). */
    public List<String> all(String name) {
        List<String> values = params.get(name);
        return values == null ? List.of() : List.copyOf(values);
    }
}
