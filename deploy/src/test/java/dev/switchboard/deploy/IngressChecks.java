package dev.switchboard.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ingress of a rendered overlay against the code: every route the gateway registers is routed to it, web gets /,
 * billing exactly its Stripe webhook (as its resource class defines it), and no management port is public.
 */
final class IngressChecks {

    private final List<ServiceConfig> services;
    private final List<Map<String, Object>> resources;
    private final List<String> problems = new ArrayList<>();

    IngressChecks(List<ServiceConfig> services, List<Map<String, Object>> resources) {
        this.services = services;
        this.resources = resources;
    }

    List<String> run() {
        List<Map<String, Object>> ingresses = resources.stream().filter(r -> "Ingress".equals(r.get("kind"))).toList();
        if (ingresses.isEmpty()) {
            problems.add("no Ingress");
            return problems;
        }
        record Route(String host, String path, String type, String service, Object port) {
        }
        List<Route> routes = new ArrayList<>();
        for (Map<String, Object> ing : ingresses) {
            for (Map<String, Object> rule : Yaml.maps(Yaml.at(ing, "spec", "rules"))) {
                for (Map<String, Object> p : Yaml.maps(Yaml.at(rule, "http", "paths"))) {
                    Route route = new Route(Yaml.str(rule.get("host")), Yaml.str(p.get("path")), Yaml.str(p.get("pathType")),
                            Yaml.str(Yaml.at(p, "backend", "service", "name")),
                            Optional.ofNullable(Yaml.at(p, "backend", "service", "port", "name"))
                                    .orElse(Yaml.at(p, "backend", "service", "port", "number")));
                    routes.add(route);
                    Map<String, Object> svc = find("Service", route.service());
                    if (svc == null) {
                        problems.add("Ingress " + route.host() + route.path() + ": Service " + route.service() + " does not exist");
                    } else if (Yaml.maps(Yaml.at(svc, "spec", "ports")).stream().noneMatch(sp ->
                            Objects.equals(sp.get("name"), route.port()) || Objects.equals(sp.get("port"), route.port()))) {
                        problems.add("Ingress " + route.host() + route.path() + ": Service " + route.service() + " has no port " + route.port());
                    }
                }
            }
        }
        for (ServiceConfig s : services) {
            switch (s.module()) {
                case "gateway-service" -> {
                    for (String path : gatewayRoutes(s)) {
                        boolean routed = routes.stream().anyMatch(r -> s.name().equals(r.service()) && "Prefix".equals(r.type())
                                && (path.equals(r.path()) || path.startsWith(r.path().endsWith("/") ? r.path() : r.path() + "/")));
                        if (!routed) {
                            problems.add("Ingress: the gateway serves " + path + ", which no path routes to " + s.name());
                        }
                    }
                }
                case "web" -> {
                    if (routes.stream().noneMatch(r -> s.name().equals(r.service()) && "/".equals(r.path()) && "Prefix".equals(r.type()))) {
                        problems.add("Ingress: no host routes / to web");
                    }
                }
                case "billing-service" -> {
                    String webhook = billingWebhookPath(s);
                    if (routes.stream().noneMatch(r -> s.name().equals(r.service()) && webhook.equals(r.path()))) {
                        problems.add("Ingress: Stripe's webhook " + webhook + " (billing's code) is not routed to " + s.name());
                    }
                    routes.stream().filter(r -> s.name().equals(r.service()) && !webhook.equals(r.path())).forEach(r ->
                            problems.add("Ingress: " + r.path() + " exposes billing beyond its Stripe webhook " + webhook));
                }
                default -> { }
            }
        }
        // management ports are never public
        for (Route r : routes) {
            ServiceConfig s = services.stream().filter(x -> x.name().equals(r.service())).findFirst().orElse(null);
            if (s != null && ("management".equals(r.port()) || Objects.equals(r.port(), s.managementPort()))) {
                problems.add("Ingress " + r.host() + r.path() + ": routes the management port of " + s.name());
            }
        }
        return problems;
    }

    /** The paths the gateway registers on its router (router.get/post/route("…")), up to their first parameter. */
    static Set<String> gatewayRoutes(ServiceConfig gateway) {
        Set<String> out = new TreeSet<>();
        Pattern route = Pattern.compile("router\\.(?:get|post|put|delete|route)\\(\\s*\"(/[^\"]*)\"");
        for (java.nio.file.Path java : Project.files(gateway.dir().resolve("src/main/java"), ".java")) {
            Matcher m = route.matcher(Project.read(java));
            while (m.find()) {
                out.add(m.group(1).replaceAll("/[:*].*$", ""));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("found no route of the gateway (router.get/post/route(\"…\")) in its sources");
        }
        return out;
    }

    /** billing's webhook path: the @Path of its resource class that contains "webhook". */
    static String billingWebhookPath(ServiceConfig billing) {
        Set<String> paths = new TreeSet<>();
        Pattern p = Pattern.compile("@Path\\(\"([^\"]*webhook[^\"]*)\"\\)");
        for (java.nio.file.Path java : Project.files(billing.dir().resolve("src/main/java"), ".java")) {
            Matcher m = p.matcher(Project.read(java));
            while (m.find()) {
                paths.add(m.group(1));
            }
        }
        if (paths.size() != 1) {
            throw new IllegalStateException("expected one webhook @Path in billing-service, found " + paths);
        }
        return paths.iterator().next();
    }

    private Map<String, Object> find(String kind, String name) {
        return resources.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(Yaml.at(r, "metadata", "name")))
                .findFirst().orElse(null);
    }
}
