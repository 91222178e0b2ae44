package dev.switchboard.web.home;

import dev.switchboard.web.clients.BillingClient;
import dev.switchboard.web.clients.BillingClient.Balance;
import dev.switchboard.web.clients.BillingClient.SpendReport;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
        LocalDate today = LocalDate.now(clock);
        CompletableFuture<Balance> pending = billing.balanceAsync(org);
        List<SpendReport> reports = billing.spendReports(org, List.of(Overview.dailyQuery(today), Overview.keysQuery(today)));
        Balance balance = BillingClient.join(pending);
        boolean low = balance.balance().compareTo(config.lowBalanceUsd()) < 0;
        Overview overview = Overview.of(today, reports.get(0), reports.get(1));
        return Templates.overview(balance, low, overview, config.gatewayUrl());
    }
}
