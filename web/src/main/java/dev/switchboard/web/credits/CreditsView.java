package dev.switchboard.web.credits;

import dev.switchboard.web.clients.BillingClient.AutoTopUp;
import dev.switchboard.web.clients.BillingClient.Balance;
import dev.switchboard.web.clients.BillingClient.Payment;
import dev.switchboard.web.clients.BillingClient.Quote;
import dev.switchboard.web.clients.BillingClient.TransactionPage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Everything the credits page shows. {@code autoTopUp} is null for a member (billing shows auto top-up to owners and
 * admins only); {@code before} is the cursor of the statement page shown (null: the newest).
 */
public record CreditsView(Balance balance, boolean manager, BuyForm buy, List<Banner> banners, List<Payment> payments,
                          TransactionPage transactions, String before, AutoTopUp autoTopUp, AutoTopUpForm autoTopUpForm) {

    /** The buy form as typed: {@code quote} once billing priced {@code amount}, {@code error} when it refused it. */
    public record BuyForm(String amount, Quote quote, String error) {
    }

    /** The auto top-up form as typed, and billing's reason when it refused it. */
    public record AutoTopUpForm(boolean enabled, String threshold, String amount, String error) {

        static AutoTopUpForm of(AutoTopUp settings) {
            return new AutoTopUpForm(settings.enabled(),
                    settings.threshold() == null ? "" : settings.threshold().toPlainString(),
                    settings.amount() == null ? "" : settings.amount().toPlainString(), null);
        }
    }

    /** Where the page reloads itself to while it waits for a webhook, or null. */
    public String refreshUrl() {
        return banners.stream().map(Banner::refreshUrl).filter(Objects::nonNull).findFirst().orElse(null);
    }

    public int refreshSeconds() {
        return CheckoutReturn.REFRESH_SECONDS;
    }

    /** The next (older) statement page, or null on the last one. */
    public String olderUrl() {
        return transactions.hasMore() && transactions.nextCursor() != null
                ? "/credits?before=" + encode(transactions.nextCursor()) + "#transactions" : null;
    }

    /** The statement page shown, as billing's CSV. */
    public String csvUrl() {
        return "/credits/transactions.csv" + (before == null ? "" : "?before=" + encode(before));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
