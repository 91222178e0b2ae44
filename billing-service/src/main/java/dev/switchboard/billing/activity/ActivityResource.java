package dev.switchboard.billing.activity;

import dev.switchboard.billing.reports.QueryParams;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * OpenRouter's {@code GET /api/v1/activity} (the official SDK's {@code analytics.getUserActivity}), which the gateway
 * forwards here from its public address. The credential is a management key in {@code Authorization: Bearer
 * sk-sb-v1-…}, not a user's token.
 */
@Path("/api/v1/activity")
public class ActivityResource {

    @Inject
    ActivityService service;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ActivityRow.Rows activity(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri) {
        return service.activity(authorization, () -> QueryParams.of(uri, ActivityQuery.PARAMETERS));
    }
}
