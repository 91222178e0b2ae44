package dev.switchboard.web.activity;

import dev.switchboard.web.clients.BillingClient;
import dev.switchboard.web.clients.BillingClient.SpendQuery;
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
import java.util.ArrayList;
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
                         @QueryParam("key") String key, @QueryParam("member") String member,
                         @QueryParam("model") String model) {
        ActivityQuery.Raw raw = new ActivityQuery.Raw(range, from, to, groupBy, thenBy, key, member, model);
        ActivityQuery query;
        try {
            query = ActivityQuery.parse(raw, clock.instant());
        } catch (ActivityQuery.Invalid e) {
            return refused(raw, e.field(), e.getMessage());
        }
        UUID org = user.organizationId();
        try {
            // the chart's report (per day or hour, split by then_by) also gives the table of its own grouping; the
            // other tables are asked for beside it
            boolean modelCall = query.thenBy() != Grouping.MODEL;
            boolean groupCall = query.groupBy() != Grouping.MODEL && query.groupBy() != query.thenBy();
            List<SpendQuery> calls = new ArrayList<>(List.of(query.chartReport()));
            if (modelCall) {
                calls.add(query.report(Grouping.MODEL));
            }
            if (groupCall) {
                calls.add(query.report(query.groupBy()));
            }
            List<SpendReport> reports = billing.spendReports(org, calls);
            SpendReport chart = reports.getFirst();
            List<SpendRow> byModel = modelCall ? SpendRows.sorted(reports.get(1).rows(), Grouping.MODEL)
                    : SpendRows.sum(chart.rows(), Grouping.MODEL);
            List<SpendRow> byGroup = query.groupBy() == Grouping.MODEL ? byModel
                    : groupCall ? SpendRows.sorted(reports.getLast().rows(), query.groupBy())
                    : SpendRows.sum(chart.rows(), query.groupBy());
            return Response.ok(Templates.activity(ActivityView.of(query, chart, byModel, byGroup))).build();
        } catch (ServiceException e) {
            if (e.status() == 400) { // billing refused what this page let through: its reason, next to the form
                return refused(raw, e.field(), e.getMessage());
            }
            throw e; // 404: a key or member that is not this organization's
        }
    }

    @GET
    @Path("activity.csv")
    @Produces("text/csv")
    public Response csv(@QueryParam("range") String range, @QueryParam("from") String from, @QueryParam("to") String to,
                        @QueryParam("group_by") String groupBy, @QueryParam("then_by") String thenBy,
                        @QueryParam("key") String key, @QueryParam("member") String member,
                        @QueryParam("model") String model) {
        ActivityQuery query = ActivityQuery.parse(new ActivityQuery.Raw(range, from, to, groupBy, thenBy, key, member, model),
                clock.instant());
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
