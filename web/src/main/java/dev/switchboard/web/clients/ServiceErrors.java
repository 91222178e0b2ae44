package dev.switchboard.web.clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.shared.errors.ErrorEnvelope;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns an error answer of accounts or billing (their shared {@link ErrorEnvelope}) into a {@link ServiceException}. */
public class ServiceErrors implements ResponseExceptionMapper<ServiceException> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ServiceException toThrowable(Response response) {
        int status = response.getStatus();
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        try {
            ErrorEnvelope envelope = JSON.readValue(body, ErrorEnvelope.class);
            if (envelope.error() != null && envelope.error().message() != null) {
                return new ServiceException(status, envelope.error().message(), envelope.error().metadata());
            }
        } catch (Exception notAnEnvelope) {
            // fall through: a proxy's or a framework's body
        }
        return new ServiceException(status, status >= 500 ? "The service is unavailable, try again shortly"
                : "Request refused (" + status + ")", null);
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }
}
