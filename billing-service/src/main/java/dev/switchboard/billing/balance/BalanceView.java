package dev.switchboard.billing.balance;

import dev.switchboard.schema.billing.OrganizationBalance;
import dev.switchboard.schema.shared.NanoUsd;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * An organization's credit in USD (plain decimals, exact). {@code balance} = Σ ledger; {@code available} is what
 * requests can still spend: the balance less what gateway replicas hold reserved for requests in flight.
 */
public record BalanceView(UUID organizationId, BigDecimal balance, BigDecimal available, BigDecimal reserved,
                          BigDecimal totalCredits, BigDecimal totalUsage) {

    static BalanceView of(UUID organizationId, OrganizationBalance b) {
        if (b == null) {
            return new BalanceView(organizationId, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        }
        return new BalanceView(organizationId, usd(b.balanceNanos), usd(b.balanceNanos - b.leasedNanos), usd(b.leasedNanos),
                usd(b.totalCreditsNanos), usd(b.totalUsageNanos));
    }

    private static BigDecimal usd(long nanos) {
        BigDecimal usd = NanoUsd.of(nanos).toUsd();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }
}
