package dev.switchboard.web.activity;

import dev.switchboard.web.clients.BillingClient;
import dev.switchboard.web.clients.BillingClient.SpendReport;
import dev.switchboard.web.clients.BillingClient.SpendRow;
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
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * {@code /activity}: what the organization spent, used and on what, like OpenRouter's Activity page, and
 * {@code /activity.csv}: the same table as CSV. Everything comes from billing's spend report (billing owns the
 * reports and checks the membership again), always for the current organization, so no filter can reach another
 * one's data: a key or member of another organization is billing's 404, shown as this site's 404.
 */
@Path("/")
public class ActivityPage {

    @Inject
    CurrentUser user;

    @Inject
    BillingClient billing;

    Clock clock = Clock.systemUTC();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance activity(ActivityView view);

        /** The fragment that draws one spend table (by model, and by the chosen grouping). */
        static native TemplateInstance activity$spend_table(SpendTable table);
    }

    @GET
    @Path("activity")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("range") String range, @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("group_by") String groupBy, @QueryParam("then_by") String thenBy,
                         @QueryParam("key") String key, @QueryParam("member") String member) {
        ActivityQuery.Raw raw = new ActivityQuery.Raw(range, from, to, groupBy, thenBy, key, member);
        ActivityQuery query;
        try {
            query = ActivityQuery.parse(raw, clock.instant());
        } catch (ActivityQuery.Invalid e) {
            return refused(raw, e.field(), e.getMessage());
        }
        UUID org = user.organizationId();
        try {
            // the chart's report (per day or hour, split by then_by) also gives the table of its own grouping
            SpendReport chart = billing.spendReport(org, query.chartReport());
            List<SpendRow> byModel = table(org, query, Grouping.MODEL, chart);
            List<SpendRow> byGroup = query.groupBy() == Grouping.MODEL ? byModel : table(org, query, query.groupBy(), chart);
            return Response.ok(Templates.activity(ActivityView.of(query, chart, byModel, byGroup))).build();
        } catch (ServiceException e) {
            if (e.status() == 400) { // billing refused what this page let through: its reason, next to the form
                return refused(raw, e.field(), e.getMessage());
            }
            throw e; // 404: a key or member that is not this organization's
        }
    }

    private List<SpendRow> table(UUID org, ActivityQuery query, Grouping grouping, SpendReport chart) {
        return query.thenBy() == grouping ? SpendRows.sum(chart.rows(), grouping)
                : SpendRows.sorted(billing.spendReport(org, query.report(grouping)).rows(), grouping);
    }

    @GET
    @Path("activity.csv")
    @Produces("text/csv")
    public Response csv(@QueryParam("range") String range, @QueryParam("from") String from, @QueryParam("to") String to,
                        @QueryParam("group_by") String groupBy, @QueryParam("then_by") String thenBy,
                        @QueryParam("key") String key, @QueryParam("member") String member) {
        ActivityQuery query = ActivityQuery.parse(new ActivityQuery.Raw(range, from, to, groupBy, thenBy, key, member), clock.instant());
        SpendReport report = billing.spendReport(user.organizationId(), query.report(query.groupBy()));
        List<SpendRow> rows = SpendRows.sorted(report.rows(), query.groupBy()); // the page's order
        return Response.ok(ActivityCsv.write(query.groupBy(), rows), "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + ActivityCsv.filename(query) + "\"")
                .build();
    }

    private static Response refused(ActivityQuery.Raw raw, String field, String message) {
        return Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.activity(ActivityView.invalid(raw, field, message))).build();
    }
}
