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

/** "/": the landing page for strangers, the organization's overview for a signed-in person. */
@Path("/")
public class HomePage {

    @Inject
    CurrentUser user;

    @Inject
    BillingClient billing;

    @Inject
    WebConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(String gatewayUrl);

        static native TemplateInstance overview(Balance balance, boolean lowBalance, String gatewayUrl);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance get() {
        if (!user.signedIn()) {
            return Templates.home(config.gatewayUrl());
        }
        Balance balance = billing.balance(user.organizationId());
        boolean low = balance.balance().compareTo(config.lowBalanceUsd()) < 0;
        return Templates.overview(balance, low, config.gatewayUrl());
    }
}
