package dev.switchboard.billing.reports.compare;

import dev.switchboard.billing.reports.Csv;
import dev.switchboard.billing.reports.QueryParams;
import dev.switchboard.billing.reports.ReportFormat;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code GET /organizations/{org}/reports/compare?from&to&target=…}: the organization's real token usage per model,
 * re-priced on other catalog models at today's prices, in JSON or CSV. Any member may read it; as with the spend
 * report, the parameters are read only once the organization is known to be the caller's.
 */
@Path("/organizations/{organization}/reports/compare")
@Authenticated
public class CompareReportResource {

    /** The CSV columns: the source model's usage, then one target's figures (a line per source model and target). */
    static final List<String> CSV_HEADER = List.of("model", "kind", "requests", "prompt_tokens", "completion_tokens",
            "reasoning_tokens", "cached_tokens", "paid", "target", "target_provider", "cost", "difference", "difference_percent");

    @Inject
    Tenancy tenancy;
    @Inject
    CompareService service;

    @GET
    @Transactional
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    public Response compare(@PathParam("organization") String organization, @Context UriInfo uri, @Context HttpHeaders headers) {
        OrganizationAccess access = tenancy.require(Tenancy.pathId(organization), MemberRole.MEMBER);
        QueryParams params = QueryParams.of(uri, CompareQuery.PARAMETERS, CompareQuery.REPEATABLE);
        ReportFormat format = ReportFormat.choose(params.get(ReportFormat.PARAMETER), headers);
        CompareReportView report = service.report(access, CompareQuery.from(params, service.today()));
        if (format == ReportFormat.JSON) {
            return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Csv.attachment(csv(report), "compare-" + report.from() + "-" + report.to() + ".csv");
    }

    /**
     * The JSON rows flattened, values identical: a line per source model and target, in the JSON's orders; a source
     * model with no target at all (nothing to compare with) is one line with the target columns empty. No totals line:
     * they are the sums of the lines.
     */
    static Csv csv(CompareReportView report) {
        Csv csv = new Csv(CSV_HEADER);
        for (CompareReportView.Row row : report.rows()) {
            List<Object> source = Arrays.asList(row.model(), row.kind(), row.requests(), row.promptTokens(),
                    row.completionTokens(), row.reasoningTokens(), row.cachedTokens(), row.paid());
            if (row.targets().isEmpty()) {
                List<Object> line = new ArrayList<>(source);
                line.addAll(Collections.nCopies(5, null));
                csv.row(line);
            }
            for (int i = 0; i < row.targets().size(); i++) {
                CompareReportView.Cell cell = row.targets().get(i);
                List<Object> line = new ArrayList<>(source);
                line.add(cell.model());
                line.add(report.targets().get(i).provider());
                line.add(cell.cost());
                line.add(cell.difference());
                line.add(cell.differencePercent());
                csv.row(line);
            }
        }
        return csv;
    }
}
