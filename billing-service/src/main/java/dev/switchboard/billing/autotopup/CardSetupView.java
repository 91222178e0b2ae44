package dev.switchboard.billing.autotopup;

/** A card setup started: send the buyer to {@code checkoutUrl} (Stripe's hosted page, setup mode: nothing is charged). */
public record CardSetupView(String checkoutUrl, String sessionId) {
}
