package dev.switchboard.accounts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The error envelope: {@code {"error":{"code":<status>,"message":"…","metadata":{…}}}}, OpenRouter's shape and the
 * gateway's ({@code metadata} left out when empty).
 */
public record ErrorBody(Detail error) {

    /** The {@code error} object. */
    public record Detail(int code, String message, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> metadata) {
    }

    public static ErrorBody of(AccountsException exception) {
        return new ErrorBody(new Detail(exception.status(), exception.getMessage(), exception.metadata()));
    }
}
