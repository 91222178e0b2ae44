package dev.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every configuration property of the Quarkus extensions on the test classpath (deploy/pom.xml lists the services'
 * extensions), from the model each extension jar ships in META-INF/quarkus-config-doc: its name, its environment
 * variable, its default and its phase (a BUILD_TIME or BUILD_AND_RUN_TIME_FIXED property set in a container's
 * environment does nothing: Quarkus read it when the image was built).
 */
final class QuarkusConfigModel {

    record Property(String name, Pattern propertyPattern, Pattern envPattern, boolean exact, String phase, String defaultValue) {
        boolean runtime() {
            return "RUN_TIME".equals(phase);
        }
    }

    static final QuarkusConfigModel INSTANCE = load();

    private final List<Property> properties;

    private QuarkusConfigModel(List<Property> properties) {
        this.properties = properties;
    }

    private static QuarkusConfigModel load() {
        ObjectMapper json = new ObjectMapper();
        List<Property> out = new ArrayList<>();
        try {
            for (URL url : Collections.list(QuarkusConfigModel.class.getClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"))) {
                try (InputStream in = url.openStream()) {
                    collect(json.readTree(in), out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no Quarkus configuration model on the test classpath (deploy/pom.xml)");
        }
        return new QuarkusConfigModel(out);
    }

    private static void collect(JsonNode node, List<Property> out) {
        if (node.isObject()) {
            String type = node.path("@class").asText("");
            if (type.endsWith(".ConfigProperty")) {
                String phase = node.path("phase").asText();
                String def = node.hasNonNull("defaultValue") ? node.get("defaultValue").asText() : null;
                add(node.path("path").path("property").asText(), phase, def, out);
                for (JsonNode extra : node.path("additionalPaths")) {
                    add(extra.path("property").asText(), phase, def, out);
                }
            }
            node.forEach(child -> collect(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }

    private static void add(String name, String phase, String def, List<Property> out) {
        if (name.isEmpty() || name.contains("[")) {
            return;
        }
        StringBuilder prop = new StringBuilder();
        StringBuilder env = new StringBuilder();
        boolean exact = true;
        for (String segment : segments(name)) {
            if (!prop.isEmpty()) {
                prop.append("\\.");
                env.append('_');
            }
            if (segment.startsWith("\"")) {
                exact = false;
                prop.append("(?:[^.\"]+|\"[^\"]+\")");
                env.append("[A-Z0-9_]+");
            } else {
                prop.append(Pattern.quote(segment));
                env.append(Pattern.quote(ServiceConfig.envName(segment)));
            }
        }
        out.add(new Property(name, Pattern.compile(prop.toString()), Pattern.compile(env.toString()), exact, phase, def));
    }

    /** a.b."c.d".e → [a, b, "c.d", e] */
    private static List<String> segments(String name) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : name.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '.' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** The properties an environment variable sets: the exactly named ones if any, else those of maps it matches. */
    List<Property> byEnv(String variable) {
        List<Property> exact = properties.stream().filter(p -> p.exact && p.envPattern.matcher(variable).matches()).toList();
        return exact.isEmpty() ? properties.stream().filter(p -> p.envPattern.matcher(variable).matches()).toList() : exact;
    }

    Optional<Property> byName(String name) {
        return properties.stream().filter(p -> p.exact && p.name.equals(name)).findFirst()
                .or(() -> properties.stream().filter(p -> p.propertyPattern.matcher(name).matches()).findFirst());
    }

    /** A property's value: the service's own setting, else Quarkus' default. */
    String value(ServiceConfig service, String name) {
        String own = service.properties().get(name);
        if (own != null) {
            return own;
        }
        return byName(name).map(Property::defaultValue)
                .orElseThrow(() -> new IllegalStateException("Quarkus has no property " + name + " on the test classpath"));
    }
}
