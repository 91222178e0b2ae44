package dev.switchboard.gateway.catalog;

import java.util.List;

/**
 * What one catalog load did.
 *
 * @param source           the file or "classpath:…" resource read
 * @param changes          rows written (unchanged rows are not counted)
 * @param skippedProviders providers not served because their key variable is unset, e.g. "openai"
 * @param servableModels   models with at least one serving endpoint
 */
public record LoadReport(String source, Changes changes, List<String> skippedProviders, int models, int servableModels) {

    public LoadReport {
        skippedProviders = List.copyOf(skippedProviders);
    }

    /** Rows inserted and updated per table; {@code endpointsRemoved} counts endpoints newly set to status -10. */
    public record Changes(int providersInserted, int providersUpdated, int modelsInserted, int modelsUpdated,
                          int endpointsInserted, int endpointsUpdated, int endpointsRemoved) {

        public boolean none() {
            return providersInserted + providersUpdated + modelsInserted + modelsUpdated + endpointsInserted
                    + endpointsUpdated + endpointsRemoved == 0;
        }
    }
}
