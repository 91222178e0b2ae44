package dev.switchboard.web.credits;

import dev.switchboard.web.clients.BillingClient.AutoTopUp;
import dev.switchboard.web.clients.BillingClient.Payment;
import dev.switchboard.web.errors.WebException;
import dev.switchboard.web.format.Formats;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a person coming back from Stripe's hosted page reads. Stripe redirects as soon as the card is accepted, but
 * the credit is written by billing's webhook, which may arrive a moment later: while the payment is still pending the
 * page reloads itself every {@value #REFRESH_SECONDS} s (a meta refresh, no script) up to {@value #MAX_POLLS} times,
 * about half a minute, and then says to come back later rather than spin forever.
 */
final class CheckoutReturn {

    static final int REFRESH_SECONDS = 2;
    static final int MAX_POLLS = 15;
    static final String CHECKOUT = "checkout-result";
    static final String CARD = "card-result";

    private CheckoutReturn() {
    }

    /** The {@code poll} parameter: how many times the page reloaded itself so far. */
    static int poll(String raw) {
        if (raw == null) {
            return 0;
        }
        try {
            int poll = Integer.parseInt(raw);
            if (poll >= 0 && poll <= MAX_POLLS) {
                return poll;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw WebException.badRequest("poll: must be a whole number from 0 to " + MAX_POLLS);
    }

    /**
     * {@code ?checkout=success&session_id=…} or {@code ?checkout=cancelled} (billing's success and cancel URLs);
     * null without the parameter. The session must be one of this organization's purchases (else the 404 of every
     * other organization's id); {@code payments} is read only for a success.
     */
    static Banner checkout(String checkout, String sessionId, int poll, Supplier<List<Payment>> payments) {
        if (checkout == null) {
            return null;
        }
        switch (checkout) {
            case "cancelled":
                return Banner.of(CHECKOUT, "info", "Checkout cancelled: nothing was charged.");
            case "success":
                break;
            default:
                throw WebException.badRequest("checkout: must be success or cancelled");
        }
        if (sessionId == null || sessionId.isBlank()) {
            throw WebException.badRequest("session_id: is required");
        }
        Payment payment = payments.get().stream().filter(p -> sessionId.equals(p.sessionId())).findFirst()
                .orElseThrow(() -> WebException.notFound("Payment"));
        if (payment.wasPaid()) {
            return Banner.of(CHECKOUT, "ok", "Payment received: " + Formats.usd(payment.credit()) + " added to your balance.");
        }
        return switch (payment.status()) {
            case "pending" -> poll < MAX_POLLS
                    ? new Banner(CHECKOUT, "warn", "Payment processing… this page refreshes until it arrives.",
                    "/credits?checkout=success&session_id=" + encode(sessionId) + "&poll=" + (poll + 1))
                    : Banner.of(CHECKOUT, "warn", "Payment still processing: the credit appears here as soon as Stripe confirms "
                    + "the payment. Reload this page in a minute.");
            case "failed" -> Banner.of(CHECKOUT, "error", sentence("Payment failed"
                    + (payment.failureReason() == null ? "" : ": " + payment.failureReason().strip()))
                    + " Nothing was added to your balance.");
            case "expired" -> Banner.of(CHECKOUT, "error", "The checkout expired before it was paid. Nothing was charged.");
            default -> Banner.of(CHECKOUT, "info", "Payment " + payment.statusLabel() + ".");
        };
    }

    /**
     * {@code ?auto_topup=card_saved} or {@code ?auto_topup=cancelled} (billing's card setup URLs); null without the
     * parameter. The card is saved by billing's webhook, so a missing card is waited for like a pending payment.
     */
    static Banner card(String autoTopUp, int poll, Supplier<AutoTopUp> settings) {
        if (autoTopUp == null) {
            return null;
        }
        switch (autoTopUp) {
            case "cancelled":
                return Banner.of(CARD, "info", "No card saved.");
            case "card_saved":
                break;
            default:
                throw WebException.badRequest("auto_topup: must be card_saved or cancelled");
        }
        AutoTopUp current = settings.get();
        if (current.card() != null) {
            return Banner.of(CARD, "ok", "Card saved for auto top-up: " + current.card().description() + ".");
        }
        return poll < MAX_POLLS
                ? new Banner(CARD, "warn", "Saving your card… this page refreshes until Stripe confirms it.",
                "/credits?auto_topup=card_saved&poll=" + (poll + 1))
                : Banner.of(CARD, "warn", "Stripe has not confirmed the card yet. Reload this page in a minute.");
    }

    /** Stripe's reasons end with a full stop, or not. */
    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
