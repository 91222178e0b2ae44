package dev.switchboard.web.models;

import dev.switchboard.web.format.Formats;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** A model of the catalog with the endpoints that serve it here and its health over them all. */
public record CatalogModel(String id, String name, String description, Integer contextLength, String kind,
                           List<String> inputModalities, List<String> outputModalities, String tokenizer,
                           List<Endpoint> endpoints, Health health) {

    CatalogModel with(List<Endpoint> e, Health h) {
        return new CatalogModel(id, name, description, contextLength, kind, inputModalities, outputModalities, tokenizer, e, h);
    }

    /** The model's context length, else the largest of its endpoints'. */
    public String context() {
        if (contextLength != null) {
            return Formats.count(contextLength);
        }
        return endpoints.stream().mapToInt(Endpoint::contextLength).max().stream().mapToObj(Formats::count).findFirst().orElse("—");
    }

    /** The prompt price per million tokens, or its range over the endpoints ("$0.15–$0.30"). */
    public String promptPrice() {
        return range(Endpoint::promptPico);
    }

    public String completionPrice() {
        return range(Endpoint::completionPico);
    }

    public String providers() {
        return String.join(", ", endpoints.stream().map(Endpoint::providerName).toList());
    }

    public String modalities() {
        return String.join(", ", inputModalities) + " → " + String.join(", ", outputModalities);
    }

    /** The model's page: its id is "author/slug", both parts already URL-safe by the catalog's id rule. */
    public String href() {
        return "/models/" + id;
    }

    public String activityHref() {
        return "/activity?model=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    public String compareHref() {
        return "/compare?target=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    boolean matches(String text, String provider) {
        if (provider != null && endpoints.stream().noneMatch(e -> e.providerId().equals(provider))) {
            return false;
        }
        if (text == null) {
            return true;
        }
        String needle = text.toLowerCase(Locale.ROOT);
        return id.toLowerCase(Locale.ROOT).contains(needle) || name.toLowerCase(Locale.ROOT).contains(needle);
    }

    private String range(ToLongFunction<Endpoint> price) {
        long min = endpoints.stream().mapToLong(price).min().orElse(0);
        long max = endpoints.stream().mapToLong(price).max().orElse(0);
        return min == max ? Formats.usdPerMillionTokens(min) : Formats.usdPerMillionTokens(min) + "–" + Formats.usdPerMillionTokens(max);
    }
}
