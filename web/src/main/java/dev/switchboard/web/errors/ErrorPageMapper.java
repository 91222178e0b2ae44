package dev.switchboard.web.errors;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one exception mapper of the dashboard: every {@link WebException} (and an unknown path) becomes a page. */
public class ErrorPageMapper {

    private static final Logger LOG = Logger.getLogger(ErrorPageMapper.class);

    @CheckedTemplate(basePath = "ErrorPage")
    static class Templates {
        static native TemplateInstance error(int status, String title, String message);

        static native TemplateInstance unknownPath();
    }

    @ServerExceptionMapper
    public Response page(WebException e) {
        if (e.status() >= 500) {
            LOG.warnf("page failed: %d %s", e.status(), e.getMessage());
        }
        return render(e.status(), e.getMessage());
    }

    /**
     * A path no page answers: a page of its own without the layout, because no resource ran, so neither the CSRF
     * token the layout's forms need exists nor may it call accounts from the event loop this runs on.
     */
    @ServerExceptionMapper
    public Response unknownPath(jakarta.ws.rs.NotFoundException e) {
        return Response.status(404).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(Templates.unknownPath()).build();
    }

    static Response render(int status, String message) {
        String title = switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            default -> status >= 500 ? "Something went wrong" : "Request refused";
        };
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title, message)).build();
    }
}
