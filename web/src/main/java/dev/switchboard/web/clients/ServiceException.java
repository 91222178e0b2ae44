package dev.switchboard.web.clients;

import dev.switchboard.web.errors.WebException;
import java.util.Map;

/**
 * An error answer of accounts or billing, with the status and the message of its error envelope, so that the page can
 * show the owner's reason (a 409 "the organization still has credit", a 400 naming the field) instead of its own guess.
 */
public class ServiceException extends WebException {

    private final Map<String, Object> metadata;

    public ServiceException(int status, String message, Map<String, Object> metadata) {
        super(status, message);
        this.metadata = metadata == null ? Map.of() : metadata;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The field a 400 names ({@code metadata.field}), or null. */
    public String field() {
        Object field = metadata.get("field");
        return field == null ? null : field.toString();
    }
}
