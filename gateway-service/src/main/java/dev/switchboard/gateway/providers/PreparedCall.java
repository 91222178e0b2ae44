package dev.switchboard.gateway.providers;

import java.util.List;
import java.util.Map;

/**
 * An outbound HTTP call, fully prepared by an adapter (pure: no I/O happened).
 *
 * @param path               appended to the target's base URL, starting with "/" (query string included)
 * @param headers            request headers, auth included
 * @param stream             whether the response is an event stream
 * @param droppedParameters  request parameters the endpoint does not support and that were left out
 */
public record PreparedCall(String method, String path, Map<String, String> headers, byte[] body, boolean stream,
                           List<String> droppedParameters) {

    public PreparedCall {
        headers = Map.copyOf(headers);
        droppedParameters = List.copyOf(droppedParameters);
    }
}
