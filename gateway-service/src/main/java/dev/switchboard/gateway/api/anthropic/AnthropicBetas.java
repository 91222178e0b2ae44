package dev.switchboard.gateway.api.anthropic;

import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code anthropic-beta} header of {@code /messages} (one or more headers, each a comma-separated list of beta
 * names, as Anthropic's SDKs and Claude Code send it). Acted on, not ignored: the names become the request's
 * {@link ChatRequest#ANTHROPIC_BETA} parameter, which an Anthropic upstream receives as its own
 * {@code anthropic-beta} header and which other providers, having no such thing, drop and list in the
 * generation's dropped parameters like any parameter they do not support. A malformed name is the client's 400.
 */
public final class AnthropicBetas {

    public static final String HEADER = "anthropic-beta";
    public static final String PARAMETER = ChatRequest.ANTHROPIC_BETA;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int MAX_NAMES = 32;

    private AnthropicBetas() {
    }

    /** The beta names of the headers, in order, without repeats; empty when none. */
    public static List<String> read(List<String> headers) {
        List<String> names = new ArrayList<>();
        for (String header : headers) {
            for (String name : header.split(",")) {
                String trimmed = name.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!NAME.matcher(trimmed).matches()) {
                    throw ApiException.badRequest(HEADER + " header",
                            "'" + (trimmed.length() > 40 ? trimmed.substring(0, 40) + "…" : trimmed)
                                    + "' is not a beta name (letters, digits, '.', '_' and '-')");
                }
                if (!names.contains(trimmed)) {
                    names.add(trimmed);
                }
            }
        }
        if (names.size() > MAX_NAMES) {
            throw ApiException.badRequest(HEADER + " header", "names more than " + MAX_NAMES + " betas");
        }
        return names;
    }
}
