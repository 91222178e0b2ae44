package dev.switchboard.web.errors;

/**
 * The one root of the dashboard's errors: each carries the HTTP status of the page it becomes and a message a person
 * can read. {@link ErrorPageMapper} renders every one of them.
 */
public class WebException extends RuntimeException {

    private final int status;

    public WebException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The 404 of every page: another organization's id, a made-up id and a deleted thing look the same. */
    public static WebException notFound(String what) {
        return new WebException(404, what + " not found");
    }

    public static WebException badRequest(String message) {
        return new WebException(400, message);
    }

    public static WebException forbidden(String message) {
        return new WebException(403, message);
    }
}
