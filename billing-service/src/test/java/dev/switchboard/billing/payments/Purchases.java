package dev.switchboard.billing.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.billing.BillingFixture;
import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.testkit.seed.Tenants;
import dev.switchboard.testkit.stripe.CheckoutPayment;
import dev.switchboard.testkit.stripe.FakeStripeServer;
import dev.switchboard.testkit.stripe.StripeEvent;
import dev.switchboard.testkit.stripe.TestCards;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What the payment tests share: buying credit through the API and the fake's hosted page, waiting for Stripe's
 * webhooks to be answered, and reading the rows they wrote.
 */
public final class Purchases {

    public static final Duration DELIVERY = Duration.ofSeconds(20);

    private final BillingFixture fixture;
    private final FakeStripeServer stripe;

    public Purchases(BillingFixture fixture, FakeStripeServer stripe) {
        this.fixture = fixture;
        this.stripe = stripe;
    }

    /** A started Checkout purchase, as {@code POST /organizations/{org}/checkout} answered it. */
    public record Started(UUID paymentId, String sessionId, String checkoutUrl) {
    }

    public Started checkout(Member buyer, String amount) {
        JsonPath json = fixture.as(buyer).body("{\"amount\": " + amount + "}")
                .post("/organizations/{org}/checkout", buyer.organizationId())
                .then().statusCode(201).extract().jsonPath();
        return new Started(UUID.fromString(json.getString("payment_id")), json.getString("session_id"), json.getString("checkout_url"));
    }

    /** Checkout, the Pay button with {@code card}, and every webhook it caused answered 2xx. */
    public Started buy(Member buyer, String amount) {
        Started started = checkout(buyer, amount);
        pay(started.sessionId(), TestCards.VISA);
        return started;
    }

    /** Presses Pay on the hosted page and waits until every event that caused was delivered and answered 2xx. */
    public CheckoutPayment pay(String sessionId, String card) {
        int mark = stripe.events().size();
        CheckoutPayment payment = stripe.pay(sessionId, card);
        awaitDeliveredSince(mark);
        return payment;
    }

    /** The number of events so far, to await those that come after it. */
    public int mark() {
        return stripe.events().size();
    }

    /** Waits until every event created after {@code mark} was answered 2xx by billing-service. */
    public void awaitDeliveredSince(int mark) {
        List<StripeEvent> events = stripe.events();
        for (StripeEvent event : events.subList(mark, events.size())) {
            stripe.awaitDelivered(event.id(), DELIVERY);
        }
    }

    /** The one event of {@code type} whose object matches. */
    public StripeEvent event(String type, Predicate<StripeEvent> about) {
        List<StripeEvent> found = stripe.events(type).stream().filter(about).toList();
        assertThat(found).as("events %s", type).hasSize(1);
        return found.get(0);
    }

    /** An event about the Checkout Session {@code sessionId}. */
    public StripeEvent sessionEvent(String type, String sessionId) {
        return event(type, e -> sessionId.equals(e.dataObject().path("id").asText()));
    }

    // ---- rows ----

    public Tenants db() {
        return fixture.tenants();
    }

    public long ledgerCount(UUID org, String kind) {
        return db().scalar("SELECT count(*) FROM ledger_entries WHERE organization_id = ? AND kind = ?", org, kind);
    }

    public long ledgerSum(UUID org, String kind) {
        return db().scalar("SELECT coalesce(sum(amount_nanos), 0) FROM ledger_entries WHERE organization_id = ? AND kind = ?", org, kind);
    }

    public long ledgerCount(UUID org) {
        return db().scalar("SELECT count(*) FROM ledger_entries WHERE organization_id = ?", org);
    }

    public long entryAmount(String reference) {
        return db().scalar("SELECT amount_nanos FROM ledger_entries WHERE external_reference = ?", reference);
    }

    public long entryCount(String reference) {
        return db().scalar("SELECT count(*) FROM ledger_entries WHERE external_reference = ?", reference);
    }

    public String paymentStatus(UUID payment) {
        return db().text("SELECT status FROM payments WHERE id = ?", payment);
    }

    public String paymentColumn(UUID payment, String column) {
        return db().text("SELECT " + column + "::text FROM payments WHERE id = ?", payment);
    }

    public long payments(UUID org) {
        return db().scalar("SELECT count(*) FROM payments WHERE organization_id = ?", org);
    }

    public long stripeEvents() {
        return db().scalar("SELECT count(*) FROM stripe_events");
    }

    public long stripeEvent(String id) {
        return db().scalar("SELECT count(*) FROM stripe_events WHERE id = ?", id);
    }

    public static long usd(String amount) {
        return new java.math.BigDecimal(amount).movePointRight(9).longValueExact();
    }
}
