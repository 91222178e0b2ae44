package dev.switchboard.web.compare;

import dev.switchboard.web.clients.BillingClient;
import dev.switchboard.web.clients.BillingClient.CompareReport;
import dev.switchboard.web.clients.ServiceException;
import dev.switchboard.web.session.CurrentUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code /compare}: the current organization's real usage per model, re-priced on other catalog models at today's
 * prices: billing's comparison report (docs/api-reports.md) shown as a table, with the CSV and JSON of the very same
 * report a click away ({@link CompareDownloadResource}). The organization is the current one; billing checks the
 * membership, so nothing here takes an organization id from the request.
 */
@Path("/compare")
public class ComparePage {

    @Inject
    CurrentUser user;
    @Inject
    BillingClient billing;
    @Inject
    ModelOptions models;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance compare(CompareFilter filter, List<ModelOptions.Group> options, CompareReport report,
                                               String error);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response get(@QueryParam("range") String range, @QueryParam("from") String from, @QueryParam("to") String to,
                        @QueryParam("target") List<String> targets) {
        CompareFilter filter = CompareFilter.parse(range, from, to, targets, LocalDate.now(ZoneOffset.UTC));
        List<ModelOptions.Group> options = models.groups();
        if (filter.error() != null) {
            return page(400, filter, options, null, filter.error());
        }
        try {
            CompareReport report = billing.compare(user.organizationId(), filter.from(), filter.to(), filter.targets());
            return page(200, filter, options, report, null);
        } catch (ServiceException e) {
            if (e.status() != 400) {
                throw e; // 404 and 5xx are the error page's
            }
            // billing names what is wrong (a target it does not serve, dates out of order): shown above the form
            return page(400, filter, options, null, e.getMessage());
        }
    }

    private static Response page(int status, CompareFilter filter, List<ModelOptions.Group> options, CompareReport report, String error) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.compare(filter, options, report, error)).build();
    }
}
