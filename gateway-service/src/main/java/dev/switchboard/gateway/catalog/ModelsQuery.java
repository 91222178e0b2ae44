package dev.switchboard.gateway.catalog;

import dev.switchboard.gateway.errors.ApiException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query of {@code GET /api/v1/models}: paging ({@code offset}, {@code limit}) and
 * {@code supported_parameters} (comma-separated; a model must support all of them).
 *
 * @param limit {@code null} for no limit
 */
public record ModelsQuery(int offset, Integer limit, Set<String> supportedParameters) {

    public static final ModelsQuery ALL = new ModelsQuery(0, null, Set.of());

    public ModelsQuery {
        supportedParameters = Set.copyOf(supportedParameters);
    }

    /**
     * Parses the raw query parameters; each may be {@code null} (absent).
     *
     * @throws ApiException a 400 naming the parameter, e.g. {@code limit: must be a positive whole number}
     */
    public static ModelsQuery parse(String offset, String limit, String supportedParameters) {
        int from = offset == null || offset.isBlank() ? 0 : number("offset", offset, 0);
        Integer max = limit == null || limit.isBlank() ? null : number("limit", limit, 1);
        Set<String> parameters = supportedParameters == null ? Set.of()
                : Arrays.stream(supportedParameters.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet());
        return new ModelsQuery(from, max, parameters);
    }

    boolean matches(CatalogModel model) {
        return model.supportedParameters().containsAll(supportedParameters);
    }

    private static int number(String name, String value, int min) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name, min == 0 ? "must be a non-negative whole number" : "must be a positive whole number");
    }
}
