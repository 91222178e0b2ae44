package dev.switchboard.gateway.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code GET /api/v1/providers}: {@code {data:[{name, slug, privacy_policy_url}]}}. */
public record ProvidersView(List<Entry> data) {

    @JsonInclude(Include.ALWAYS)
    public record Entry(String name, String slug, @JsonProperty("privacy_policy_url") String privacyPolicyUrl) {
    }

    /** @param providers usually {@code catalog.enabledProviders()} */
    public static ProvidersView from(List<CatalogProvider> providers) {
        return new ProvidersView(providers.stream().map(p -> new Entry(p.name(), p.id(), p.privacyPolicyUrl())).toList());
    }
}
