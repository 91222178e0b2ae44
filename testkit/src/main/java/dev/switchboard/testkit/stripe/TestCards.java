package dev.switchboard.testkit.stripe;

/**
 * The cards the hosted Checkout page offers, with Stripe's test-mode meaning. Spaces in a number are ignored.
 */
public final class TestCards {

    /** Visa; every payment succeeds. */
    public static final String VISA = "4242424242424242";
    /** Always declined: {@code card_declined} / {@code generic_decline}. In setup mode the card is not saved. */
    public static final String DECLINED = "4000000000000002";
    /** Always declined: {@code card_declined} / {@code insufficient_funds}. */
    public static final String INSUFFICIENT_FUNDS = "4000000000009995";
    /**
     * Saving it (setup mode) succeeds, every later charge is declined ({@code generic_decline}), as Stripe's test
     * card of that number. In payment mode it is declined at once.
     */
    public static final String ATTACH_THEN_DECLINE = "4000000000000341";
    /**
     * Not a card: a delayed bank payment (a {@code us_bank_account} PaymentMethod). The session completes
     * {@code unpaid}; {@link FakeStripeServer#settleAsync(String, boolean)} settles it later.
     */
    public static final String ASYNC = "async";

    private TestCards() {
    }
}
