package dev.switchboard.web.compare;

import dev.switchboard.web.clients.BillingClient;
import dev.switchboard.web.errors.WebException;
import dev.switchboard.web.session.CurrentUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The comparison as billing writes it, CSV or JSON, for the current organization and the filter of {@code /compare}:
 * proxied with the person's own token, byte for byte, so the download is exactly the report the table shows.
 */
@Path("/")
public class CompareDownloadResource {

    @Inject
    CurrentUser user;
    @Inject
    BillingClient billing;

    @GET
    @Path("compare.csv")
    public Response csv(@QueryParam("range") String range, @QueryParam("from") String from, @QueryParam("to") String to,
                        @QueryParam("target") List<String> targets) {
        CompareFilter filter = filter(range, from, to, targets);
        String csv = billing.compareText(user.organizationId(), filter.from(), filter.to(), filter.targets(), "csv");
        return Response.ok(csv, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"compare-" + filter.from() + "-" + filter.to() + ".csv\"")
                .build();
    }

    @GET
    @Path("compare.json")
    public Response json(@QueryParam("range") String range, @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("target") List<String> targets) {
        CompareFilter filter = filter(range, from, to, targets);
        String json = billing.compareText(user.organizationId(), filter.from(), filter.to(), filter.targets(), "json");
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).build();
    }

    private static CompareFilter filter(String range, String from, String to, List<String> targets) {
        CompareFilter filter = CompareFilter.parse(range, from, to, targets, LocalDate.now(ZoneOffset.UTC));
        if (filter.error() != null) {
            throw WebException.badRequest(filter.error());
        }
        return filter;
    }
}
