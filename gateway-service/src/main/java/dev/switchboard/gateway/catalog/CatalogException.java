package dev.switchboard.gateway.catalog;

import java.util.List;

/**
 * The catalog file cannot be used. The message lists every problem found, each naming its path in the file
 * (e.g. {@code models[3].endpoints[0].pricing.prompt: must be a non-negative decimal}).
 */
public class CatalogException extends RuntimeException {

    private final List<String> problems;

    public CatalogException(String source, List<String> problems) {
        super("invalid catalog " + source + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Each problem as "path: message". */
    public List<String> problems() {
        return problems;
    }
}
