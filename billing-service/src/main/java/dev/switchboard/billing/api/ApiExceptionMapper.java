package dev.switchboard.billing.api;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.switchboard.shared.errors.ErrorEnvelope;
import dev.switchboard.shared.json.StrictJson;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where an exception becomes a response: always the error envelope, never a stack trace or an empty
 * body. Resources contain no try/catch → Response.
 */
public class ApiExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    @ServerExceptionMapper
    public Response billing(BillingException e) {
        return envelope(e);
    }

    /** Well-formed JSON of the wrong shape: an unknown field, a number where text belongs, an object for an array… */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        String field = StrictJson.fieldPath(e);
        if (field.isEmpty()) {
            return envelope(BillingException.badRequest("body", "must be a JSON object"));
        }
        String problem = e instanceof UnrecognizedPropertyException
                ? "is not a known field" : "has the wrong type";
        return envelope(BillingException.badRequest(field, problem));
    }

    /** No token, or one that failed verification (signature, expiry, issuer, audience). */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(envelope(BillingException.unauthorized("Missing or invalid bearer token")))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return envelope(BillingException.forbidden("Forbidden", null));
    }

    /** 404 of an unknown path, 405, 415 and the like: keep the status, answer in the envelope. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof StreamReadException) {
            // Quarkus' JSON reader wraps a body that is not JSON at all: there is no field to name, so the body is named
            return envelope(BillingException.badRequest("body", "is not valid JSON"));
        }
        int status = e.getResponse().getStatus();
        String reason = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        return envelope(new BillingException(status, reason, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unexpected failure", e);
        return envelope(new BillingException(500, "Internal error", null));
    }

    private static Response envelope(BillingException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorEnvelope.of(e.status(), e.getMessage(), e.metadata())).build();
    }
}
