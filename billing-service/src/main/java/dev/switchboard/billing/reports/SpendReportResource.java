package dev.switchboard.billing.reports;

import dev.switchboard.billing.tenancy.OrganizationAccess;
import dev.switchboard.billing.tenancy.Tenancy;
import dev.switchboard.schema.accounts.MemberRole;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code GET /organizations/{org}/reports/spend?from&to|start&end&group_by&then_by&api_key_id&member_user_id}: what an
 * organization spent over UTC days or an hourly window, by model, provider, API key, member, day or hour, in JSON
 * or (with {@code Accept: text/csv} or {@code ?format=csv}) CSV. Any member may read it. The parameters are read once
 * the organization is known to be the caller's, so someone else's organization is the same 404 whatever the
 * parameters.
 */
@Path("/organizations/{organization}/reports/spend")
@Authenticated
public class SpendReportResource {

    /** An instant in a file name: no colons ({@code 20260301T130000Z}). */
    private static final DateTimeFormatter FILE_INSTANT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Inject
    Tenancy tenancy;
    @Inject
    SpendReportService service;

    @GET
    @Transactional
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    public Response spend(@PathParam("organization") String organization, @Context UriInfo uri, @Context HttpHeaders headers) {
        OrganizationAccess access = tenancy.require(Tenancy.pathId(organization), MemberRole.MEMBER);
        QueryParams params = QueryParams.of(uri, SpendReportQuery.PARAMETERS);
        ReportFormat format = ReportFormat.choose(params.get(ReportFormat.PARAMETER), headers);
        SpendReportView report = service.report(access, SpendReportQuery.from(params, service.now()));
        if (format == ReportFormat.JSON) {
            return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
        }
        Csv csv = new Csv(SpendReportService.header(report));
        report.rows().forEach(row -> csv.row(row.columns().values().stream().toList()));
        String range = report.start() == null ? report.from() + "-" + report.to()
                : FILE_INSTANT.format(report.start()) + "-" + FILE_INSTANT.format(report.end());
        String name = "spend-" + range + "-by-" + report.groupBy()
                + (report.thenBy() == null ? "" : "-then-" + report.thenBy()) + ".csv";
        return Csv.attachment(csv, name);
    }
}
