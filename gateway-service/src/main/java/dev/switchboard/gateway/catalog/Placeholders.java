package dev.switchboard.gateway.catalog;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves {@code ${name}} and {@code ${name:default}} in a catalog value, e.g. a provider's base URL. */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)(?::([^}]*))?}");

    private Placeholders() {
    }

    /**
     * @throws IllegalArgumentException when a placeholder without a default names nothing set, or is malformed
     */
    static String resolve(String template, Function<String, Optional<String>> config) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty placeholder name in \"" + template + "\"");
            }
            String value = config.apply(name).filter(v -> !v.isBlank())
                    .or(() -> Optional.ofNullable(m.group(2)))
                    .orElseThrow(() -> new IllegalArgumentException("${" + name + "} is not set and has no default"));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String resolved = out.toString();
        if (resolved.contains("${")) {
            throw new IllegalArgumentException("unterminated placeholder in \"" + template + "\"");
        }
        return resolved;
    }
}
