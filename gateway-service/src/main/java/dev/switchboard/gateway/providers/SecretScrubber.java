package dev.switchboard.gateway.providers;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes anything that looks like a credential from a provider's error message before it travels on (to the
 * client, the logs, the generation record). Providers sometimes echo the key they were sent ("Incorrect API key
 * provided: sk-proj-…"), and a proxy in between may echo headers. Shared by every format's error mapper.
 */
public final class SecretScrubber {

    /** What a scrubbed secret is replaced with. */
    public static final String REDACTED = "[redacted]";

    private static final List<Pattern> SECRETS = List.of(
            // Vendor key prefixes: OpenAI/Anthropic/OpenRouter/DeepSeek (sk-…), Groq, xAI, Google, Fireworks, NVIDIA, Stripe-like.
            Pattern.compile("\\b(?:sk|pk|rk)[-_][A-Za-z0-9_*\\-]{8,}"),
            Pattern.compile("\\b(?:gsk|fw|hf)_[A-Za-z0-9]{10,}"),
            Pattern.compile("\\b(?:xai|nvapi)-[A-Za-z0-9_\\-]{10,}"),
            Pattern.compile("\\bAIza[0-9A-Za-z_\\-]{20,}"),
            // Long opaque tokens (Mistral, Together, …): 32+ letters and digits with at least one of each.
            Pattern.compile("\\b(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32,}\\b"));

    /** "Bearer <token>" and "api_key=<value>" / "key: <value>": the name is kept, the value removed. */
    private static final Pattern NAMED_SECRET = Pattern.compile(
            "(?i)\\b(bearer\\s+|(?:x-)?api[_-]?key[\"']?\\s*[=:]\\s*[\"']?|\\bkey[\"']?\\s*[=:]\\s*[\"']?)"
                    + "[A-Za-z0-9_.~+/=*\\-]{8,}");

    private SecretScrubber() {
    }

    /** {@code text} with every credential-looking token replaced by {@link #REDACTED}; null stays null. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = NAMED_SECRET.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED));
        for (Pattern secret : SECRETS) {
            result = secret.matcher(result).replaceAll(REDACTED);
        }
        return result;
    }
}
