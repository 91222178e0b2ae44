package dev.switchboard.web.credits;

/**
 * A message at the top of the credits page: {@code kind} is its style ({@code ok}, {@code warn}, {@code error} or
 * {@code info}), {@code testId} its {@code data-testid}; {@code refreshUrl}, when set, is where the page reloads itself to in
 * {@value CheckoutReturn#REFRESH_SECONDS} s (a payment or a saved card the webhook has not confirmed yet).
 */
public record Banner(String testId, String kind, String text, String refreshUrl) {

    static Banner of(String testId, String kind, String text) {
        return new Banner(testId, kind, text, null);
    }

    /** An error is announced at once ({@code role=alert}); the rest politely ({@code role=status}). */
    public String role() {
        return "error".equals(kind) ? "alert" : "status";
    }
}
