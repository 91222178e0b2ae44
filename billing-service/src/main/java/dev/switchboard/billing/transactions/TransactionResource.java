package dev.switchboard.billing.transactions;

import dev.switchboard.billing.api.BillingException;
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
import java.util.Set;

/**
 * {@code GET /organizations/{org}/transactions?limit&before}: the organization's ledger as a statement, newest first,
 * usage summed per UTC day, in JSON or CSV (the same page; {@code X-Next-Cursor} names the next one). Any member may
 * read it.
 */
@Path("/organizations/{organization}/transactions")
@Authenticated
public class TransactionResource {

    static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";
    private static final Set<String> PARAMETERS = Set.of("limit", Cursor.PARAMETER, ReportFormat.PARAMETER);

    @Inject
    Tenancy tenancy;
    @Inject
    TransactionService service;

    @GET
    @Transactional
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    public Response list(@PathParam("organization") String organization, @Context UriInfo uri, @Context HttpHeaders headers) {
        service.readConsistently();
        OrganizationAccess access = tenancy.require(Tenancy.pathId(organization), MemberRole.MEMBER);
        QueryParams params = QueryParams.of(uri, PARAMETERS);
        ReportFormat format = ReportFormat.choose(params.get(ReportFormat.PARAMETER), headers);
        int limit = params.get("limit").map(TransactionResource::limit).orElse(TransactionService.DEFAULT_LIMIT);
        TransactionPage page = service.page(access, limit, params.get(Cursor.PARAMETER));
        if (format == ReportFormat.JSON) {
            return Response.ok(page, MediaType.APPLICATION_JSON_TYPE).build();
        }
        Csv csv = new Csv(TransactionLine.COLUMNS);
        page.data().forEach(line -> csv.row(line.csvFields()));
        Response.ResponseBuilder response = Response.fromResponse(Csv.attachment(csv, "transactions-" + page.organizationId() + ".csv"));
        if (page.nextCursor() != null) {
            response.header(NEXT_CURSOR_HEADER, page.nextCursor());
        }
        return response.build();
    }

    private static int limit(String raw) {
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= TransactionService.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw BillingException.badRequest("limit", "must be a whole number from 1 to " + TransactionService.MAX_LIMIT);
    }
}
