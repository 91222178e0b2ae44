package dev.switchboard.web.logs;

import dev.switchboard.web.errors.WebException;
import dev.switchboard.web.session.CurrentUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "/logs": the current organization's generation log, newest first, filtered by the URL (a GET form, so a filtered
 * view is a bookmark), 50 rows a page by keyset; a request histogram of the filtered range; and "/logs/{id}", one
 * generation in full. Another organization's generation or key, or a made-up id, is a 404.
 */
@Path("/logs")
public class LogsPage {

    static final int PAGE_SIZE = 50;

    /** The error statuses the status filter offers (any other 400–599 works in the URL and is added when used). */
    static final List<Integer> COMMON_ERROR_STATUSES = List.of(400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504);

    @Inject
    CurrentUser user;

    @Inject
    LogRepository logs;

    Clock clock = Clock.systemUTC();

    /** One choice of the status filter. */
    public record Choice(String value, String label) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance logs(LogFilter.Form form, List<String> errors, List<KeyName> keys, List<String> models,
                                            Map<String, String> providers, List<Choice> statuses, List<LogRow> rows,
                                            Histogram histogram, RawString chart, String olderLink, String newestLink,
                                            boolean filtered);

        static native TemplateInstance detail(GenerationDetail generation);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@QueryParam("model") String model, @QueryParam("provider") String provider, @QueryParam("key") String key,
                         @QueryParam("status") String status, @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("before") String before) {
        UUID organization = user.organizationId();
        LogFilter.Form form = new LogFilter.Form(orEmpty(model), orEmpty(provider), orEmpty(key), orEmpty(status), orEmpty(from), orEmpty(to));
        LogFilter.Parsed parsed = LogFilter.parse(form, before);
        LogFilter filter = parsed.filter();
        Map<UUID, KeyName> keys = logs.keys(organization);
        if (filter.keyId() != null && !keys.containsKey(filter.keyId())) {
            throw WebException.notFound("API key");
        }
        List<KeyName> keyList = List.copyOf(keys.values());
        Map<String, String> providers = logs.providers();
        List<String> models = logs.models();
        if (!parsed.valid()) {
            return Response.status(400).entity(Templates.logs(form, parsed.errors(), keyList, models, providers, statuses(form.status()),
                    List.of(), null, null, null, null, true)).build();
        }
        List<LogRow> rows = new ArrayList<>(logs.page(organization, filter, PAGE_SIZE + 1, keys, providers));
        String older = null;
        if (rows.size() > PAGE_SIZE) {
            rows = rows.subList(0, PAGE_SIZE);
            older = "/logs" + filter.withBefore(rows.get(rows.size() - 1).cursor()).query();
        }
        String newest = filter.before() == null ? null : "/logs" + filter.withBefore(null).query();
        HistogramWindow window = HistogramWindow.of(filter, clock.instant());
        Histogram histogram = Histogram.of(window, logs.histogram(organization, filter, window));
        return Response.ok(Templates.logs(filter.form(), List.of(), keyList, models, providers, statuses(filter.status().value()), rows, histogram,
                new RawString(histogram.svg()), older, newest, filter.filtered())).build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance detail(@PathParam("id") String id) {
        GenerationDetail generation = logs.detail(user.organizationId(), id).orElseThrow(() -> WebException.notFound("Generation"));
        return Templates.detail(generation);
    }

    static List<Choice> statuses(String current) {
        List<Choice> choices = new ArrayList<>();
        choices.add(new Choice("", "Any"));
        choices.add(new Choice("success", "Success"));
        choices.add(new Choice("error", "Error"));
        for (int code : COMMON_ERROR_STATUSES) {
            choices.add(new Choice(Integer.toString(code), "HTTP " + code));
        }
        if (current.matches("[0-9]{3}") && choices.stream().noneMatch(c -> c.value().equals(current))) {
            choices.add(new Choice(current, "HTTP " + current));
        }
        return choices;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
