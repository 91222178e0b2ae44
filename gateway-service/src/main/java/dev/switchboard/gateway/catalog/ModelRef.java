package dev.switchboard.gateway.catalog;

import java.util.Optional;

/**
 * A model reference as clients send it: {@code author/slug} with an optional OpenRouter-style variant suffix
 * ({@code :nitro}, {@code :floor}, {@code :free}, {@code :online}, …). The catalog matches {@link #id()} exactly;
 * the variant is returned separately for routing to interpret.
 *
 * @param variant the suffix after the last ':', without it; {@code null} when there is none
 */
public record ModelRef(String author, String slug, String variant) {

    /**
     * Splits and validates {@code author/slug[:variant]}.
     *
     * @throws IllegalArgumentException naming what is wrong, e.g. {@code model id "gpt-4o" must look like author/slug}
     */
    public static ModelRef parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("model id is empty");
        }
        int slash = value.indexOf('/');
        if (slash < 0 || slash != value.lastIndexOf('/')) {
            throw new IllegalArgumentException("model id \"" + value + "\" must look like author/slug");
        }
        String author = value.substring(0, slash);
        String rest = value.substring(slash + 1);
        String variant = null;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            variant = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!shaped(variant, false, "_-")) {
                throw new IllegalArgumentException("model id \"" + value + "\" has an invalid variant \":" + variant + "\"");
            }
        }
        if (!isAuthor(author)) {
            throw new IllegalArgumentException("model id \"" + value
                    + "\": the author must be lower-case letters, digits, '.', '_' or '-'");
        }
        if (!shaped(rest, true, "._-")) {
            throw new IllegalArgumentException("model id \"" + value
                    + "\": the slug must start with a lower-case letter or digit and contain only letters, digits, '.', '_' or '-'");
        }
        return new ModelRef(author, rest, variant);
    }

    /** An author's (and a provider id's) shape, as the {@code providers_id_shape} CHECK constraint: {@code [a-z0-9][a-z0-9._-]*}. */
    static boolean isAuthor(String s) {
        return shaped(s, false, "._-");
    }

    /**
     * The shapes of the {@code models_id_shape} and {@code providers_id_shape} CHECK constraints, checked by a loop
     * rather than a regex (every request's model is parsed, and a match was a visible part of its cost):
     * {@code [a-z0-9][a-z0-9<punctuation>]*}, with upper-case letters too after the first when {@code upperAfterFirst}
     * (the slug's shape).
     */
    private static boolean shaped(String s, boolean upperAfterFirst, String punctuation) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || (i > 0 && ((upperAfterFirst && c >= 'A' && c <= 'Z') || punctuation.indexOf(c) >= 0));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code author/slug}, without the variant: the id the catalog knows. */
    public String id() {
        return author + "/" + slug;
    }

    public Optional<String> variantName() {
        return Optional.ofNullable(variant);
    }

    @Override
    public String toString() {
        return variant == null ? id() : id() + ":" + variant;
    }
}
