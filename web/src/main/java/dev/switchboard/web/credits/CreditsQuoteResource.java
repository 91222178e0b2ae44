package dev.switchboard.web.credits;

import dev.switchboard.web.clients.BillingClient;
import dev.switchboard.web.clients.BillingClient.Quote;
import dev.switchboard.web.errors.WebException;
import dev.switchboard.web.format.Formats;
import dev.switchboard.web.session.CurrentUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.Map;

/**
 * {@code GET /credits/quote?amount=}: billing's quote for the buy form's script, which updates the fee and total as
 * the amount is typed (the "Preview" button does the same without a script). The amounts come with their display
 * text, so the page's money format lives only in {@link Formats}. A refusal is billing's message with its status.
 */
@Path("/credits/quote")
@Produces(MediaType.APPLICATION_JSON)
public class CreditsQuoteResource {

    @Inject
    CurrentUser user;

    @Inject
    BillingClient billing;

    public record QuoteJson(BigDecimal credit, BigDecimal fee, BigDecimal total, String currency, String creditText,
                            String feeText, String totalText) {
    }

    @GET
    public Response quote(@QueryParam("amount") String amount) {
        try {
            Quote quote = billing.quote(user.organizationId(), amount == null ? null : amount.strip());
            return Response.ok(new QuoteJson(quote.credit(), quote.fee(), quote.total(), quote.currency(),
                    Formats.usd(quote.credit()), Formats.usd(quote.fee()), Formats.usd(quote.total()))).build();
        } catch (WebException e) {
            // JSON for the script, not the HTML error page
            return Response.status(e.status()).entity(Map.of("message", e.getMessage())).build();
        }
    }
}
