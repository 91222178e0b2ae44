package dev.switchboard.deploy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks deploy/compose.yaml against the services' configuration and sources; returns one line per problem. */
final class ComposeChecks {

    static final Path FILE = Project.path("deploy/compose.yaml");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}");
    /** Ports the third-party images listen on without being told. */
    private static final Map<String, Integer> IMAGE_PORTS = Map.of("postgres", 5432, "redis", 6379);

    private final List<ServiceConfig> services;
    private final Map<String, Object> compose;
    private final List<String> problems = new ArrayList<>();

    ComposeChecks(List<ServiceConfig> services, Map<String, Object> compose) {
        this.services = services;
        this.compose = compose;
    }

    List<String> run() {
        Map<String, Object> all = Yaml.map(compose.get("services"));
        for (ServiceConfig s : services) {
            Map<String, Object> c = Yaml.map(all.get(s.name()));
            if (c.isEmpty()) {
                problems.add(s.name() + ": not in compose.yaml");
                continue;
            }
            checkService(s, c);
        }
        checkMigrate(Yaml.map(all.get("migrate")));
        all.forEach((name, value) -> {
            Map<String, Object> c = Yaml.map(value);
            checkUrls(name, c, all);
            String image = Yaml.str(c.get("image"));
            if (image != null && image.startsWith("switchboard/testkit-fakes")) {
                checkFake(name, c);
            }
            if (image != null && image.contains("keycloak/keycloak")) {
                String version = Project.libShVariable("KEYCLOAK_VERSION");
                if (!image.endsWith(":" + version)) {
                    problems.add(name + ": " + image + ", but the platform runs Keycloak " + version + " (deploy/local/lib.sh)");
                }
                for (Object volume : Yaml.list(c.get("volumes"))) {
                    String source = String.valueOf(volume).split(":")[0];
                    if (source.startsWith(".") && !Files.exists(FILE.getParent().resolve(source).normalize())) {
                        problems.add(name + ": mounts " + source + ", which does not exist");
                    }
                }
            }
        });
        return problems;
    }

    private void checkService(ServiceConfig s, Map<String, Object> c) {
        String expectedImage = "switchboard/" + s.name() + ":${SWITCHBOARD_VERSION:-" + Project.version() + "}";
        if (!expectedImage.equals(c.get("image"))) {
            problems.add(s.name() + ": image " + c.get("image") + ", expected " + expectedImage + " (what deploy/images.sh builds)");
        }
        Set<Integer> published = new TreeSet<>();
        for (Object port : Yaml.list(c.get("ports"))) {
            String[] parts = String.valueOf(port).split(":");
            int container = Integer.parseInt(parts[parts.length - 1].replace("/tcp", ""));
            published.add(container);
            if (container != s.httpPort() && container != s.managementPort()) {
                problems.add(s.name() + ": publishes container port " + container + ", which it does not listen on ("
                        + s.httpPort() + ", " + s.managementPort() + ")");
            }
            if (container == s.managementPort() && !(parts.length == 3 && parts[0].equals("127.0.0.1"))) {
                problems.add(s.name() + ": the management port " + container + " is published beyond 127.0.0.1");
            }
        }
        if (!published.contains(s.httpPort())) {
            problems.add(s.name() + ": its HTTP port " + s.httpPort() + " is not published");
        }
        String health = "http://127.0.0.1:" + s.managementPort() + Health.of(s).ready();
        if (!Yaml.list(Yaml.at(c, "healthcheck", "test")).contains(health)) {
            problems.add(s.name() + ": the healthcheck does not ask " + health + ": " + Yaml.at(c, "healthcheck", "test"));
        }
        Map<String, String> env = environment(c);
        for (String name : env.keySet()) {
            Variables.problem(s, name).ifPresent(p -> problems.add(s.name() + ": " + p));
        }
        for (String required : s.requiredVariables()) {
            if (!env.containsKey(required)) {
                problems.add(s.name() + ": " + required + " has no default in its configuration and is not set");
            }
        }
        s.loopbackProperties(env.keySet()).forEach((property, value) -> problems.add(s.name() + ": " + property + " would be "
                + value + ", the container itself; set " + ServiceConfig.envName(property) + " or what it references"));
        for (String secret : s.secretVariables()) {
            String value = env.get(secret);
            if (value == null || !INTERPOLATION.matcher(value).lookingAt()) {
                problems.add(s.name() + ": the credential " + secret + " must come from the environment (${VAR:-…}), not " + value);
            }
        }
        if ("true".equals(s.properties().get("quarkus.flyway.migrate-at-start"))) {
            if (!"false".equals(env.get("QUARKUS_FLYWAY_MIGRATE_AT_START"))) {
                problems.add(s.name() + ": QUARKUS_FLYWAY_MIGRATE_AT_START must be \"false\" (the migrate service migrates)");
            }
            if (!"service_completed_successfully".equals(Yaml.at(c, "depends_on", "migrate", "condition"))) {
                problems.add(s.name() + ": does not wait for the migrate service to complete");
            }
        }
        long drain = s.shutdownTimeout().map(Duration::toSeconds).orElse(0L);
        long grace = c.containsKey("stop_grace_period") ? seconds(Yaml.str(c.get("stop_grace_period"))) : 10;
        if (grace <= drain) {
            problems.add(s.name() + ": stop_grace_period " + grace + " s does not exceed quarkus.shutdown.timeout (" + drain + " s)");
        }
    }

    private void checkMigrate(Map<String, Object> m) {
        if (m.isEmpty()) {
            problems.add("no migrate service");
            return;
        }
        ServiceConfig s = services.stream().filter(x -> Objects.equals(m.get("image"),
                "switchboard/" + x.name() + ":${SWITCHBOARD_VERSION:-" + Project.version() + "}")).findFirst().orElse(null);
        if (s == null) {
            problems.add("migrate: runs " + m.get("image") + ", which is no service image");
            return;
        }
        Map<String, String> env = environment(m);
        env.keySet().forEach(name -> Variables.problem(s, name).ifPresent(p -> problems.add("migrate: " + p)));
        if (!"true".equals(env.get("QUARKUS_INIT_AND_EXIT")) || !"true".equals(env.get("QUARKUS_FLYWAY_MIGRATE_AT_START"))) {
            problems.add("migrate: must set QUARKUS_INIT_AND_EXIT and QUARKUS_FLYWAY_MIGRATE_AT_START to \"true\"");
        }
        if (!"no".equals(m.get("restart"))) {
            problems.add("migrate: a one-shot container must not restart");
        }
    }

    /** An in-network URL (http://<name>:<port>, a name without dots) names a service of the file listening on that port. */
    private void checkUrls(String name, Map<String, Object> c, Map<String, Object> all) {
        environment(c).forEach((variable, value) -> {
            Matcher m = Pattern.compile("^(?:jdbc:)?[a-z]+://([a-z0-9-]+):(\\d+)(/[^?]*)?").matcher(evaluate(value));
            if (m.find() && !all.containsKey(m.group(1)) && !m.group(1).equals("localhost")) {
                // a bare name is a host on the compose network: one of its services, or nothing
                problems.add(name + ": " + variable + " points at " + m.group(1) + ", which is no service of compose.yaml");
            } else if (m.find(0) && all.containsKey(m.group(1))) {
                Set<Integer> ports = listening(m.group(1), Yaml.map(all.get(m.group(1))));
                int port = Integer.parseInt(m.group(2));
                if (!ports.contains(port)) {
                    problems.add(name + ": " + variable + " points at " + m.group(1) + ":" + port + ", which listens on " + ports);
                }
            }
        });
    }

    private Set<Integer> listening(String name, Map<String, Object> c) {
        Set<Integer> out = new TreeSet<>();
        services.stream().filter(s -> s.name().equals(name)).forEach(s -> {
            out.add(s.httpPort());
            out.add(s.managementPort());
        });
        List<Object> command = Yaml.list(c.get("command"));
        for (int i = 0; i < command.size(); i++) {
            String arg = String.valueOf(command.get(i));
            Matcher m = Pattern.compile("--(?:http-)?port=(\\d+)").matcher(arg);
            if (m.matches()) {
                out.add(Integer.parseInt(m.group(1)));
            } else if (arg.equals("--port") && i + 1 < command.size()) {
                out.add(Integer.parseInt(String.valueOf(command.get(i + 1))));
            }
        }
        String image = Yaml.str(c.get("image"));
        IMAGE_PORTS.forEach((prefix, port) -> {
            if (image != null && image.startsWith(prefix + ":")) {
                out.add(port);
            }
        });
        return out;
    }

    private void checkFake(String name, Map<String, Object> c) {
        if (!Yaml.list(c.get("profiles")).contains("demo")) {
            problems.add(name + ": a fake of the outside world outside the demo profile");
        }
        List<Object> command = Yaml.list(c.get("command"));
        String main = command.isEmpty() ? null : String.valueOf(command.get(0));
        Path source = main == null ? null : Project.path("testkit/src/main/java/" + main.replace('.', '/') + ".java");
        if (source == null || !Files.isRegularFile(source)) {
            problems.add(name + ": command starts with " + main + ", which is no class of the testkit");
            return;
        }
        String code = Project.read(source);
        environment(c).forEach((variable, value) -> {
            if (!code.contains("\"" + variable + "\"")) {
                problems.add(name + ": " + variable + " is not read by " + main);
            }
        });
        String webhook = environment(c).get("FAKE_STRIPE_WEBHOOK_URL");
        if (webhook != null) {
            ServiceConfig billing = services.stream().filter(s -> s.module().equals("billing-service")).findFirst().orElseThrow();
            String path = URI.create(evaluate(webhook)).getPath();
            if (!path.equals(IngressChecks.billingWebhookPath(billing))) {
                problems.add(name + ": sends webhooks to " + path + ", billing listens on " + IngressChecks.billingWebhookPath(billing));
            }
        }
    }

    static Map<String, String> environment(Map<String, Object> c) {
        Map<String, String> out = new LinkedHashMap<>();
        Object env = c.get("environment");
        if (env instanceof List<?> list) {
            for (Object o : list) {
                String[] kv = String.valueOf(o).split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        } else {
            Yaml.map(env).forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
        }
        return out;
    }

    /** A value as compose interpolates it with no variable set: the defaults. */
    static String evaluate(String value) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(3) == null ? "" : m.group(3)));
        }
        m.appendTail(out);
        return out.toString().replace("$$", "$");
    }

    private static long seconds(String duration) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(duration);
        if (!m.matches()) {
            throw new IllegalArgumentException("a compose duration: " + duration);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> n / 1000;
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n;
        };
    }
}
