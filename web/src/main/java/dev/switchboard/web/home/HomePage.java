package dev.switchboard.web.home;

import dev.switchboard.web.clients.BillingClient;
import dev.switchboard.web.clients.BillingClient.Balance;
import dev.switchboard.web.config.WebConfig;
import dev.switchboard.web.session.CurrentUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/** "/": the landing page for strangers, the organization's overview for a signed-in person. Days are UTC days. */
@Path("/")
public class HomePage {

    @Inject
    CurrentUser user;

    @Inject
    BillingClient billing;

    @Inject
    WebConfig config;

    Clock clock = Clock.systemUTC();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(String gatewayUrl);

        static native TemplateInstance overview(Balance balance, boolean lowBalance, Overview overview, String gatewayUrl);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance get() {
        if (!user.signedIn()) {
            return Templates.home(config.gatewayUrl());
        }
        UUID org = user.organizationId();
        Balance balance = billing.balance(org);
        boolean low = balance.balance().compareTo(config.lowBalanceUsd()) < 0;
        LocalDate today = LocalDate.now(clock);
        Overview overview = Overview.of(today, billing.spendReport(org, Overview.dailyQuery(today)),
                billing.spendReport(org, Overview.keysQuery(today)));
        return Templates.overview(balance, low, overview, config.gatewayUrl());
    }
}
