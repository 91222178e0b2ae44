package dev.switchboard.billing.payments;

import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.config.BillingConfig;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * What a purchase of credit costs. The credit is what the buyer asks for (USD, whole cents, between the configured
 * minimum and maximum); the fee is charged on top: {@code max(minimum fee, credit × percent / 100)}, the percentage
 * rounded half-up to the cent (so $15.00 at 5.5 % is $0.825 → $0.83). Exact: all arithmetic on integer cents and
 * {@link BigDecimal}, never floating point. The same rule prices Checkout purchases and auto top-ups.
 */
@Singleton
public class PurchasePricing {

    /** A priced purchase in nano-USD (always whole cents). */
    public record Price(long creditNanos, long feeNanos) {
        public long totalNanos() {
            return Math.addExact(creditNanos, feeNanos);
        }
    }

    private final BigDecimal minimumUsd;
    private final BigDecimal maximumUsd;
    private final BigDecimal feePercent;
    private final long minimumFeeCents;

    @Inject
    public PurchasePricing(BillingConfig config) {
        this(config.purchases().minimumUsd(), config.purchases().maximumUsd(),
                config.purchases().feePercent(), config.purchases().minimumFeeUsd());
    }

    public PurchasePricing(BigDecimal minimumUsd, BigDecimal maximumUsd, BigDecimal feePercent, BigDecimal minimumFeeUsd) {
        this.minimumUsd = minimumUsd;
        this.maximumUsd = maximumUsd;
        this.feePercent = feePercent;
        this.minimumFeeCents = minimumFeeUsd.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }

    /** Prices {@code amount} USD of credit, or a 400 naming {@code field} (with the bounds in the metadata). */
    public Price price(String field, BigDecimal amount) {
        long creditNanos = checkedCreditNanos(field, amount);
        return new Price(creditNanos, Usd.nanosOfCents(feeCents(Usd.cents(creditNanos))));
    }

    /** {@code amount} USD as a purchase's credit in nano-USD: whole cents within the bounds, or a 400 naming {@code field}. */
    public long checkedCreditNanos(String field, BigDecimal amount) {
        long nanos = Usd.wholeCents(field, amount);
        if (amount.compareTo(minimumUsd) < 0 || amount.compareTo(maximumUsd) > 0) {
            throw new BillingException(400, field + ": must be between " + minimumUsd.toPlainString() + " and "
                    + maximumUsd.toPlainString() + " USD",
                    Map.of("field", field, "minimum", minimumUsd, "maximum", maximumUsd));
        }
        return nanos;
    }

    /** The fee for {@code creditCents}: the percentage rounded half-up to the cent, at least the minimum fee. */
    public long feeCents(long creditCents) {
        long percentage = BigDecimal.valueOf(creditCents).multiply(feePercent).movePointLeft(2)
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Math.max(minimumFeeCents, percentage);
    }

    public BigDecimal minimumUsd() {
        return minimumUsd;
    }

    public BigDecimal maximumUsd() {
        return maximumUsd;
    }
}
