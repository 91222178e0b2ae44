package dev.switchboard.billing.checkout;

import dev.switchboard.billing.payments.PurchasePricing;
import dev.switchboard.billing.payments.Usd;
import java.math.BigDecimal;

/** What a purchase costs, shown before paying: {@code total} = {@code credit} + {@code fee}, USD. */
public record QuoteView(BigDecimal credit, BigDecimal fee, BigDecimal total, String currency) {

    static QuoteView of(PurchasePricing.Price price) {
        return new QuoteView(Usd.of(price.creditNanos()), Usd.of(price.feeNanos()), Usd.of(price.totalNanos()), "usd");
    }
}
